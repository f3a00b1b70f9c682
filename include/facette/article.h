// SPDX-License-Identifier: GPL-2.0-or-later
// facette: an article as a program gives it to the index and gets it back,
// and the kinds of entity facette knows.
//
// The fields are those of a line of the JSON Lines input (corpus/README.md):
// Indexer::Upsert takes an Article, Searcher::GetArticle returns one, and
// facette-export writes them.
#ifndef FACETTE_ARTICLE_H_
#define FACETTE_ARTICLE_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace facette {

/// The named-entity facets, in the order of every array indexed by them.
enum class EntityType { kPerson = 0, kOrganization = 1, kLocation = 2 };
inline constexpr std::size_t kEntityTypeCount = 3;
inline constexpr std::array<EntityType, kEntityTypeCount> kEntityTypes = {
    EntityType::kPerson, EntityType::kOrganization, EntityType::kLocation};
/// The position of `type` in arrays indexed by entity type.
inline constexpr std::size_t Index(EntityType type) { return static_cast<std::size_t>(type); }

struct Article {
  /// The article's key: upserting another article with the same id replaces
  /// it. Required; at most 240 bytes of UTF-8 with no control character
  /// (the white space around it is removed).
  std::string id;
  /// At least one of title and body must hold something other than white
  /// space.
  std::string title;
  std::string body;
  /// Publication date: "YYYY-MM-DD" or an ISO 8601 date-time
  /// ("2025-02-07T10:30:00+01:00": the day as written); "" = none.
  std::string date;
  std::string url;
  std::string source;
  /// Entity names as written ("M. Macron", "OpenAI"), indexed by
  /// Index(EntityType). nullopt: not given, so extraction may find them in
  /// the text (ExtractMode::kAuto extracts entities only when all three are
  /// nullopt); an empty list: given, and there are none.
  std::array<std::optional<std::vector<std::string>>, kEntityTypeCount> entities;
  /// Dates the article talks about: "YYYY", "YYYY-MM", "YYYY-MM-DD" or
  /// French ("7 février 2025"); blank ones are dropped. nullopt: not given
  /// (kAuto finds them in the text).
  std::optional<std::vector<std::string>> dates_mentioned;

  bool operator==(const Article& other) const {
    return id == other.id && title == other.title && body == other.body && date == other.date &&
           url == other.url && source == other.source && entities == other.entities &&
           dates_mentioned == other.dates_mentioned;
  }
  bool operator!=(const Article& other) const { return !(*this == other); }
};

}  // namespace facette

#endif  // FACETTE_ARTICLE_H_
