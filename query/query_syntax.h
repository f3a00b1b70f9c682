// Where a query string is wrong. Xapian's QueryParser either refuses a
// query without saying where (a dangling AND) or silently re-reads it as
// plain words (an unclosed quote or parenthesis, which then match something
// else than what was typed). facette checks the string first and finds the
// first problem and its byte offset; PointAt (facette/format.h) shows it
// with a caret.
#ifndef FACETTE_QUERY_QUERY_SYNTAX_H_
#define FACETTE_QUERY_QUERY_SYNTAX_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace facette {

struct SyntaxProblem {
  std::size_t offset = 0;  // byte offset in the query of what is wrong
  std::string message;     // what is wrong, e.g. "\"(\" is never closed"
};

// The first problem of `query`, or nullopt: an unclosed quote (" « » “ ”),
// an unclosed "(" or a ")" that closes nothing, a binary operator (AND, OR,
// XOR, NOT; any case, as facette parses them) without a query on one of its
// sides, and a field name ("title:", "date:") with no value.
std::optional<SyntaxProblem> FindSyntaxProblem(std::string_view query);

}  // namespace facette

#endif  // FACETTE_QUERY_QUERY_SYNTAX_H_
