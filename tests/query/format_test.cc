// Tests of the line-oriented outputs (facette/format.h): the text for a
// terminal and --format ids, fed strings that hold control characters,
// invalid UTF-8 and wide characters, as a database written by anything
// may hold. Nothing in them may act on a terminal (facette's own bold
// aside), and each hit of --format ids is one line.
#include "facette/format.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <sstream>
#include <string>
#include <vector>

#include "query/visible_text.h"

namespace facette {
namespace {

std::vector<std::string> Lines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first control character of `out` other than a newline (C0, DEL, C1
// as UTF-8), or npos.
std::size_t FirstControl(const std::string& out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return i;
    if (c == 0xc2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(out[i + 1]) <= 0x9f) {
      return i;
    }
  }
  return std::string::npos;
}

// A result whose every shown string holds escape sequences.
SearchResult HostileResult() {
  SearchResult result;
  result.total = 1;
  result.suggestion = "gouvernement\x1b[2J";
  Hit hit;
  hit.id = "id\x1b]0;owned\x07";
  hit.title = "Titre\x1b[31m rouge";
  hit.date = "2016-01-01";
  hit.url = "https://example.org/\x1b[2J";
  hit.source = "source\x9b";
  hit.entities[0] = {"Jean\x1b[2J Dupont"};
  hit.dates_mentioned = {"2016\x07"};
  hit.snippet.text = "Un \x1b[2J attentat \xc2\x9b ici \xff.";
  const std::size_t at = hit.snippet.text.find("attentat");
  hit.snippet.highlights = {{at, at + 8}};
  result.hits = {hit};
  Facet facet;
  facet.name = "person";
  facet.distinct = 1;
  facet.values = {FacetValue{"Label\x1b]0;x\x07", 1}};
  result.facets = {facet};
  return result;
}

TEST(VisibleTextTest, ControlCharactersBecomeEscapesAndInvalidBytesReplacementCharacters) {
  static const struct {
    std::string text;
    std::string shown;
  } kCases[] = {
      {"plain é 中文 😀", "plain é 中文 😀"},
      {"\x1b[2J", "\\u001b[2J"},
      {"a\nb\tc\rd\be\ff", "a\\nb\\tc\\rd\\be\\ff"},
      {std::string("nul\0!", 5), "nul\\u0000!"},
      {"del\x7f", "del\\u007f"},
      {"csi\xc2\x9b", "csi\\u009b"},
      {"nbsp\xc2\xa0", "nbsp\xc2\xa0"},
      {"back\\slash \"quote\"", "back\\slash \"quote\""},
      {"caf\xe9", "caf\xEF\xBF\xBD"},
      {"\xe2\x82", "\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const auto& c : kCases) EXPECT_EQ(c.shown, VisibleText(c.text)) << c.text;
}

TEST(VisibleTextTest, DisplayWidthCountsTerminalColumns) {
  static const struct {
    std::string text;
    std::size_t columns;
  } kCases[] = {
      {"", 0},
      {"abc", 3},
      {"élysée", 6},              // precomposed
      {"e\u0301lyse\u0301e", 6},  // combining acute accents: no column
      {"中文", 4},                // CJK: two each
      {"ＡＢ", 4},                // fullwidth
      {"한국", 4},                // Hangul syllables
      {"\U0001F600", 2},          // emoji
      {"a\u200bb", 2},            // zero width space
      {"soft\u00adhyphen", 11},   // the soft hyphen is shown
      {"«\u00a0x\u00a0»", 5},     // no-break spaces: one each
  };
  for (const auto& c : kCases) EXPECT_EQ(c.columns, DisplayWidth(c.text)) << c.text;
}

TEST(FormatTextTest, ControlCharactersAreShownAsEscapes) {
  const std::string out = FormatText(HostileResult(), SearchRequest(), TextStyle{false});
  EXPECT_EQ(std::string::npos, FirstControl(out)) << out;
  for (const char* shown :
       {"Vouliez-vous dire : gouvernement\\u001b[2J ?", "id\\u001b]0;owned\\u0007",
        "Titre\\u001b[31m rouge", "Jean\\u001b[2J Dupont", "2016\\u0007",
        "Un \\u001b[2J attentat \\u009b ici \xEF\xBF\xBD.", "Label\\u001b]0;x\\u0007"}) {
    EXPECT_NE(std::string::npos, out.find(shown)) << shown << " in\n" << out;
  }
}

// The bold markers facette adds are the only escape sequences, and still
// mark the highlight once the text before it is escaped.
TEST(FormatTextTest, BoldStillMarksTheMatchedWords) {
  std::string out = FormatText(HostileResult(), SearchRequest(), TextStyle{true});
  const std::string bold = "\x1b[1m", normal = "\x1b[22m";
  EXPECT_NE(std::string::npos, out.find("Un \\u001b[2J " + bold + "attentat" + normal + " \\u009b"))
      << out;
  for (const std::string& marker : {bold, normal}) {
    for (std::size_t at = out.find(marker); at != std::string::npos; at = out.find(marker)) {
      out.erase(at, marker.size());
    }
  }
  EXPECT_EQ(std::string::npos, FirstControl(out)) << out;
}

// Lines are cut by terminal columns: a CJK character takes two.
TEST(FormatTextTest, WideCharactersCountTwoColumns) {
  SearchResult result;
  result.total = 1;
  Hit hit;
  hit.id = "cjk";
  std::string title;
  for (int i = 0; i < 60; ++i) title += "\xE4\xB8\xAD";  // U+4E2D, wide
  hit.title = title;
  hit.date = "2016-01-01";
  result.hits = {hit};
  const std::vector<std::string> lines = Lines(FormatText(result, SearchRequest()));
  ASSERT_GE(lines.size(), 3u);
  // "  1. " + title + padding + date: the title is cut to fit 80 columns.
  const std::string& line = lines[2];
  std::size_t columns = 0;
  for (std::size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == 0xE4) {  // U+4E2D
      columns += 2, i += 3;
    } else if (c == 0xE2) {  // U+2026 "…"
      columns += 1, i += 3;
    } else {
      columns += 1, i += 1;
    }
  }
  EXPECT_LE(columns, 80u) << line;
  EXPECT_GE(columns, 78u) << line;
  EXPECT_NE(std::string::npos, line.find("2016-01-01")) << line;
}

TEST(FormatTextTest, FacetSearchLabelsAreShownAsEscapes) {
  FacetSearchResult found;
  found.facet = "person";
  found.values = {FacetValue{"Jean\x1b[2J Dupont\n", 2}};
  const std::string out = FormatFacetSearchText(found);
  EXPECT_EQ(std::string::npos, FirstControl(out)) << out;
  EXPECT_EQ(1u, Lines(out).size()) << out;
  EXPECT_EQ(0u, out.rfind("Jean\\u001b[2J Dupont\\n ", 0)) << out;
}

// --format ids: one line per hit. An id with a control character, or that
// is not UTF-8, or that starts with a double quote, is written as a JSON
// string; any other id as it is.
TEST(FormatIdsTest, OneLinePerHitWhateverTheId) {
  static const struct {
    std::string id;
    bool quoted;
  } kCases[] = {
      {"winer-fr/2016_01_01-001", false},
      {"back\\slash \"inside\"", false},
      {"espace é 中", false},
      {"two\nlines", true},
      {"cr\r", true},
      {"\x1b]0;owned\x07", true},
      {"c1\xc2\x9b", true},
      {"\"starts with a quote", true},
      {"latin1 caf\xe9", true},
  };
  SearchResult result;
  for (const auto& c : kCases) {
    Hit hit;
    hit.id = c.id;
    result.hits.push_back(hit);
  }
  const std::string out = FormatIds(result);
  EXPECT_EQ(std::string::npos, FirstControl(out)) << out;
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(std::size(kCases), lines.size()) << out;
  simdjson::dom::parser parser;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& c = kCases[i];
    if (!c.quoted) {
      EXPECT_EQ(c.id, lines[i]);
      continue;
    }
    std::string_view read;
    ASSERT_EQ(simdjson::SUCCESS, parser.parse(lines[i]).get_string().get(read)) << lines[i];
    if (c.id != "latin1 caf\xe9") {
      EXPECT_EQ(c.id, read) << lines[i];
    } else {
      EXPECT_EQ("latin1 caf\xEF\xBF\xBD", read) << "not UTF-8: U+FFFD, as in JSON";
    }
  }
}

}  // namespace
}  // namespace facette
