// Extraction during indexing (extraction.h).
#include "indexer/extraction.h"

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include "indexer/extract/date_mentions.h"
#include "indexer/extract/entity_tagger.h"

namespace facette {

std::optional<ExtractMode> ParseExtractMode(std::string_view name) {
  if (name == "auto") return ExtractMode::kAuto;
  if (name == "always") return ExtractMode::kAlways;
  if (name == "never") return ExtractMode::kNever;
  return std::nullopt;
}

void ExtractInto(ParsedArticle& article, ExtractMode mode) {
  if (mode == ExtractMode::kNever) return;
  bool dates = mode == ExtractMode::kAlways || !article.has_dates_mentioned;
  bool entities = mode == ExtractMode::kAlways || !article.has_entity_lists;
  if (!dates && !entities) return;
  // The text as the extractors were built for: title, blank line, body
  // (the layout of the shared gold).
  std::string text = article.title;
  if (!text.empty() && !article.body.empty()) text += "\n\n";
  text += article.body;
  // A name or a date already in the article's list is not added again: the
  // document keeps the first of each (entity resolution, the builder's
  // distinct dates), and a long text repeats them by the thousand.
  if (entities) {
    std::array<std::unordered_set<std::string>, kEntityTypeCount> seen;
    for (std::size_t t = 0; t < kEntityTypeCount; ++t) {
      seen[t].insert(article.entities[t].begin(), article.entities[t].end());
    }
    EntityTagger::BuiltIn().Tag(text, [&](EntityMention&& mention) {
      const std::size_t t = Index(mention.type);
      if (seen[t].insert(mention.text).second) {
        article.entities[t].push_back(std::move(mention.text));
      }
    });
  }
  if (dates) {
    std::optional<Date> published;
    if (article.has_date) published = article.date;
    std::set<std::tuple<int, int, int, int>> seen;
    auto key = [](const PartialDate& d) {
      return std::make_tuple(d.year, d.month, d.day, static_cast<int>(d.precision));
    };
    for (const PartialDate& d : article.dates_mentioned) seen.insert(key(d));
    FindDateMentions(text, published, [&](const DateMention& mention) {
      if (seen.insert(key(mention.value)).second) article.dates_mentioned.push_back(mention.value);
    });
  }
}

}  // namespace facette
