// Tests of the JSON Lines reader (indexer/jsonl_reader.h).
#include "indexer/jsonl_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace facette {
namespace {

namespace fs = std::filesystem;

// Keeps everything a reader sends.
class RecordingSink : public RecordSink {
 public:
  void OnArticle(ParsedArticle&& article) override { articles.push_back(std::move(article)); }
  void OnRejection(Rejection&& rejection) override { rejections.push_back(std::move(rejection)); }
  void OnWarning(Warning&& warning) override { warnings.push_back(std::move(warning)); }

  std::vector<ParsedArticle> articles;
  std::vector<Rejection> rejections;
  std::vector<Warning> warnings;
};

const SourcePosition kPosition{"test.jsonl", 7};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(JsonLinesReaderTest, ReadsEveryField) {
  JsonLinesReader reader;
  RecordingSink sink;
  reader.ParseLine(
      R"({"id": " winer-fr/1 ", "title": "René Angélil meurt", "body": "Le texte.\n\nSuite.",)"
      R"( "date": "2016-01-14", "url": " https://fr.wikinews.org/wiki/x ", "source": "Wikinews",)"
      R"( "persons": ["René Angélil", "Céline Dion"], "organizations": ["Feeling"],)"
      R"( "locations": ["Las Vegas", "Nevada"]})",
      kPosition, sink);
  ASSERT_EQ(0u, sink.rejections.size()) << sink.rejections[0].reason;
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_TRUE(sink.warnings.empty());
  const ParsedArticle& a = sink.articles[0];
  EXPECT_EQ("winer-fr/1", a.id);
  EXPECT_EQ("René Angélil meurt", a.title);
  EXPECT_EQ("Le texte.\n\nSuite.", a.body);
  EXPECT_TRUE(a.has_date);
  EXPECT_EQ((Date{2016, 1, 14}), a.date);
  EXPECT_EQ("https://fr.wikinews.org/wiki/x", a.url);
  EXPECT_EQ("Wikinews", a.source);
  EXPECT_TRUE(a.has_entity_lists);
  EXPECT_EQ((std::vector<std::string>{"René Angélil", "Céline Dion"}),
            a.entities[Index(EntityType::kPerson)]);
  EXPECT_EQ((std::vector<std::string>{"Feeling"}), a.entities[Index(EntityType::kOrganization)]);
  EXPECT_EQ((std::vector<std::string>{"Las Vegas", "Nevada"}),
            a.entities[Index(EntityType::kLocation)]);
  EXPECT_EQ(0u, a.repaired_utf8);
  EXPECT_EQ("test.jsonl:7", a.position.ToString());
}

TEST(JsonLinesReaderTest, GoodLines) {
  static const struct {
    const char* line;
    const char* id;
    const char* title;
    const char* body;
    bool has_date;
    Date date;
    bool has_entity_lists;
    std::size_t persons;
  } kCases[] = {
      {R"({"id":"a","title":"t"})", "a", "t", "", false, {}, false, 0},
      {R"({"id":"a","body":"b"})", "a", "", "b", false, {}, false, 0},
      {R"({"id":"a","title":"t","date":null,"persons":null,"url":null,"body":null})",
       "a",
       "t",
       "",
       false,
       {},
       false,
       0},
      {R"({"id":"a","title":"t","date":""})", "a", "t", "", false, {}, false, 0},
      {R"({"id":"a","title":"t","date":"2017-02-07T18:30:00+01:00"})",
       "a",
       "t",
       "",
       true,
       {2017, 2, 7},
       false,
       0},
      {R"({"id":"a","title":"t","date":"2016-02-29T23:59:59.5Z"})",
       "a",
       "t",
       "",
       true,
       {2016, 2, 29},
       false,
       0},
      {R"({"id":"a","title":"t","persons":[]})", "a", "t", "", false, {}, true, 0},
      {R"({"id":"a","title":"t","locations":[]})", "a", "t", "", false, {}, true, 0},
      {R"({"id":"a","title":"t","persons":["", "  ", "X"]})", "a", "t", "", false, {}, true, 1},
      {R"({"id":"caf\u00e9","title":"\u00c9t\u00e9 \"chaud\""})",
       "café",
       "Été \"chaud\"",
       "",
       false,
       {},
       false,
       0},
      {"  {\"id\":\"a\",\"title\":\"t\"}  ", "a", "t", "", false, {}, false, 0},
  };
  for (const auto& c : kCases) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(c.line, kPosition, sink);
    ASSERT_TRUE(sink.rejections.empty()) << c.line << ": " << sink.rejections[0].reason;
    ASSERT_EQ(1u, sink.articles.size()) << c.line;
    const ParsedArticle& a = sink.articles[0];
    EXPECT_EQ(c.id, a.id) << c.line;
    EXPECT_EQ(c.title, a.title) << c.line;
    EXPECT_EQ(c.body, a.body) << c.line;
    EXPECT_EQ(c.has_date, a.has_date) << c.line;
    if (c.has_date) {
      EXPECT_EQ(c.date, a.date) << c.line;
    }
    EXPECT_EQ(c.has_entity_lists, a.has_entity_lists) << c.line;
    EXPECT_EQ(c.persons, a.entities[Index(EntityType::kPerson)].size()) << c.line;
  }
}

