// Fuzz target: the JSON Lines reader (indexer/jsonl_reader.h). The input is a
// whole file, read as facette-index reads one (BOM, CRLF, blank lines), so
// every line goes through JsonLinesReader::ParseLine.
//
// Checked beyond "no crash": every non-blank line gives exactly one article
// or one rejection; a rejection keeps its line byte for byte and says why; an
// article has a trimmed non-empty id of at most kMaxIdBytes, some text, and
// well-formed UTF-8 everywhere (invalid bytes were repaired).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "indexer/jsonl_reader.h"
#include "schema/fields.h"

namespace facette::fuzz {
namespace {

class CheckingSink : public RecordSink {
 public:
  void OnArticle(ParsedArticle&& article) override {
    ++records;
    FUZZ_CHECK(!article.id.empty(), "an article without an id");
    FUZZ_CHECK(article.id.size() <= kMaxIdBytes, "an id longer than the limit");
    FUZZ_CHECK(static_cast<unsigned char>(article.id.front()) > ' ' &&
                   static_cast<unsigned char>(article.id.back()) > ' ',
               "an id with surrounding blanks");
    FUZZ_CHECK(WellFormedUtf8(article.id), "an id that is not UTF-8");
    FUZZ_CHECK(WellFormedUtf8(article.title), "a title that is not UTF-8");
    FUZZ_CHECK(WellFormedUtf8(article.body), "a body that is not UTF-8");
    FUZZ_CHECK(WellFormedUtf8(article.url) && WellFormedUtf8(article.source),
               "a url or source that is not UTF-8");
    FUZZ_CHECK(!article.title.empty() || !article.body.empty(), "an article without text");
    for (const auto& names : article.entities) {
      for (const std::string& name : names) {
        FUZZ_CHECK(!name.empty() && WellFormedUtf8(name), "an empty or non-UTF-8 entity name");
      }
    }
    if (article.has_date) {
      FUZZ_CHECK(article.date.year >= 1 && article.date.year <= 9999 && article.date.month >= 1 &&
                     article.date.month <= 12 && article.date.day >= 1 &&
                     article.date.day <= DaysInMonth(article.date.year, article.date.month),
                 "an article with an impossible date");
    }
  }
  void OnRejection(Rejection&& rejection) override {
    ++records;
    FUZZ_CHECK(!rejection.reason.empty(), "a rejection without a reason");
    FUZZ_CHECK(rejection.position.line >= 1, "a rejection without a line number");
    FUZZ_CHECK(rejection.position.line <= lines.size(), "a rejection past the last line");
    FUZZ_CHECK(rejection.raw == lines[rejection.position.line - 1],
               "a rejected record that is not the line byte for byte");
  }
  void OnWarning(Warning&& warning) override {
    FUZZ_CHECK(!warning.message.empty(), "an empty warning");
  }

  std::vector<std::string> lines;  // the input's lines, as std::getline splits them
  std::size_t records = 0;
};

bool Blank(std::string_view line) {
  for (unsigned char c : line) {
    if (c > ' ') return false;
  }
  return true;
}

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  std::string input(reinterpret_cast<const char*>(data), size);
  fuzz::CheckingSink sink;
  std::size_t expected = 0;
  {
    std::istringstream split(input);
    std::string line;
    while (std::getline(split, line)) {
      std::string_view view = line;
      if (sink.lines.empty() && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
      if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
      expected += fuzz::Blank(view) ? 0 : 1;
      sink.lines.push_back(line);
    }
  }
  // A small line limit, so that the rejection of long lines is reached too.
  JsonLinesOptions options;
  options.max_line_bytes = 2048;
  JsonLinesReader reader(options);
  std::istringstream in(input);
  Status status = reader.ReadStream(in, "fuzz.jsonl", sink);
  FUZZ_CHECK(status.ok(), "a read error on a string stream");
  FUZZ_CHECK(sink.records == expected, "not exactly one article or rejection per line");
  return 0;
}
