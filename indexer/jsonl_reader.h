// The JSON Lines reader: one article per line (format in corpus/README.md).
#ifndef FACETTE_INDEXER_JSONL_READER_H_
#define FACETTE_INDEXER_JSONL_READER_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "indexer/article.h"
#include "facette/status.h"

namespace facette {

struct JsonLinesOptions {
  // Lines longer than this are rejected without being parsed (the raw line
  // still goes to the rejects). Default: 64 MiB.
  std::uint64_t max_line_bytes = std::uint64_t{64} << 20;
};

// Reads JSON Lines and sends every record to a sink: a ParsedArticle when usable,
// a Rejection (FILE:LINE, reason naming the field, raw line) otherwise. The
// reader checks the JSON (syntax, types, a missing id); the values are
// checked by ValidateArticle (article_validation.h).
// Keeps state across files (one warning per unknown field name per run), so
// use one reader for a whole run. Not thread-safe.
class JsonLinesReader {
 public:
  explicit JsonLinesReader(JsonLinesOptions options = {});
  ~JsonLinesReader();
  JsonLinesReader(const JsonLinesReader&) = delete;
  JsonLinesReader& operator=(const JsonLinesReader&) = delete;

  // Reads the file at `path`, naming it `display_name` in messages. Returns a
  // non-ok Status only when the file itself cannot be read (its
  // message does not repeat the file name); bad records are
  // reported to the sink. Stops before the next line once the sink is
  // Stopping().
  Status ReadFile(const std::string& path, const std::string& display_name, RecordSink& sink);

  // Same, from a stream (standard input).
  Status ReadStream(std::istream& in, const std::string& display_name, RecordSink& sink);

  // Parses one line (without its newline) read at `position`. `raw` is the
  // line exactly as it was in the file (with a CR or BOM the reader
  // stripped), kept in rejections; empty means `line` itself. Invalid UTF-8
  // is repaired to U+FFFD (a warning), except in the id, which rejects the
  // record, as does an id with a control character (IdDefect).
  void ParseLine(std::string_view line, const SourcePosition& position, RecordSink& sink,
                 std::string_view raw = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  JsonLinesOptions options_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_JSONL_READER_H_