TEST(JsonLinesReaderTest, BadLinesAreRejectedWithAReason) {
  static const struct {
    const char* line;
    const char* reason;  // substring of the rejection reason
  } kCases[] = {
      {R"({"id": "a", "title": )", "broken JSON"},
      {R"({"id": "a", "title": "t")", "broken JSON"},
      {R"({"id": "a" "title": "t"})", "broken JSON"},
      {"not json", "broken JSON"},
      {R"([{"id": "a", "title": "t"}])", "expected a JSON object, got an array"},
      {R"("a string")", "expected a JSON object, got a string"},
      {"42", "expected a JSON object, got a number"},
      {R"({"title": "t"})", "field \"id\": missing"},
      {R"({"id": null, "title": "t"})", "field \"id\": missing"},
      {R"({"id": "", "title": "t"})", "field \"id\": is empty"},
      {R"({"id": "   ", "title": "t"})", "field \"id\": is empty"},
      {R"({"id": 12, "title": "t"})", "field \"id\": expected a string, got a number"},
      {R"({"id": ["a"], "title": "t"})", "field \"id\": expected a string, got an array"},
      {R"({"id": "a", "title": 3})", "field \"title\": expected a string, got a number"},
      {R"({"id": "a", "title": "t", "body": true})", "field \"body\""},
      {R"({"id": "a", "title": "t", "url": {}})", "field \"url\""},
      {R"({"id": "a", "title": "t", "persons": "François Hollande"})",
       "field \"persons\": expected an array of strings, got a string"},
      {R"({"id": "a", "title": "t", "organizations": {"a": 1}})", "field \"organizations\""},
      {R"({"id": "a", "title": "t", "persons": ["François Hollande", 3]})",
       "field \"persons\": element 1 is not a string but a number"},
      {R"({"id": "a", "title": "t", "locations": [null]})",
       "field \"locations\": element 0 is not a string but null"},
      {R"({"id": "a", "title": "t", "date": "2025-13-45"})", "field \"date\": month 13"},
      {R"({"id": "a", "title": "t", "date": "2017-02-29"})", "field \"date\": day 29"},
      {R"({"id": "a", "title": "t", "date": "hier"})", "field \"date\""},
      {R"({"id": "a", "title": "t", "date": 20160101})", "field \"date\""},
      {R"({"id": "a"})", "no text"},
      {R"({"id": "a", "title": "", "body": ""})", "no text"},
      {R"({"id": "a", "title": "  \t ", "body": "\n\r\n "})", "no text"},
      {R"({"id": "a", "title": null, "body": null})", "no text"},
      // A field given twice: which value is meant cannot be known.
      {R"({"id": "a15", "title": "t", "id": "a15b"})", "field \"id\": given twice"},
      {R"({"id": "a", "title": "t", "persons": ["A"], "persons": ["B"]})",
       "field \"persons\": given twice"},
  };
  for (const auto& c : kCases) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(c.line, kPosition, sink);
    EXPECT_TRUE(sink.articles.empty()) << c.line;
    ASSERT_EQ(1u, sink.rejections.size()) << c.line;
    const Rejection& r = sink.rejections[0];
    EXPECT_TRUE(Contains(r.reason, c.reason)) << c.line << " -> " << r.reason;
    EXPECT_EQ(c.line, r.raw);
    EXPECT_EQ("test.jsonl:7", r.position.ToString());
  }
}

