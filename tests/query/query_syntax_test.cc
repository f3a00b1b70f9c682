// Tests of the query syntax checks (query/query_syntax.h): where each kind
// of problem is found, what the message says, and the caret's column.
#include "query/query_syntax.h"

#include <gtest/gtest.h>

#include <string>

#include "facette/format.h"

namespace facette {
namespace {

TEST(QuerySyntaxTest, FindsTheFirstProblemAndWhereItIs) {
  static const struct {
    const char* query;
    const char* at;       // the problem starts at the first occurrence of this in the query
    const char* message;  // substring of the message
  } kCases[] = {
      {"\"attentat paris", "\"", "quote is never closed"},
      {"attentat « paris", "«", "quote is never closed"},
      {"a \"b\" \"c", "\"c", "quote is never closed"},
      {"(attentat OR paris", "(", "\"(\" is never closed"},
      {"((a) OR (b)", "((", "\"(\" is never closed"},
      {"attentat OR paris)", ")", "closes no \"(\""},
      {"attentat AND", "AND", "\"AND\" needs a query on its right"},
      {"AND attentat", "AND", "\"AND\" needs a query on its left"},
      {"attentat or", "or", "put it in quotes: \"or\""},
      {"attentat AND OR paris", "OR", "\"OR\" cannot follow \"AND\""},
      {"attentat NOT", "NOT", "\"NOT\" needs a query on its right"},
      {"a NOT NOT b", "NOT b", "\"NOT\" cannot follow \"NOT\""},
      {"(AND a)", "AND", "needs a query on its left"},
      {"(a OR) b", "OR", "needs a query on its right"},
      {"a XOR", "XOR", "needs a query on its right"},
      {"title: attentat", "title:", "\"title:\" needs a value"},
      {"attentat person:", "person:", "\"person:\" needs a value"},
      {"(date:)", "date:", "\"date:\" needs a value"},
      {"élysée AND", "AND", "needs a query on its right"},
  };
  for (const auto& c : kCases) {
    std::optional<SyntaxProblem> problem = FindSyntaxProblem(c.query);
    ASSERT_TRUE(problem.has_value()) << c.query;
    EXPECT_EQ(std::string(c.query).find(c.at), problem->offset) << c.query;
    EXPECT_NE(std::string::npos, problem->message.find(c.message))
        << c.query << " -> " << problem->message;
  }
}

TEST(QuerySyntaxTest, AcceptsWhatFacetteParses) {
  for (const char* query : {
           "attentat",
           "attentat AND paris",
           "attentat OR paris",
           "NOT attentat",
           "attentat NOT paris",
           "attentat AND NOT paris",
           "attentat OR NOT paris",
           "(NOT attentat)",
           "-attentat -paris",
           "+attentat -paris",
           "\"la Banque de France\"",
           "« la Banque de France »",
           "“attentat”",
           "title:attentat",
           "person:\"Sam Altman\"",
           "date:2016..2017",
           "(a OR (b AND c))",
           "a ()",
           "foo:",
           "l'or",
           "\"or\" noir",
           "attentat -",
           "attent*",
           "a AND (NOT b)",
           "https://fr.wikinews.org/wiki/x",
           "",
           "   ",
           "(((a)))",
       }) {
    std::optional<SyntaxProblem> problem = FindSyntaxProblem(query);
    EXPECT_FALSE(problem.has_value()) << query << " -> " << problem->message;
  }
}

// The caret sits under the problem's character, counted in characters (not
// bytes) so that accented text before it does not shift it.
TEST(QuerySyntaxTest, CaretIsUnderTheProblem) {
  static const struct {
    std::string query;
    std::size_t offset;
  } kCases[] = {
      {"attentat AND", 9},
      {"élysée AND", std::string("élysée ").size()},
      {"\"sécurité", 0},
      {std::string(300, 'a') + " AND", 301},
      {std::string(100, 'b') + " ( " + std::string(100, 'c'), 101},
  };
  for (const auto& c : kCases) {
    std::string shown = PointAt(c.query, c.offset);
    std::size_t newline = shown.find('\n');
    ASSERT_NE(std::string::npos, newline) << c.query;
    std::string line = shown.substr(0, newline), caret = shown.substr(newline + 1);
    ASSERT_EQ('^', caret.back()) << shown;
    // The characters of `line` before the caret's column.
    std::size_t column = caret.size() - 1, bytes = 0;
    for (std::size_t n = 0; n < column && bytes < line.size(); ++n) {
      ++bytes;
      while (bytes < line.size() && (static_cast<unsigned char>(line[bytes]) & 0xC0) == 0x80) {
        ++bytes;
      }
    }
    std::string under = line.substr(bytes);
    EXPECT_EQ(0u, under.find(c.query.substr(c.offset, 1))) << shown;
    EXPECT_LE(line.size(), 2 + 3 + 72 + 3u + 8) << "a long query is shown as a window";
  }
}

// The caret sits under the problem's column on a terminal: a CJK or
// fullwidth character takes two columns, an emoji two, a combining mark
// none; a control character is shown as its escape (and a tab as a space),
// so that the line holds nothing a terminal acts on.
TEST(QuerySyntaxTest, CaretIsUnderTheProblemsColumn) {
  static const struct {
    std::string query;
    std::string before;  // the query up to the problem, which is "AND"
    std::string shown;   // the line shown, without its indent
    std::size_t column;  // of the caret, without the indent
  } kCases[] = {
      {"中文 AND", "中文 ", "中文 AND", 5},
      {"ＡＢＣ AND", "ＡＢＣ ", "ＡＢＣ AND", 7},
      {"e\u0301lyse\u0301e AND", "e\u0301lyse\u0301e ", "e\u0301lyse\u0301e AND", 7},
      {"\U0001F600 AND", "\U0001F600 ", "\U0001F600 AND", 3},
      {"\x1b[2J AND", "\x1b[2J ", "\\u001b[2J AND", 10},
      {"\xc2\x9b AND", "\xc2\x9b ", "\\u009b AND", 7},
      {"a\tAND", "a\t", "a AND", 2},
  };
  for (const auto& c : kCases) {
    ASSERT_EQ(0u, c.query.rfind(c.before, 0));
    std::string shown = PointAt(c.query, c.before.size());
    std::size_t newline = shown.find('\n');
    ASSERT_NE(std::string::npos, newline) << shown;
    EXPECT_EQ("  " + c.shown, shown.substr(0, newline));
    EXPECT_EQ(std::string(2 + c.column, ' ') + "^", shown.substr(newline + 1)) << c.shown;
  }
}

// A long query of wide characters is shown as a window of about 70
// columns, the caret under the problem.
TEST(QuerySyntaxTest, WindowOfWideCharactersIsCutInColumns) {
  std::string query;
  for (int i = 0; i < 100; ++i) query += "中";
  const std::size_t offset = query.size() + 1;
  query += " AND";
  for (int i = 0; i < 100; ++i) query += "文";
  std::string shown = PointAt(query, offset);
  std::size_t newline = shown.find('\n');
  ASSERT_NE(std::string::npos, newline);
  std::string line = shown.substr(0, newline), caret = shown.substr(newline + 1);
  // Walk the line in columns (CJK: two, "…" and ASCII: one) to the caret.
  std::size_t columns = 0, at = 0;
  while (at < line.size() && columns < caret.size() - 1) {
    auto c = static_cast<unsigned char>(line[at]);
    columns += c == 0xE4 || c == 0xE6 ? 2 : 1;  // 中 U+4E2D, 文 U+6587
    at += c < 0x80 ? 1 : 3;
  }
  EXPECT_EQ(columns, caret.size() - 1) << "the caret is inside a wide character:\n" << shown;
  EXPECT_EQ(0u, line.compare(at, 3, "AND")) << shown;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    width += c == 0xE4 || c == 0xE6 ? 2 : 1;
    i += c < 0x80 ? 1 : 3;
  }
  EXPECT_LE(width, 2 + 1 + 35 + 36 + 1u) << shown;
  EXPECT_GE(width, 60u) << shown;
}

}  // namespace
}  // namespace facette
