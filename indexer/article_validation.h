// Validation of an article, in one place for every way in: a JSON Lines
// record and a text file (their readers fill an Article and call it), and
// Indexer::Upsert. The rules are those of corpus/README.md: the id (not
// empty, at most kMaxIdBytes, valid UTF-8 without control characters),
// some text, a real date, real dates mentioned; entity names and dates
// mentioned without text are dropped. What the JSON syntax alone decides (a
// number where a string is expected, a missing id) stays in its reader.
#ifndef FACETTE_INDEXER_ARTICLE_VALIDATION_H_
#define FACETTE_INDEXER_ARTICLE_VALIDATION_H_

#include <string_view>

#include "facette/article.h"
#include "facette/status.h"
#include "indexer/article.h"

namespace facette {

struct ValidationOptions {
  // Where the id comes from, for the words of the reasons. kField: a field
  // of the record (white space around it is removed: "field \"id\": is
  // empty"); kFilePath: a text file's path, kept as it is ("the article id
  // (the file's path) holds ...", "no text: the file is empty ...").
  enum class IdOrigin { kField, kFilePath };
  IdOrigin id_origin = IdOrigin::kField;
  // The strings are valid UTF-8 already (the reader repaired its input):
  // not scanned again. Otherwise invalid sequences are replaced by U+FFFD
  // (counted in ParsedArticle::repaired_utf8), except in the id, which
  // they reject.
  bool valid_utf8 = false;
};

// The input format's blanks: bytes up to ' ' (white space and the C0
// controls). A string "has text" when it holds another byte.
bool HasText(std::string_view s);
std::string_view TrimBlanks(std::string_view s);

// `article` as a ParsedArticle (without its position), or kInvalidArgument
// whose message is the reason to reject it, naming the field, and whose
// field() is that field's JSON name ("" for the text as a whole).
Result<ParsedArticle> ValidateArticle(Article&& article, const ValidationOptions& options = {});

}  // namespace facette

#endif  // FACETTE_INDEXER_ARTICLE_VALIDATION_H_