TEST(JsonLinesReaderTest, RejectsIdsTooLongForAXapianTerm) {
  JsonLinesReader reader;
  RecordingSink sink;
  reader.ParseLine(R"({"id":")" + std::string(240, 'x') + R"(","title":"t"})", kPosition, sink);
  reader.ParseLine(R"({"id":")" + std::string(241, 'x') + R"(","title":"t"})", kPosition, sink);
  EXPECT_EQ(1u, sink.articles.size());
  ASSERT_EQ(1u, sink.rejections.size());
  EXPECT_TRUE(Contains(sink.rejections[0].reason, "field \"id\"")) << sink.rejections[0].reason;
  EXPECT_TRUE(Contains(sink.rejections[0].reason, "241")) << sink.rejections[0].reason;
}

// An id is a key and a line of `facette-query --format ids`: it must come
// out as it went in. One that held invalid UTF-8 would be repaired into
// another id ("z\xFF" and "z\xFE" would both become "z\uFFFD" and replace
// each other), and a control character breaks line-based output: both are
// rejected, naming the field.
TEST(JsonLinesReaderTest, IdsThatCannotRoundTripAreRejected) {
  static const struct {
    std::string line;
    const char* reason;  // substring of the rejection reason
  } kCases[] = {
      {"{\"id\":\"z\xFF\",\"title\":\"t\"}", "invalid UTF-8"},
      {"{\"id\":\"z\xFE\",\"title\":\"t\"}", "invalid UTF-8"},
      {"{\"id\":\"\xC3(\",\"title\":\"t\",\"body\":\"caf\xE9\"}", "invalid UTF-8"},
      {R"({"id":"a\nb","title":"t"})", "control character U+000A"},
      {R"({"id":"a\u0000b","title":"t"})", "control character U+0000"},
      {R"({"id":"a\tb","title":"t"})", "control character U+0009"},
      {R"({"id":"\u0001a","title":"t"})", "control character U+0001"},
      {R"({"id":"a\u001b[31m","title":"t"})", "control character U+001B"},
      {R"({"id":"a\u007fb","title":"t"})", "control character U+007F"},
      {R"({"id":"a\u0085b","title":"t"})", "control character U+0085"},
      {"{\"id\":\"a\xC2\x9F\",\"title\":\"t\"}", "control character U+009F"},
  };
  for (const auto& c : kCases) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(c.line, kPosition, sink);
    EXPECT_TRUE(sink.articles.empty()) << c.line;
    ASSERT_EQ(1u, sink.rejections.size()) << c.line;
    const Rejection& r = sink.rejections[0];
    EXPECT_TRUE(Contains(r.reason, "field \"id\"")) << c.line << " -> " << r.reason;
    EXPECT_TRUE(Contains(r.reason, c.reason)) << c.line << " -> " << r.reason;
    EXPECT_EQ(c.line, r.raw);
  }
}

// Only an id that needed repair is refused: a real U+FFFD in an id is kept,
// even when other fields of the line needed repair; white space around an
// id is trimmed as before.
TEST(JsonLinesReaderTest, IdsThatRoundTripAreKept) {
  static const struct {
    std::string line;
    std::string id;
    std::uint64_t repaired;
  } kCases[] = {
      {"{\"id\":\"a\xEF\xBF\xBD\",\"title\":\"caf\xE9\"}", "a\xEF\xBF\xBD", 1},
      {"{\"id\":\"a\\ufffd\",\"title\":\"t\",\"body\":\"\xFF\"}", "a\xEF\xBF\xBD", 1},
      {"{\"id\":\"\xEF\xBF\xBD\",\"title\":\"\xFF\xFE\"}", "\xEF\xBF\xBD", 2},
      {R"({"id":" \t a b\n\r ","title":"t"})", "a b", 0},
      {R"({"id":"caf\u00e9 \u00e0 l'\u00e9t\u00e9","title":"t"})", "café à l'été", 0},
  };
  for (const auto& c : kCases) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(c.line, kPosition, sink);
    ASSERT_TRUE(sink.rejections.empty()) << c.line << ": " << sink.rejections[0].reason;
    ASSERT_EQ(1u, sink.articles.size()) << c.line;
    EXPECT_EQ(c.id, sink.articles[0].id) << c.line;
    EXPECT_EQ(c.repaired, sink.articles[0].repaired_utf8) << c.line;
  }
}

