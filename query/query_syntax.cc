// Query syntax checks (query_syntax.h).
#include "query/query_syntax.h"

#include <vector>

#include "analysis/utf8.h"
#include "facette/format.h"
#include "query/visible_text.h"
#include "schema/fields.h"

namespace facette {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The byte length of the quote character at `at` (" « » “ ”), 0 if none.
std::size_t QuoteAt(std::string_view s, std::size_t at) {
  if (s[at] == '"') return 1;
  std::string_view rest = s.substr(at);
  for (std::string_view quote : {"«", "»", "“", "”"}) {
    if (rest.substr(0, quote.size()) == quote) return quote.size();
  }
  return 0;
}

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

enum class Kind { kOperand, kBinary, kNot, kOpen, kClose };

struct Token {
  Kind kind;
  std::size_t offset;
  std::string text;  // operators: as written
};

// The advice that ends a message about a misplaced operator: lower-case
// operators are operators too, which surprises whoever meant the word.
std::string OperatorAdvice(const std::string& written) {
  if (written == Upper(written)) return "";
  return " (to search for the word, put it in quotes: \"" + written + "\")";
}

}  // namespace

std::optional<SyntaxProblem> FindSyntaxProblem(std::string_view query) {
  std::vector<Token> tokens;
  std::vector<std::size_t> open_parens;
  std::size_t i = 0;
  while (i < query.size()) {
    char c = query[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (std::size_t q = QuoteAt(query, i)) {
      // A phrase: everything up to the next quote character.
      std::size_t start = i;
      std::size_t j = i + q;
      while (j < query.size() && QuoteAt(query, j) == 0) ++j;
      if (j >= query.size()) return SyntaxProblem{start, "this quote is never closed"};
      tokens.push_back({Kind::kOperand, start, ""});
      i = j + QuoteAt(query, j);
      continue;
    }
    if (c == '(') {
      open_parens.push_back(i);
      tokens.push_back({Kind::kOpen, i, "("});
      ++i;
      continue;
    }
    if (c == ')') {
      if (open_parens.empty()) return SyntaxProblem{i, "this \")\" closes no \"(\""};
      open_parens.pop_back();
      tokens.push_back({Kind::kClose, i, ")"});
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < query.size() && !IsSpace(query[i]) && query[i] != '(' && query[i] != ')' &&
           QuoteAt(query, i) == 0) {
      ++i;
    }
    std::string_view word = query.substr(start, i - start);
    std::string upper = Upper(word);
    if (upper == "AND" || upper == "OR" || upper == "XOR") {
      tokens.push_back({Kind::kBinary, start, std::string(word)});
    } else if (upper == "NOT") {
      tokens.push_back({Kind::kNot, start, std::string(word)});
    } else if (word == "+" || word == "-") {
      // Xapian ignores a lone sign; so does facette.
    } else if (word.back() == ':' && FindFieldByName(word.substr(0, word.size() - 1)) != nullptr &&
               (i >= query.size() || IsSpace(query[i]) || query[i] == ')')) {
      return SyntaxProblem{start, "\"" + std::string(word) + "\" needs a value right after it"};
    } else {
      tokens.push_back({Kind::kOperand, start, std::string(word)});
    }
  }
  if (!open_parens.empty()) {
    return SyntaxProblem{open_parens.back(), "this \"(\" is never closed"};
  }
  // Operators: a binary one needs a query on both sides; NOT needs one on
  // its right, and on its left unless it starts the query or a group
  // ("NOT x": everything but x), or follows AND, OR or XOR.
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const Token& token = tokens[t];
    if (token.kind != Kind::kBinary && token.kind != Kind::kNot) continue;
    const Token* before = t > 0 ? &tokens[t - 1] : nullptr;
    const Token* after = t + 1 < tokens.size() ? &tokens[t + 1] : nullptr;
    std::string name = "\"" + token.text + "\"";
    bool left_ok =
        before != nullptr && (before->kind == Kind::kOperand || before->kind == Kind::kClose);
    if (token.kind == Kind::kNot) {
      left_ok = left_ok || before == nullptr || before->kind == Kind::kOpen ||
                before->kind == Kind::kBinary;
    }
    if (!left_ok) {
      std::string what =
          before != nullptr && (before->kind == Kind::kBinary || before->kind == Kind::kNot)
              ? name + " cannot follow \"" + before->text + "\""
              : name + " needs a query on its left";
      return SyntaxProblem{token.offset, what + OperatorAdvice(token.text)};
    }
    bool right_ok =
        after != nullptr && (after->kind == Kind::kOperand || after->kind == Kind::kOpen ||
                             (after->kind == Kind::kNot && token.kind == Kind::kBinary));
    if (!right_ok && (after == nullptr || after->kind == Kind::kClose)) {
      return SyntaxProblem{token.offset,
                           name + " needs a query on its right" + OperatorAdvice(token.text)};
    }
    if (!right_ok) {
      return SyntaxProblem{after->offset, "\"" + after->text + "\" cannot follow " + name +
                                              OperatorAdvice(after->text)};
    }
  }
  return std::nullopt;
}

// PointAt is public (facette/format.h); it lives here, next to the search
// for the problems it shows.
std::string PointAt(std::string_view query, std::size_t offset) {
  constexpr std::size_t kBefore = 35, kAfter = 35;  // columns
  if (offset > query.size()) offset = query.size();
  offset = utf8::CharStart(query, offset);
  // One line, as shown on a terminal: white space as spaces, other control
  // characters as escapes (VisibleText), measured in columns.
  std::string spaced(query);
  for (char& c : spaced) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  const std::string before = VisibleText(std::string_view(spaced).substr(0, offset));
  const std::string after = VisibleText(std::string_view(spaced).substr(offset));
  // The characters that fit within kBefore columns before the problem...
  std::size_t begin = before.size(), columns = 0;
  while (begin > 0) {
    const std::size_t start = utf8::CharStart(before, begin - 1);
    std::size_t width = DisplayWidth(std::string_view(before).substr(start, begin - start));
    if (columns + width > kBefore) break;
    columns += width;
    begin = start;
  }
  // ...and within kAfter columns after its first character.
  std::size_t end = 0;
  columns = 0;
  for (std::size_t length = 0; end < after.size(); end += length) {
    std::size_t width = CharacterWidth(utf8::Decode(after, end, &length));
    if (end > 0 && columns + width > kAfter) break;
    columns += width;
  }
  const std::string lead = begin > 0 ? "…" : "";
  std::string line =
      "  " + lead + before.substr(begin) + after.substr(0, end) + (end < after.size() ? "…" : "");
  std::size_t column = DisplayWidth(lead) + DisplayWidth(std::string_view(before).substr(begin));
  return line + "\n  " + std::string(column, ' ') + "^";
}

}  // namespace facette
