// What a facette document stores for display (Xapian document data): the
// article's id, title, date, url, source, its entity names as written, the
// dates it mentions and its body (cut to kMaxStoredBodyBytes, for snippets).
// Encoded as length-prefixed strings (no escaping, any byte allowed).
#ifndef FACETTE_SCHEMA_DOCUMENT_DATA_H_
#define FACETTE_SCHEMA_DOCUMENT_DATA_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/fields.h"

namespace facette {

struct StoredArticle {
  std::string id;
  std::string title;
  std::string date;  // "YYYY-MM-DD" or ""
  std::string url;
  std::string source;
  // Display labels, one per distinct canonical key, in input order; indexed
  // by EntityType.
  std::array<std::vector<std::string>, kEntityTypeCount> entities;
  // Dates the article mentions, "YYYY", "YYYY-MM" or "YYYY-MM-DD", distinct,
  // in text order. Absent from data written before the field existed (read
  // back as empty).
  std::vector<std::string> dates_mentioned;
  // The body as given, for the query tool's snippets; "" when none, and in
  // data written before format 3.
  std::string body;

  bool operator==(const StoredArticle& o) const {
    return id == o.id && title == o.title && date == o.date && url == o.url &&
           source == o.source && entities == o.entities && dates_mentioned == o.dates_mentioned &&
           body == o.body;
  }
};

// The longest body stored, in bytes: snippets come from its first
// kMaxStoredBodyBytes (a news article is far shorter; a 50 MB record would
// otherwise be stored whole).
inline constexpr std::size_t kMaxStoredBodyBytes = 100000;

// `body` cut to at most kMaxStoredBodyBytes at a UTF-8 character boundary.
std::string StoredBody(std::string_view body);

std::string EncodeDocumentData(const StoredArticle& article);

// nullopt when `data` is not a valid encoding.
std::optional<StoredArticle> DecodeDocumentData(std::string_view data);

}  // namespace facette

#endif  // FACETTE_SCHEMA_DOCUMENT_DATA_H_