// Time zone offsets exist from -12:00 to +14:00: an offset beyond ±14:00 or
// with 60 minutes or more is a mistake, not a time zone. RFC 3339 allows a
// space for the T, and a blank date is no date, like null.
TEST(JsonLinesReaderTest, DateTimesAreCheckedUpToTheirOffset) {
  static const struct {
    const char* date;
    bool ok;
    const char* reason;  // substring of the rejection reason when not ok
  } kCases[] = {
      {"2016-01-01T10:00+25:00", false, "offset +25:00"},
      {"2016-01-01T10:00:00-14:30", false, "offset -14:30"},
      {"2016-01-01T10:00:00+05:60", false, "offset +05:60"},
      {"2016-01-01T10:00+2500", false, "offset +2500"},
      {"2016-01-01T10:00+15", false, "offset +15"},
      {"2016-01-01T24:30", false, "no hour 24"},
      {"2016-01-01T10:00+14:00", true, ""},
      {"2016-01-01T10:00:00-12:00", true, ""},
      {"2016-01-01T10:00+0530", true, ""},
      {"2016-01-01T10:00-03", true, ""},
      {"2016-01-01T24:00", true, ""},
      {"2016-01-01 10:00:00+01:00", true, ""},
  };
  for (const auto& c : kCases) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(std::string(R"({"id":"a","title":"t","date":")") + c.date + "\"}", kPosition,
                     sink);
    if (c.ok) {
      ASSERT_EQ(1u, sink.articles.size()) << c.date << ": " << sink.rejections[0].reason;
      EXPECT_TRUE(sink.articles[0].has_date) << c.date;
      EXPECT_EQ((Date{2016, 1, 1}), sink.articles[0].date) << c.date;
      continue;
    }
    ASSERT_EQ(1u, sink.rejections.size()) << c.date;
    EXPECT_TRUE(Contains(sink.rejections[0].reason, "field \"date\"")) << sink.rejections[0].reason;
    EXPECT_TRUE(Contains(sink.rejections[0].reason, c.reason)) << sink.rejections[0].reason;
  }
  for (const char* blank : {R"("")", R"("  ")", "null"}) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(std::string(R"({"id":"a","title":"t","date":)") + blank + "}", kPosition,
                     sink);
    ASSERT_EQ(1u, sink.articles.size()) << blank;
    EXPECT_FALSE(sink.articles[0].has_date) << blank;
  }
}

TEST(JsonLinesReaderTest, UnknownFieldsWarnedOncePerNamePerReader) {
  JsonLinesReader reader;
  RecordingSink sink;
  reader.ParseLine(R"({"id":"1","title":"t","foo":1})", SourcePosition{"f", 1}, sink);
  reader.ParseLine(R"({"id":"2","title":"t","foo":"x","bar":[]})", SourcePosition{"f", 2}, sink);
  reader.ParseLine(R"({"id":"3","title":"t","foo":null,"bar":2,"baz":3})", SourcePosition{"f", 3},
                   sink);
  EXPECT_EQ(3u, sink.articles.size());
  ASSERT_EQ(3u, sink.warnings.size());
  EXPECT_TRUE(Contains(sink.warnings[0].message, "\"foo\"")) << sink.warnings[0].message;
  EXPECT_EQ("f:1", sink.warnings[0].position.ToString());
  EXPECT_TRUE(Contains(sink.warnings[1].message, "\"bar\"")) << sink.warnings[1].message;
  EXPECT_EQ("f:2", sink.warnings[1].position.ToString());
  EXPECT_TRUE(Contains(sink.warnings[2].message, "\"baz\"")) << sink.warnings[2].message;

  // Another reader (another run) warns again.
  JsonLinesReader other;
  RecordingSink other_sink;
  other.ParseLine(R"({"id":"1","title":"t","foo":1})", SourcePosition{"f", 1}, other_sink);
  EXPECT_EQ(1u, other_sink.warnings.size());
}

