// End to end: every file of the committed bad-input collection
// (tests/data/bad-input/) fed to facette-index. For each: no crash, the
// documented exit status, a FILE:LINE message naming what is wrong for every
// bad record, every good record indexed, and the rejected records written
// byte for byte to the rejects file.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>

#include "e2e_support.h"
#include "schema/dates.h"
#include "schema/fields.h"
#include "schema/mentioned_dates.h"

namespace facette::e2e {
namespace {

std::string BadInputDir() { return std::string(FACETTE_SOURCE_DIR) + "/tests/data/bad-input"; }

struct Rejected {
  int line;
  const char* says;  // a part of the message
};

struct BadInputCase {
  const char* file;
  int exit_status;
  std::vector<const char*> indexed_ids;
  std::vector<Rejected> rejected;
  std::vector<Rejected> warnings;
};

const BadInputCase kCases[] = {
    {"broken_json.jsonl", 3, {"bj-1", "bj-3"}, {{2, "broken JSON"}, {4, "broken JSON"}}, {}},
    {"invalid_utf8.jsonl", 0, {"iu-1", "iu-2"}, {}, {{2, "invalid UTF-8"}}},
    {"latin1.jsonl", 0, {"l1-1", "l1-2"}, {}, {{1, "invalid UTF-8"}}},
    {"bom_crlf.jsonl", 3, {"bc-1", "bc-2"}, {{4, "no text"}}, {}},
    {"nul_bytes.jsonl", 3, {"nb-1", "nb-3"}, {{2, "broken JSON"}}, {}},
    {"empty.jsonl", 0, {}, {}, {}},
    {"ids.jsonl",
     3,
     {"id-ok"},
     {{1, "field \"id\": missing"},
      {2, "field \"id\": is empty"},
      {3, "field \"id\": is empty"},
      {4, "field \"id\": expected a string, got a number"},
      {5, "field \"id\": expected a string, got an array"}},
     {}},
    {"duplicate_ids.jsonl", 0, {"dup-1", "dup-2"}, {}, {}},
    {"entities_wrong_type.jsonl",
     3,
     {"ew-4"},
     {{1, "field \"persons\""}, {2, "field \"organizations\""}, {3, "field \"locations\""}},
     {}},
    {"bad_dates.jsonl",
     3,
     {"bd-6", "bd-9", "bd-10"},
     {{1, "field \"date\": month 13"},
      {2, "field \"date\": expected an ISO 8601 date"},
      {3, "field \"date\": expected an ISO 8601 date"},
      {4, "field \"date\": day 29 does not exist"},
      {5, "field \"date\": expected a string"},
      {7, "field \"date\": the time zone offset +25:00"},
      {8, "field \"date\": the time zone offset +05:60"}},
     {}},
    // Ids must round-trip: invalid UTF-8 (two ids that repair would merge)
    // and control characters are rejected; a real U+FFFD is kept.
    {"bad_ids.jsonl",
     3,
     {"ok-\xEF\xBF\xBD", "ok-7"},
     {{1, "field \"id\": holds invalid UTF-8"},
      {2, "field \"id\": holds invalid UTF-8"},
      {3, "field \"id\": holds the control character U+000A"},
      {4, "field \"id\": holds the control character U+0085"},
      {5, "field \"id\": holds the control character U+001B"}},
     {{6, "invalid UTF-8"}}},
    {"whitespace_only.jsonl", 3, {"ws-3"}, {{1, "no text"}, {2, "no text"}}, {}},
    {"deep_nesting.jsonl", 3, {"dn-2"}, {{1, "too deep"}}, {}},
    {"not_an_object.jsonl",
     3,
     {"no-1"},
     {{1, "expected a JSON object, got an array"},
      {2, "expected a JSON object, got a string"},
      {3, "expected a JSON object, got null"}},
     {}},
};

// The lines of a file exactly as stored, without their '\n'.
std::vector<std::string> RawLines(const std::string& contents) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < contents.size()) {
    std::size_t end = contents.find('\n', start);
    if (end == std::string::npos) end = contents.size();
    lines.push_back(contents.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

class BadInputE2E : public ::testing::TestWithParam<BadInputCase> {};

TEST_P(BadInputE2E, GoodRecordsIndexedBadOnesReportedAndKept) {
  const BadInputCase& c = GetParam();
  TempDir dir;
  std::string input = BadInputDir() + "/" + c.file;
  std::string db = dir.Path("db"), rejects = dir.Path("rejects");
  CommandResult r = RunCommand({IndexBinary(), "--db", db, "--rejects", rejects, input});
  EXPECT_EQ(r.exit_status, c.exit_status) << r.err;

  Xapian::Database opened(db);
  EXPECT_EQ(opened.get_doccount(), c.indexed_ids.size()) << r.err;
  for (const char* id : c.indexed_ids) {
    EXPECT_EQ(opened.get_termfreq(std::string("Q") + id), 1u) << id << " not indexed\n" << r.err;
  }

  std::vector<std::string> lines = RawLines(ReadFile(input));
  std::string kept;
  for (const Rejected& rej : c.rejected) {
    std::string prefix = input + ":" + std::to_string(rej.line) + ": ";
    std::size_t at = r.err.find(prefix);
    ASSERT_NE(at, std::string::npos) << "no message for line " << rej.line << ":\n" << r.err;
    std::string message = r.err.substr(at, r.err.find('\n', at) - at);
    EXPECT_NE(message.find(rej.says), std::string::npos) << message;
    kept += lines.at(static_cast<std::size_t>(rej.line - 1)) + "\n";
  }
  EXPECT_EQ(ReadFile(rejects), kept) << "rejects must hold the bad lines byte for byte";
  for (const Rejected& w : c.warnings) {
    std::string prefix = input + ":" + std::to_string(w.line) + ": warning: ";
    std::size_t at = r.err.find(prefix);
    ASSERT_NE(at, std::string::npos) << "no warning for line " << w.line << ":\n" << r.err;
    EXPECT_NE(r.err.find(w.says, at), std::string::npos) << r.err;
  }
  EXPECT_NE(r.err.find(std::to_string(c.rejected.size()) + " rejected"), std::string::npos)
      << r.err;
}

INSTANTIATE_TEST_SUITE_P(Collection, BadInputE2E, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadInputCase>& param_info) {
                           std::string name = param_info.param.file;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

// The rejects file is appended to, never truncated: two runs with the same
// --rejects file keep the bad records of both, in run order, after what the
// file already held.
TEST(BadInputRejectsE2E, TwoRunsAppendTheirRejectsToOneFile) {
  TempDir dir;
  const std::string rejects = dir.Path("rejects");
  const std::string before = "already here\n";
  WriteFile(rejects, before);
  // Each input with the lines (1-based) the collection's table says are bad.
  const struct {
    const char* file;
    std::vector<int> bad_lines;
  } kRuns[] = {{"broken_json.jsonl", {2, 4}}, {"ids.jsonl", {1, 2, 3, 4, 5}}};
  std::string want = before;
  for (const auto& run : kRuns) {
    const std::string input = BadInputDir() + "/" + run.file;
    CommandResult r =
        RunCommand({IndexBinary(), "--db", dir.Path("db"), "--rejects", rejects, input});
    EXPECT_EQ(r.exit_status, 3) << run.file << "\n" << r.err;
    std::vector<std::string> lines = RawLines(ReadFile(input));
    for (int n : run.bad_lines) want += lines.at(static_cast<std::size_t>(n - 1)) + "\n";
  }
  EXPECT_EQ(ReadFile(rejects), want);
}

// The binary file is named on stderr; the rejects file, which holds JSON
// Lines records to fix and feed again, does not get it.
TEST(BadInputDirectoryE2E, ABinaryFileInADirectoryIsRejectedAndTheRestIndexed) {
  TempDir dir;
  std::string root = BadInputDir() + "/dir_with_binary";
  CommandResult r = RunCommand(
      {IndexBinary(), "--db", dir.Path("db"), "--rejects", dir.Path("rejects.jsonl"), root});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  EXPECT_NE(r.err.find(root + "/sub/image.txt:1: binary file"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(dir.Path("rejects.jsonl")), "");
  Xapian::Database db(dir.Path("db"));
  EXPECT_EQ(db.get_doccount(), 2u);  // good.jsonl's article and sub/note.md; photo.jpg skipped
  EXPECT_EQ(db.get_termfreq("Qdwb-1"), 1u);
  EXPECT_EQ(db.get_termfreq("Qsub/note.md"), 1u);
}

// Entity names around the length limits of Xapian's terms and metadata
// keys (an entity term also names its spelling counts): every article is
// indexed, one thread or parallel, a name is a facet exactly when its
// term and its label key fit, and a name left out is a warning naming the
// record and the field.
class LongEntityNameE2E : public ::testing::TestWithParam<int> {};

TEST_P(LongEntityNameE2E, LongNamesNeverFailTheImport) {
  TempDir dir;
  std::string input;
  for (int n = 220; n <= 250; ++n) {
    input += "{\"id\": \"long/" + std::to_string(n) +
             "\", \"title\": \"Titre\", \"body\": \"Un texte.\", \"date\": \"2020-01-01\", "
             "\"persons\": [\"" +
             std::string(n, 'b') + "\"]}\n";
  }
  WriteFile(dir.Path("in.jsonl"), input);
  CommandResult r = RunCommand({IndexBinary(), "--db", dir.Path("db"), "--jobs",
                                std::to_string(GetParam()), dir.Path("in.jsonl")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  Xapian::Database db(dir.Path("db"));
  EXPECT_EQ(db.get_doccount(), 31u);
  const std::string prefix(EntityField(EntityType::kPerson).prefix);
  for (int n = 220; n <= 250; ++n) {
    // The label key: "facette.label." + term, behind glass's two-byte marker.
    const std::string term = prefix + std::string(n, 'b');
    const bool fits = 2 + std::string("facette.label.").size() + term.size() <= 255;
    EXPECT_EQ(db.get_termfreq(term), fits ? 1u : 0u) << n;
    EXPECT_EQ(db.get_metadata("facette.label." + term).empty(), !fits) << n;
    const std::string warning =
        dir.Path("in.jsonl") + ":" + std::to_string(n - 219) + ": warning: field \"persons\": ";
    EXPECT_EQ(r.err.find(warning) == std::string::npos, fits) << n << "\n" << r.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Jobs, LongEntityNameE2E, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& param) {
                           return param.param == 1 ? std::string("OneThread")
                                                   : std::string("ParallelShards");
                         });

// `text` as a JSON string, quotes included.
std::string JsonQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A 50 MB body of real French text (the shared corpus's bodies, repeated)
// without entity lists: the default extraction tags all of it, with memory
// bounded by a window of the text rather than the text (it took 3.9 GB),
// and the line after it is indexed.
TEST(BadInputLargeLineE2E, FiftyMegabyteBodyIsExtractedWithBoundedMemory) {
  TempDir dir;
  std::string input = dir.Path("big.jsonl");
  {
    std::string articles;
    for (const CorpusArticle& a :
         ReadCorpusArticles(std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr.jsonl")) {
      articles += a.body + "\n\n";
    }
    ASSERT_GT(articles.size(), 1000000u);
    std::string body;
    while (body.size() < (50u << 20)) body += articles;
    WriteFile(input,
              "{\"id\":\"big-1\",\"title\":\"Un très gros enregistrement\","
              "\"date\":\"2016-06-01\",\"body\":" +
                  JsonQuoted(body) +
                  "}\n{\"id\":\"big-2\",\"title\":\"Le suivant\",\"body\":\"Court.\"}\n");
  }
  CommandResult r = RunCommand({IndexBinary(), "--db", dir.Path("db"), input});
  EXPECT_EQ(r.exit_status, 0) << r.err.substr(0, 500);
  const long bound_kb = test::Sanitized() ? 1536L * 1024 : 512L * 1024;
  EXPECT_LT(r.peak_rss_kb, bound_kb) << "peak RSS in KiB";

  Xapian::Database db(dir.Path("db"));
  EXPECT_EQ(db.get_doccount(), 2u);
  Xapian::PostingIterator big = db.postlist_begin("Qbig-1");
  ASSERT_NE(big, db.postlist_end("Qbig-1"));
  // Extracted: names of each type, and the date the first body starts with
  // ("1er janvier 2016").
  std::size_t names[kEntityTypeCount] = {};
  for (Xapian::TermIterator t = db.termlist_begin(*big); t != db.termlist_end(*big); ++t) {
    for (EntityType type : kEntityTypes) {
      const std::string_view prefix = EntityField(type).prefix;
      if ((*t).compare(0, prefix.size(), prefix) == 0 && (*t).size() > prefix.size() &&
          std::isupper(static_cast<unsigned char>((*t)[prefix.size()])) == 0) {
        ++names[Index(type)];
      }
    }
  }
  for (EntityType type : kEntityTypes) EXPECT_GT(names[Index(type)], 0u) << Index(type);
  const PartialDate first_date{2016, 1, 1, PartialDate::Precision::kDay};
  for (const std::string& term : MentionedDateTerms(first_date)) {
    EXPECT_EQ(db.get_termfreq(term), 1u) << term;
  }
}

}  // namespace
}  // namespace facette::e2e
