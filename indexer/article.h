// An article as read from the input, before it becomes a Xapian document,
// and what the readers report about records they could not use.
#ifndef FACETTE_INDEXER_ARTICLE_H_
#define FACETTE_INDEXER_ARTICLE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/dates.h"
#include "schema/fields.h"

namespace facette {

// Where a record came from: the file as named to the user, and its line
// (1-based; 0 for a whole file).
struct SourcePosition {
  std::string file;
  std::uint64_t line = 0;
  // "FILE:LINE" (or "FILE" when line is 0), on one line: control characters
  // of the file name are written as JSON writes them ("\u000a").
  std::string ToString() const;
};

// Why `id` cannot be an article id, or "" when it can. An id is a key: it
// must come out of the index as it went in, and one per line (`facette-query
// --format ids`), so it must be valid UTF-8 without control characters (C0,
// DEL, C1). The reason reads after the name of the field or file
// ("holds the control character U+000A at byte 2").
std::string IdDefect(std::string_view id);

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

// A record that could not be used.
struct Rejection {
  SourcePosition position;
  std::string reason;  // what is wrong, naming the field when there is one
  // A JSON Lines record as read, byte for byte (without newline), for the
  // rejects file. Empty for a whole file (a text or Markdown article, a file
  // that cannot be read): the rejects file holds only JSON Lines records.
  std::string raw;
};

// A problem that did not stop a record from being indexed.
struct Warning {
  SourcePosition position;
  std::string message;
};

// Where readers send what they read. Implemented by the indexing run and
// by tests.
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