TEST(JsonLinesReaderTest, InvalidUtf8IsRepairedAndCounted) {
  static const struct {
    std::string line;
    const char* title;
    std::uint64_t repaired;
  } kCases[] = {
      {"{\"id\":\"a\",\"title\":\"caf\xE9\"}", "caf\xEF\xBF\xBD", 1},
      {"{\"id\":\"a\",\"title\":\"\xFF x \xC3\"}", "\xEF\xBF\xBD x \xEF\xBF\xBD", 2},
      {"{\"id\":\"a\",\"title\":\"ok\",\"body\":\"\xED\xA0\x80\"}", "ok", 3},
  };
  for (const auto& c : kCases) {
    JsonLinesReader reader;
    RecordingSink sink;
    reader.ParseLine(c.line, kPosition, sink);
    ASSERT_TRUE(sink.rejections.empty()) << c.line << ": " << sink.rejections[0].reason;
    ASSERT_EQ(1u, sink.articles.size());
    EXPECT_EQ(c.title, sink.articles[0].title);
    EXPECT_EQ(c.repaired, sink.articles[0].repaired_utf8) << c.line;
    ASSERT_EQ(1u, sink.warnings.size());
    EXPECT_TRUE(Contains(sink.warnings[0].message, "U+FFFD")) << sink.warnings[0].message;
  }
}

TEST(JsonLinesReaderTest, RawLineOfRejectionIsTheInputByteForByte) {
  // Invalid UTF-8 in a rejected line: the raw line keeps the original bytes,
  // not the repaired ones.
  const std::string line = "{\"id\":\"a\",\"title\":\"caf\xE9\",\"persons\":\"x\"}";
  JsonLinesReader reader;
  RecordingSink sink;
  reader.ParseLine(line, kPosition, sink);
  ASSERT_EQ(1u, sink.rejections.size());
  EXPECT_EQ(line, sink.rejections[0].raw);
  EXPECT_TRUE(sink.warnings.empty());

  const std::string with_nul("{\"id\":\"a\"\0}", 11);
  sink.rejections.clear();
  reader.ParseLine(with_nul, kPosition, sink);
  ASSERT_EQ(1u, sink.rejections.size());
  EXPECT_EQ(with_nul, sink.rejections[0].raw);
}

TEST(JsonLinesReaderTest, MaxLineBytes) {
  JsonLinesOptions options;
  options.max_line_bytes = 23;
  JsonLinesReader reader(options);
  RecordingSink sink;
  const std::string fits = R"({"id":"a","title":"xy"})";
  ASSERT_EQ(23u, fits.size());
  const std::string too_long = R"({"id":"a","title":"xyz"})";
  ASSERT_EQ(24u, too_long.size());
  reader.ParseLine(fits, kPosition, sink);
  reader.ParseLine(too_long, kPosition, sink);
  EXPECT_EQ(1u, sink.articles.size());
  ASSERT_EQ(1u, sink.rejections.size());
  EXPECT_TRUE(Contains(sink.rejections[0].reason, "24 bytes")) << sink.rejections[0].reason;
  EXPECT_TRUE(Contains(sink.rejections[0].reason, "limit of 23")) << sink.rejections[0].reason;
  EXPECT_EQ(too_long, sink.rejections[0].raw);
}

class JsonLinesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "facette-jsonl-XXXXXX").string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& contents) {
    fs::path path = dir_ / name;
    std::ofstream out(path, std::ios::binary);
    out << contents;
    return path.string();
  }
  fs::path dir_;
};

