// Fuzz target: the plain-text and Markdown reader (indexer/text_reader.h
// ParseTextArticle). The first byte chooses text or Markdown; the rest is
// the file.
//
// Checked beyond "no crash": each file gives exactly one article or one
// rejection; an article keeps its id, has a title or body, and its text is
// well-formed UTF-8; a rejection keeps the file byte for byte.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "indexer/text_reader.h"

namespace facette::fuzz {
namespace {

class CheckingSink : public RecordSink {
 public:
  explicit CheckingSink(std::string_view contents) : contents_(contents) {}
  void OnArticle(ParsedArticle&& article) override {
    ++records;
    FUZZ_CHECK(article.id == "fuzz/article", "the article lost its id");
    FUZZ_CHECK(!article.title.empty() || !article.body.empty(), "an article without text");
    FUZZ_CHECK(WellFormedUtf8(article.title) && WellFormedUtf8(article.body),
               "text that is not UTF-8");
    if (article.has_date) {
      FUZZ_CHECK(article.date.month >= 1 && article.date.month <= 12 && article.date.day >= 1 &&
                     article.date.day <= DaysInMonth(article.date.year, article.date.month),
                 "an impossible date");
    }
  }
  void OnRejection(Rejection&& rejection) override {
    ++records;
    FUZZ_CHECK(!rejection.reason.empty(), "a rejection without a reason");
    FUZZ_CHECK(rejection.raw.empty() || rejection.raw == contents_,
               "a rejected file that is not kept byte for byte");
  }
  void OnWarning(Warning&& warning) override {
    FUZZ_CHECK(!warning.message.empty(), "an empty warning");
  }
  int records = 0;

 private:
  std::string_view contents_;
};

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  if (size == 0) return 0;
  TextFileOptions options;
  options.markdown = (data[0] & 1) != 0;
  std::string_view contents(reinterpret_cast<const char*>(data + 1), size - 1);
  fuzz::CheckingSink sink(contents);
  ParseTextArticle(contents, "fuzz/article", "fuzz.txt", options, sink);
  FUZZ_CHECK(sink.records == 1, "not exactly one article or rejection for a file");
  return 0;
}
