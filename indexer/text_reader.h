// The plain-text and Markdown reader: one article per file (format in
// corpus/README.md).
#ifndef FACETTE_INDEXER_TEXT_READER_H_
#define FACETTE_INDEXER_TEXT_READER_H_

#include <optional>
#include <string>
#include <string_view>

#include "indexer/article.h"
#include "schema/dates.h"
#include "facette/status.h"

namespace facette {

struct TextFileOptions {
  bool markdown = false;  // strip heading marks, read front matter
  // The article's date when given (`--date`); otherwise a date found at the
  // top of the text is used. Default: none.
  std::optional<Date> date;
};

// Turns the contents of one text file into an article with the given id, or
// a rejection (binary file; no text or an id that ValidateArticle refuses,
// article_validation.h: the id comes from the file's path). `display_name` names it in messages. A date
// line that names a day that does not exist is a warning (FILE:LINE).
void ParseTextArticle(std::string_view contents, const std::string& id,
                      const std::string& display_name, const TextFileOptions& options,
                      RecordSink& sink);

// Reads the file at `path` and parses it as above. Returns a non-ok Status
// only when the file cannot be read (its message
// does not repeat the file name).
Status ReadTextFile(const std::string& path, const std::string& id, const std::string& display_name,
                    const TextFileOptions& options, RecordSink& sink);

}  // namespace facette

#endif  // FACETTE_INDEXER_TEXT_READER_H_
