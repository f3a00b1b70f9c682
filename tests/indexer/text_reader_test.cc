// Tests of the plain-text and Markdown reader (indexer/text_reader.h).
#include "indexer/text_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace facette {
namespace {

namespace fs = std::filesystem;

class RecordingSink : public RecordSink {
 public:
  void OnArticle(ParsedArticle&& article) override { articles.push_back(std::move(article)); }
  void OnRejection(Rejection&& rejection) override { rejections.push_back(std::move(rejection)); }
  void OnWarning(Warning&& warning) override { warnings.push_back(std::move(warning)); }

  std::vector<ParsedArticle> articles;
  std::vector<Rejection> rejections;
  std::vector<Warning> warnings;
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(TextReaderTest, TitleBodyAndDate) {
  static const struct {
    const char* name;
    std::string contents;
    bool markdown;
    const char* title;
    const char* body;
    std::optional<Date> date;
    std::uint64_t title_line;
  } kCases[] = {
      {"plain", "Titre\n\nCorps du texte.\n", false, "Titre", "Corps du texte.", std::nullopt, 1},
      {"leading blank lines", "\n  \n  Le titre  \nCorps", false, "Le titre", "Corps", std::nullopt,
       3},
      {"title only", "Titre seul\n", false, "Titre seul", "", std::nullopt, 1},
      {"markdown heading", "# Le titre\n\nCorps", true, "Le titre", "Corps", std::nullopt, 1},
      {"markdown h3", "### Le titre\nCorps", true, "Le titre", "Corps", std::nullopt, 1},
      {"markdown hashtag", "#hashtag\nCorps", true, "#hashtag", "Corps", std::nullopt, 1},
      {"plain text keeps #", "# Le titre\nCorps", false, "# Le titre", "Corps", std::nullopt, 1},
      {"french date", "Titre\n1er janvier 2016\n\n1er janvier 2016. – Texte.", false, "Titre",
       "1er janvier 2016\n\n1er janvier 2016. – Texte.", Date{2016, 1, 1}, 1},
      {"french date with weekday", "Titre\nlundi 4 janvier 2016, Paris\nTexte.", false, "Titre",
       "lundi 4 janvier 2016, Paris\nTexte.", Date{2016, 1, 4}, 1},
      {"iso date", "# Titre\n2017-03-17\n\nTexte.", true, "Titre", "2017-03-17\n\nTexte.",
       Date{2017, 3, 17}, 1},
      {"date on second line after title", "Titre\nPar Jean\n\n7 février 2025 : texte", false,
       "Titre", "Par Jean\n\n7 février 2025 : texte", Date{2025, 2, 7}, 1},
      {"date too far down", "Titre\nun\ndeux\n7 février 2025", false, "Titre",
       "un\ndeux\n7 février 2025", std::nullopt, 1},
      {"date in the title is not the date", "1er janvier 2016\nTexte", false, "1er janvier 2016",
       "Texte", std::nullopt, 1},
      {"front matter", "---\ntitle: \"Mon titre\"\ndate: 2016-05-04\n---\n# Titre\nTexte", true,
       "Mon titre", "# Titre\nTexte", Date{2016, 5, 4}, 0},
      {"front matter without title", "---\ndate: '2016-05-04T10:00:00Z'\n---\n\n# Titre\nTexte",
       true, "Titre", "Texte", Date{2016, 5, 4}, 5},
      {"front matter not read in text", "---\ntitle: x\n---\nTexte", false, "---",
       "title: x\n---\nTexte", std::nullopt, 1},
      {"front matter date in French", "---\ndate: 7 février 2017\n---\nTitre\nTexte", true, "Titre",
       "Texte", Date{2017, 2, 7}, 4},
      {"closing hashes", "## Titre avec dièses ##\nTexte", true, "Titre avec dièses", "Texte",
       std::nullopt, 1},
      {"a hash that is part of the title", "# Le titre C#\nTexte", true, "Le titre C#", "Texte",
       std::nullopt, 1},
      {"setext heading", "Titre souligné\n==============\n\nTexte", true, "Titre souligné", "Texte",
       std::nullopt, 1},
      {"setext level 2", "Titre\n---\nTexte", true, "Titre", "Texte", std::nullopt, 1},
      {"no underline in text", "Titre\n===\nTexte", false, "Titre", "===\nTexte", std::nullopt, 1},
      {"crlf", "Titre\r\n2016-01-01\r\n\r\nCorps\r\nsuite\r\n", false, "Titre",
       "2016-01-01\n\nCorps\nsuite", Date{2016, 1, 1}, 1},
      {"bom", "\xEF\xBB\xBFTitre\nCorps", false, "Titre", "Corps", std::nullopt, 1},
  };
  for (const auto& c : kCases) {
    RecordingSink sink;
    TextFileOptions options;
    options.markdown = c.markdown;
    ParseTextArticle(c.contents, "dir/a.txt", "corpus/dir/a.txt", options, sink);
    ASSERT_TRUE(sink.rejections.empty()) << c.name << ": " << sink.rejections[0].reason;
    ASSERT_EQ(1u, sink.articles.size()) << c.name;
    const ParsedArticle& a = sink.articles[0];
    EXPECT_EQ("dir/a.txt", a.id) << c.name;
    EXPECT_EQ(c.title, a.title) << c.name;
    EXPECT_EQ(c.body, a.body) << c.name;
    ASSERT_EQ(c.date.has_value(), a.has_date) << c.name;
    if (c.date) {
      EXPECT_EQ(*c.date, a.date) << c.name;
    }
    EXPECT_FALSE(a.has_entity_lists) << c.name;
    EXPECT_EQ("corpus/dir/a.txt", a.position.file) << c.name;
    if (c.title_line != 0) {
      EXPECT_EQ(c.title_line, a.position.line) << c.name;
    }
    EXPECT_TRUE(sink.warnings.empty()) << c.name;
  }
}

TEST(TextReaderTest, DateOptionWins) {
  TextFileOptions options;
  options.date = Date{2020, 2, 2};
  RecordingSink sink;
  ParseTextArticle("Titre\n1er janvier 2016\nTexte", "a.txt", "a.txt", options, sink);
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_TRUE(sink.articles[0].has_date);
  EXPECT_EQ((Date{2020, 2, 2}), sink.articles[0].date);

  // Also over the front matter.
  options.markdown = true;
  ParseTextArticle("---\ndate: 2016-01-01\n---\nTitre\nTexte", "a.md", "a.md", options, sink);
  ASSERT_EQ(2u, sink.articles.size());
  EXPECT_EQ((Date{2020, 2, 2}), sink.articles[1].date);

  // And gives a date to an article without one.
  ParseTextArticle("Titre\nTexte", "b.txt", "b.txt", options, sink);
  ASSERT_EQ(3u, sink.articles.size());
  EXPECT_TRUE(sink.articles[2].has_date);
  EXPECT_EQ((Date{2020, 2, 2}), sink.articles[2].date);
}

TEST(TextReaderTest, BadFrontMatterDateIsAWarning) {
  TextFileOptions options;
  options.markdown = true;
  RecordingSink sink;
  ParseTextArticle("---\ntitle: T\ndate: 2016-13-01\n---\nTexte", "a.md", "a.md", options, sink);
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_FALSE(sink.articles[0].has_date);
  ASSERT_EQ(1u, sink.warnings.size());
  EXPECT_TRUE(Contains(sink.warnings[0].message, "month 13")) << sink.warnings[0].message;
  EXPECT_EQ("a.md:3", sink.warnings[0].position.ToString());
}

TEST(TextReaderTest, Rejections) {
  static const struct {
    const char* name;
    std::string contents;
    const char* reason;
  } kCases[] = {
      {"nul bytes", std::string("Titre\n\0\0\0binary", 15), "binary"},
      {"single nul", std::string("\0", 1), "binary"},
      {"empty", "", "empty"},
      {"white space", " \n\t\r\n  \n", "empty"},
      {"crlf only", "\r\n\r\n", "empty"},
      {"bom only", "\xEF\xBB\xBF\n", "empty"},
  };
  for (const auto& c : kCases) {
    for (bool markdown : {false, true}) {
      RecordingSink sink;
      TextFileOptions options;
      options.markdown = markdown;
      ParseTextArticle(c.contents, "a.txt", "dir/a.txt", options, sink);
      EXPECT_TRUE(sink.articles.empty()) << c.name;
      ASSERT_EQ(1u, sink.rejections.size()) << c.name;
      EXPECT_TRUE(Contains(sink.rejections[0].reason, c.reason))
          << c.name << ": " << sink.rejections[0].reason;
      // A whole file is not a JSON Lines record: the rejects file does not
      // get it (the file itself is there to fix and index again).
      EXPECT_TRUE(sink.rejections[0].raw.empty()) << c.name;
      EXPECT_EQ("dir/a.txt", sink.rejections[0].position.file) << c.name;
    }
  }
}

// A line just under the title that starts like a date but names a day
// that does not exist is not silently taken as text: a warning names it
// (FILE:LINE) and the article has no date.
TEST(TextReaderTest, ADateLineWithADayThatDoesNotExistIsAWarning) {
  static const struct {
    const char* contents;
    const char* position;
    const char* says;
  } kCases[] = {
      {"Titre\n2016-02-30\n\nLe texte.", "a.txt:2", "day 30"},
      {"Titre\n\n31 février 2016, 14h30. – Le texte.", "a.txt:3", "day 31"},
      {"Titre\nlundi 31 avril 2017\nLe texte.", "a.txt:2", "day 31"},
      {"Titre\n2016-13-01 Paris\nLe texte.", "a.txt:2", "month 13"},
  };
  for (const auto& c : kCases) {
    RecordingSink sink;
    ParseTextArticle(c.contents, "a.txt", "a.txt", TextFileOptions{}, sink);
    ASSERT_EQ(1u, sink.articles.size()) << c.contents;
    EXPECT_FALSE(sink.articles[0].has_date) << c.contents;
    ASSERT_EQ(1u, sink.warnings.size()) << c.contents;
    EXPECT_EQ(c.position, sink.warnings[0].position.ToString()) << c.contents;
    EXPECT_TRUE(Contains(sink.warnings[0].message, c.says)) << sink.warnings[0].message;
  }
  // Lines that do not start like a date are text, without a word.
  for (const char* contents : {"Titre\n2016 fut une année\nTexte", "Titre\n12 mars\nTexte",
                               "Titre\nLe 31 février 2016 n'existe pas.\nTexte"}) {
    RecordingSink sink;
    ParseTextArticle(contents, "a.txt", "a.txt", TextFileOptions{}, sink);
    ASSERT_EQ(1u, sink.articles.size()) << contents;
    EXPECT_FALSE(sink.articles[0].has_date) << contents;
    EXPECT_TRUE(sink.warnings.empty()) << contents << ": " << sink.warnings[0].message;
  }
  // With --date the lines are not read for a date: nothing to warn about.
  TextFileOptions options;
  options.date = Date{2020, 2, 2};
  RecordingSink sink;
  ParseTextArticle("Titre\n2016-02-30\nTexte", "a.txt", "a.txt", options, sink);
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_EQ((Date{2020, 2, 2}), sink.articles[0].date);
  EXPECT_TRUE(sink.warnings.empty());
}

// A text file's id is its path: the same rules as a JSON Lines id apply
// (no control character, valid UTF-8), and the rejection names the file.
TEST(TextReaderTest, AFileWhoseNameCannotBeAnIdIsRejected) {
  static const struct {
    std::string id;
    const char* reason;
  } kCases[] = {
      {"a\nb.txt", "control character U+000A"},  {"sub/\x1b[2Jb.txt", "control character U+001B"},
      {"a\x7f.txt", "control character U+007F"}, {"a\xC2\x85.txt", "control character U+0085"},
      {"caf\xE9.txt", "invalid UTF-8"},
  };
  for (const auto& c : kCases) {
    RecordingSink sink;
    ParseTextArticle("Titre\nTexte", c.id, "in/" + c.id, TextFileOptions{}, sink);
    EXPECT_TRUE(sink.articles.empty()) << c.id;
    ASSERT_EQ(1u, sink.rejections.size()) << c.id;
    EXPECT_EQ("in/" + c.id, sink.rejections[0].position.file);
    EXPECT_TRUE(Contains(sink.rejections[0].reason, c.reason)) << sink.rejections[0].reason;
  }
  RecordingSink sink;
  ParseTextArticle("Titre\nTexte", "été à Paris.txt", "in/été à Paris.txt", TextFileOptions{},
                   sink);
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_EQ("été à Paris.txt", sink.articles[0].id);
}

// Messages name a file as "FILE:LINE" on one line: control characters of a
// file name are shown escaped, as in JSON.
TEST(TextReaderTest, PositionsShowControlCharactersEscaped) {
  EXPECT_EQ("in/a\\u000ab.txt:1", (SourcePosition{"in/a\nb.txt", 1}.ToString()));
  EXPECT_EQ("\\u001b[2J\\u007f\\u0085.md",
            (SourcePosition{"\x1b[2J\x7f\xC2\x85.md", 0}.ToString()));
  EXPECT_EQ("été.txt:3", (SourcePosition{"été.txt", 3}.ToString()));
}

TEST(TextReaderTest, InvalidUtf8IsRepaired) {
  RecordingSink sink;
  ParseTextArticle("Caf\xE9\nTexte", "a.txt", "a.txt", TextFileOptions{}, sink);
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_EQ("Caf\xEF\xBF\xBD", sink.articles[0].title);
  EXPECT_EQ(1u, sink.articles[0].repaired_utf8);
  ASSERT_EQ(1u, sink.warnings.size());
  EXPECT_TRUE(Contains(sink.warnings[0].message, "U+FFFD"));
}

class TextFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "facette-text-XXXXXX").string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(TextFileTest, ReadsAFile) {
  fs::path path = dir_ / "a.md";
  {
    std::ofstream out(path, std::ios::binary);
    out << "# Cameroun\r\n2017-03-17\r\n\r\nTexte.\r\n";
  }
  TextFileOptions options;
  options.markdown = true;
  RecordingSink sink;
  ASSERT_TRUE(ReadTextFile(path.string(), "a.md", "in/a.md", options, sink).ok());
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_EQ("a.md", sink.articles[0].id);
  EXPECT_EQ("Cameroun", sink.articles[0].title);
  EXPECT_EQ((Date{2017, 3, 17}), sink.articles[0].date);
}

TEST_F(TextFileTest, MissingFileIsAnIOError) {
  RecordingSink sink;
  Status status =
      ReadTextFile((dir_ / "missing.txt").string(), "missing.txt", "missing.txt", {}, sink);
  EXPECT_EQ(Status::Code::kIOError, status.code());
  EXPECT_TRUE(sink.articles.empty());
  EXPECT_TRUE(sink.rejections.empty());
}

TEST(TextReaderCorpusTest, ReadsTheCommittedSamples) {
  const fs::path dir = fs::path(FACETTE_SOURCE_DIR) / "corpus" / "text";
  static const struct {
    const char* file;
    bool markdown;
    Date date;
  } kCases[] = {
      {"ebola-l-oms-declare-que-l-epidemie-est-terminee-en-afrique.txt", false, {2016, 1, 1}},
      {"cameroun-liberation-de-5-000-otages-de-boko-haram.md", true, {2017, 3, 17}},
  };
  for (const auto& c : kCases) {
    TextFileOptions options;
    options.markdown = c.markdown;
    RecordingSink sink;
    ASSERT_TRUE(ReadTextFile((dir / c.file).string(), c.file, c.file, options, sink).ok());
    ASSERT_EQ(1u, sink.articles.size()) << c.file;
    EXPECT_TRUE(sink.articles[0].has_date) << c.file;
    EXPECT_EQ(c.date, sink.articles[0].date) << c.file;
    EXPECT_FALSE(sink.articles[0].title.empty());
    EXPECT_NE('#', sink.articles[0].title[0]);
  }
}

}  // namespace
}  // namespace facette
