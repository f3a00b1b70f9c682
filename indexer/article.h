// An article as the indexer holds it once validated (article_validation.h),
// before it becomes a document, and where the readers send what they read.
#ifndef FACETTE_INDEXER_ARTICLE_H_
#define FACETTE_INDEXER_ARTICLE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facette/index.h"
#include "schema/dates.h"
#include "schema/fields.h"

namespace facette {

// Why `id` cannot be an article id, or "" when it can. An id is a key: it
// must come out of the index as it went in, and one per line (`facette-query
// --format ids`), so it must be valid UTF-8 without control characters (C0,
// DEL, C1). The reason reads after the name of the field or file
// ("holds the control character U+000A at byte 2").
std::string IdDefect(std::string_view id);

// IdDefect's reason for an id whose byte `offset` (0-based) starts an
// invalid UTF-8 sequence.
std::string InvalidUtf8IdDefect(std::size_t offset);

struct ParsedArticle {
  std::string id;  // required, non-empty
  std::string title;
  std::string body;
  bool has_date = false;
  Date date;
  std::string url;
  std::string source;
  // Entity names given by the producer, indexed by EntityType.
  std::array<std::vector<std::string>, kEntityTypeCount> entities;
  // True when the producer gave at least one entity list (even empty):
  // extraction in its default mode leaves the entities of such articles alone
  // (extraction.h).
  bool has_entity_lists = false;
  // Dates the article mentions, given by the producer ("dates_mentioned") or
  // found in the text by extraction.
  std::vector<PartialDate> dates_mentioned;
  bool has_dates_mentioned = false;  // the producer gave the list (even empty)
  // Invalid UTF-8 sequences replaced by U+FFFD while reading.
  std::uint64_t repaired_utf8 = 0;
  SourcePosition position;
};

// Where readers send what they read (Rejection and Warning: facette/index.h).
// Implemented by the import (import_sink.h) and by tests.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void OnArticle(ParsedArticle&& article) = 0;
  virtual void OnRejection(Rejection&& rejection) = 0;
  virtual void OnWarning(Warning&& warning) = 0;
  // True when the sink takes no more records (the run is stopping): readers
  // then stop before the next one.
  virtual bool Stopping() const { return false; }
};

}  // namespace facette

#endif  // FACETTE_INDEXER_ARTICLE_H_
