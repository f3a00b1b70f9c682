// What a facette document stores for display (Xapian document data): the
// article's id, title, date, url, source and its entity names as written.
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

  bool operator==(const StoredArticle& o) const {
    return id == o.id && title == o.title && date == o.date && url == o.url &&
           source == o.source && entities == o.entities;
  }
};

std::string EncodeDocumentData(const StoredArticle& article);

// nullopt when `data` is not a valid encoding.
std::optional<StoredArticle> DecodeDocumentData(std::string_view data);

}  // namespace facette

#endif  // FACETTE_SCHEMA_DOCUMENT_DATA_H_