TEST_F(JsonLinesFileTest, BomCrlfAndBlankLinesKeepLineNumbers) {
  const std::string bad3 = R"({"id": "c", "persons": "x", "title": "t"})";
  const std::string bad6 = R"({"id": "f", "title": "t", "date": "2025-13-45"})";
  const std::string contents =
      "\xEF\xBB\xBF{\"id\": \"a\", \"title\": \"un\"}\r\n"  // 1
      "\r\n"                                                // 2
      + bad3 +
      "\r\n"                                     // 3
      "   \t\r\n"                                // 4
      "{\"id\": \"e\", \"body\": \"cinq\"}\r\n"  // 5
      + bad6;                                    // 6
  std::string path = Write("in.jsonl", contents);
  JsonLinesReader reader;
  RecordingSink sink;
  ASSERT_TRUE(reader.ReadFile(path, "corpus/in.jsonl", sink).ok());

  ASSERT_EQ(2u, sink.articles.size());
  EXPECT_EQ("a", sink.articles[0].id);
  EXPECT_EQ("un", sink.articles[0].title);
  EXPECT_EQ("corpus/in.jsonl:1", sink.articles[0].position.ToString());
  EXPECT_EQ("e", sink.articles[1].id);
  EXPECT_EQ("cinq", sink.articles[1].body);
  EXPECT_EQ("corpus/in.jsonl:5", sink.articles[1].position.ToString());

  ASSERT_EQ(2u, sink.rejections.size());
  EXPECT_EQ("corpus/in.jsonl:3", sink.rejections[0].position.ToString());
  EXPECT_TRUE(Contains(sink.rejections[0].reason, "field \"persons\""));
  EXPECT_EQ(bad3 + "\r", sink.rejections[0].raw);  // byte for byte, CR included
  EXPECT_EQ("corpus/in.jsonl:6", sink.rejections[1].position.ToString());
  EXPECT_TRUE(Contains(sink.rejections[1].reason, "field \"date\""));
  EXPECT_EQ(bad6, sink.rejections[1].raw);
}

TEST_F(JsonLinesFileTest, RejectedFirstLineKeepsItsBom) {
  const std::string line = "\xEF\xBB\xBF{\"id\": 1, \"title\": \"t\"}\r";
  std::string path = Write("bom.jsonl", line + "\n{\"id\": \"b\", \"title\": \"t\"}\n");
  JsonLinesReader reader;
  RecordingSink sink;
  ASSERT_TRUE(reader.ReadFile(path, "bom.jsonl", sink).ok());
  ASSERT_EQ(1u, sink.articles.size());
  EXPECT_EQ("bom.jsonl:2", sink.articles[0].position.ToString());
  ASSERT_EQ(1u, sink.rejections.size());
  EXPECT_EQ("bom.jsonl:1", sink.rejections[0].position.ToString());
  EXPECT_TRUE(Contains(sink.rejections[0].reason, "field \"id\"")) << sink.rejections[0].reason;
  EXPECT_EQ(line, sink.rejections[0].raw);
}

TEST_F(JsonLinesFileTest, UnknownFieldWarningsSpanFiles) {
  std::string one = Write("1.jsonl", "{\"id\":\"a\",\"title\":\"t\",\"foo\":1}\n");
  std::string two = Write("2.jsonl", "{\"id\":\"b\",\"title\":\"t\",\"foo\":2}\n");
  JsonLinesReader reader;
  RecordingSink sink;
  ASSERT_TRUE(reader.ReadFile(one, "1.jsonl", sink).ok());
  ASSERT_TRUE(reader.ReadFile(two, "2.jsonl", sink).ok());
  EXPECT_EQ(2u, sink.articles.size());
  EXPECT_EQ(1u, sink.warnings.size());
}

TEST_F(JsonLinesFileTest, MissingFileIsAnIOError) {
  JsonLinesReader reader;
  RecordingSink sink;
  Status status = reader.ReadFile((dir_ / "missing.jsonl").string(), "missing.jsonl", sink);
  EXPECT_EQ(Status::Code::kIOError, status.code());
  EXPECT_TRUE(sink.articles.empty());
  EXPECT_TRUE(sink.rejections.empty());
}

TEST(JsonLinesStreamTest, ReadsFromAStream) {
  std::istringstream in(
      "{\"id\":\"a\",\"title\":\"t\"}\n\n{\"id\":\"b\"}\n{\"id\":\"c\",\"title\":\"t\"}");
  JsonLinesReader reader;
  RecordingSink sink;
  ASSERT_TRUE(reader.ReadStream(in, "<stdin>", sink).ok());
  ASSERT_EQ(2u, sink.articles.size());
  EXPECT_EQ("<stdin>:1", sink.articles[0].position.ToString());
  EXPECT_EQ("<stdin>:4", sink.articles[1].position.ToString());
  ASSERT_EQ(1u, sink.rejections.size());
  EXPECT_EQ("<stdin>:3", sink.rejections[0].position.ToString());
}

}  // namespace
}  // namespace facette
