// Tests of the two-thread compaction (indexer/split_compact.h): what it
// writes must be what one Xapian::Database::compact of the same sources
// writes, table file by table file, with a version file equal but for its
// uuid; and the version file splice must refuse files that do not describe
// the same documents.
#include "indexer/split_compact.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/glass_writer.h"
#include "same_database.h"
#include "support/process_support.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Decides a metadata key found in several sources by joining their tags,
// so that the test sees which sources took part and in which order.
class JoiningCompactor : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string&, std::size_t count,
                                         const std::string tags[]) override {
    std::string joined;
    for (std::size_t i = 0; i < count; ++i) joined += tags[i] + ";";
    return joined;
  }
};

// A source database of `documents` documents whose words depend on `seed`:
// positions (unless `positions` is false), values, data, metadata shared
// with the other sources, and, when `extras`, spellings and synonyms.
void WriteSource(const std::string& path, int seed, int documents, bool positions, bool extras) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (int d = 0; d < documents; ++d) {
    Xapian::Document doc;
    for (int w = 0; w < 40; ++w) {
      const std::string term = "w" + std::to_string((seed * 7 + d * 3 + w * w) % 97);
      if (positions) {
        doc.add_posting(term, static_cast<Xapian::termpos>(w + 1));
      } else {
        doc.add_term(term);
      }
    }
    doc.add_boolean_term("Q" + std::to_string(seed) + "-" + std::to_string(d));
    doc.add_value(0, std::to_string(seed * 1000 + d));
    doc.add_value(3, std::string(static_cast<std::size_t>(d % 5), 'v'));
    doc.set_data("data " + std::to_string(seed) + " " +
                 std::string(static_cast<std::size_t>(d), 'x'));
    db.add_document(doc);
  }
  // A document replaced after a commit: its old postings are gone.
  db.commit();
  if (documents > 2) {
    Xapian::Document doc;
    if (positions) {
      doc.add_posting("replaced", 1);
    } else {
      doc.add_term("replaced");
    }
    doc.set_data("replaced");
    db.replace_document(2, doc);
  }
  db.set_metadata("shared", "from " + std::to_string(seed));
  db.set_metadata("own-" + std::to_string(seed), "only here");
  if (extras) {
    db.add_spelling("compaction", static_cast<Xapian::termcount>(seed + 1));
    db.add_synonym("glass", "table");
  }
  db.commit();
}

class SplitCompactTest : public ::testing::Test {
 protected:
  // Compacts `sources` once with Xapian, once in two threads (asking for
  // `asked`, checking that the position table came from `expected_used`),
  // and compares. Tables written by Xapian must be the same bytes; the
  // position table merged here must be the same through Xapian's API.
  void ExpectSameAsOneCompaction(
      const std::vector<std::string>& sources,
      glass::PositionSources asked = glass::PositionSources::kXapian,
      glass::PositionSources expected_used = glass::PositionSources::kXapian) {
    const std::string one = dir_.Path("one");
    const std::string two = dir_.Path("two");
    const std::string scratch = dir_.Path("scratch");
    try {
      Xapian::Database all;
      for (const std::string& source : sources) all.add_database(Xapian::Database(source));
      JoiningCompactor compactor;
      all.compact(one, 0, 0, compactor);
    } catch (const Xapian::Error& e) {
      FAIL() << e.get_description();
    }
    fs::create_directory(two);
    glass::PositionSources used = glass::PositionSources::kBuilder;
    if (expected_used == glass::PositionSources::kBuilder) used = glass::PositionSources::kXapian;
    Status status = glass::CompactInTwoThreads(
        sources, two, scratch, [] { return std::make_unique<JoiningCompactor>(); }, asked, &used);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_FALSE(fs::exists(scratch));
    EXPECT_EQ(used, expected_used);

    // Every table file, byte for byte (or missing from both), but for a
    // position table merged here.
    for (const char* table :
         {"postlist", "docdata", "termlist", "position", "spelling", "synonym"}) {
      const std::string name = std::string(table) + ".glass";
      ASSERT_EQ(fs::exists(one + "/" + name), fs::exists(two + "/" + name)) << name;
      if (fs::exists(one + "/" + name) &&
          (used == glass::PositionSources::kXapian || name != "position.glass")) {
        EXPECT_TRUE(ReadBytes(one + "/" + name) == ReadBytes(two + "/" + name)) << name;
      }
    }
    // The version file: the same but for the uuid (bytes 16 to 31), and
    // for the position table's root when merged here.
    std::string a = ReadBytes(one + "/iamglass");
    std::string b = ReadBytes(two + "/iamglass");
    ASSERT_GT(a.size(), 32u);
    EXPECT_EQ(a.substr(0, 16), b.substr(0, 16));
    if (used == glass::PositionSources::kXapian) {
      EXPECT_EQ(a.substr(32), b.substr(32));
    }

    ExpectChecks(two);
    ExpectSameDatabase(Xapian::Database(one), Xapian::Database(two));
  }

  test::ScratchDir dir_;
};

TEST_F(SplitCompactTest, WritesWhatOneCompactionWrites) {
  std::vector<std::string> sources;
  for (int i = 0; i < 4; ++i) {
    sources.push_back(dir_.Path("source-" + std::to_string(i)));
    // The third has no positions; the second spellings and synonyms.
    WriteSource(sources.back(), i, 60 + 25 * i, i != 2, i == 1);
  }
  ExpectSameAsOneCompaction(sources);
  Xapian::Database merged(dir_.Path("two"));
  EXPECT_TRUE(merged.has_positions());
  // Every source's tag of a shared key reached the compactor.
  const std::string shared = merged.get_metadata("shared");
  for (int i = 0; i < 4; ++i) {
    EXPECT_NE(shared.find("from " + std::to_string(i) + ";"), std::string::npos) << shared;
  }
  EXPECT_EQ(merged.get_spelling_suggestion("compactio"), "compaction");
  // Positions of a document of the last source, renumbered.
  Xapian::docid last = merged.get_lastdocid();
  Xapian::Document doc = merged.get_document(last);
  EXPECT_EQ(doc.get_value(0), std::to_string(3 * 1000 + 60 + 25 * 3 - 1));
  Xapian::TermIterator term = merged.termlist_begin(last);
  term.skip_to("w");
  ASSERT_NE(term, merged.termlist_end(last));
  EXPECT_GT(term.positionlist_count(), 0u) << *term;
}

constexpr Xapian::termpos kLongList = 6000;

// Sources written by the glass writer (as a parallel import's runs): their
// position tables merged here. Documents with long position lists (tags in
// several items), terms with zero bytes... none: the glass writer refuses
// those; terms long and short, documents without positions.
std::string WriteBuiltSource(const std::string& path, int seed, int documents,
                             bool positions = true) {
  glass::DatabaseBuilder builder;
  for (int d = 0; d < documents; ++d) {
    Xapian::Document doc;
    for (int w = 0; w < 30; ++w) {
      const std::string term = "t" + std::to_string((seed * 11 + d * 5 + w * w) % 89);
      if (positions) {
        doc.add_posting(term, static_cast<Xapian::termpos>(w + 1));
      } else {
        doc.add_term(term);
      }
    }
    if (positions && d % 7 == 3) {
      // A long position list of irregular gaps: its tag spans several
      // items.
      Xapian::termpos position = 0;
      for (Xapian::termpos p = 1; p <= kLongList; ++p) {
        position += 1 + (p * 7919) % 61;
        doc.add_posting("long", position);
      }
    }
    if (positions && d % 11 == 4) doc.add_posting(std::string(200, 'k') + std::to_string(d), 1);
    if (d % 13 == 6) doc.add_term("nopositions");
    doc.add_boolean_term("Q" + std::to_string(seed) + "-" + std::to_string(d));
    doc.add_value(1, std::to_string(seed) + "/" + std::to_string(d));
    doc.set_data("built " + std::to_string(seed) + " " + std::to_string(d));
    Status added = builder.Add(doc);
    EXPECT_TRUE(added.ok()) << added.message();
  }
  builder.SetMetadata("shared", "built " + std::to_string(seed));
  fs::create_directories(path);
  Status written = builder.Write(path);
  EXPECT_TRUE(written.ok()) << written.message();
  return path;
}

TEST_F(SplitCompactTest, MergesTheGlassWritersPositionTablesItself) {
  std::vector<std::string> sources;
  // Enough documents for position tables of several levels; one source
  // of a single document.
  for (int i = 0; i < 5; ++i) {
    sources.push_back(
        WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, i == 3 ? 1 : 400 + 150 * i));
  }
  ExpectSameAsOneCompaction(sources, glass::PositionSources::kBuilder,
                            glass::PositionSources::kBuilder);
  Xapian::Database merged(dir_.Path("two"));
  // A document of the last source: its long list, renumbered.
  Xapian::docid did = merged.get_lastdocid() - (400 + 150 * 4 - 1) + 3;
  EXPECT_EQ(merged.get_document(did).get_value(1), "4/3");
  std::vector<Xapian::termpos> expected;
  Xapian::termpos position = 0;
  for (Xapian::termpos p = 1; p <= kLongList; ++p)
    expected.push_back(position += 1 + (p * 7919) % 61);
  EXPECT_EQ(Positions(merged, did, "long"), expected);
}

TEST_F(SplitCompactTest, SourcesXapianWroteAreLeftToXapian) {
  // Asked for the merge here, with a source Xapian wrote among the glass
  // writer's: Xapian's compactor writes the position table.
  std::vector<std::string> sources;
  sources.push_back(WriteBuiltSource(dir_.Path("run-0"), 0, 50));
  sources.push_back(dir_.Path("source-1"));
  WriteSource(sources.back(), 1, 40, true, false);
  sources.push_back(WriteBuiltSource(dir_.Path("run-2"), 2, 60));
  ExpectSameAsOneCompaction(sources, glass::PositionSources::kBuilder,
                            glass::PositionSources::kXapian);
}

TEST_F(SplitCompactTest, GlassWriterSourcesWithoutPositions) {
  std::vector<std::string> sources;
  for (int i = 0; i < 3; ++i) {
    sources.push_back(WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, 40, false));
  }
  ExpectSameAsOneCompaction(sources, glass::PositionSources::kBuilder,
                            glass::PositionSources::kBuilder);
  EXPECT_FALSE(Xapian::Database(dir_.Path("two")).has_positions());
}

TEST_F(SplitCompactTest, SourcesWithoutPositions) {
  std::vector<std::string> sources;
  for (int i = 0; i < 2; ++i) {
    sources.push_back(dir_.Path("source-" + std::to_string(i)));
    WriteSource(sources.back(), i, 30, false, false);
  }
  ExpectSameAsOneCompaction(sources);
  EXPECT_FALSE(Xapian::Database(dir_.Path("two")).has_positions());
}

TEST_F(SplitCompactTest, ASourceThatIsNotADatabaseFailsWithItsName) {
  const std::string source = dir_.Path("source");
  WriteSource(source, 0, 10, true, false);
  const std::string missing = dir_.Path("missing");
  fs::create_directory(dir_.Path("two"));
  Status status = glass::CompactInTwoThreads(
      {source, missing}, dir_.Path("two"), dir_.Path("scratch"),
      [] { return std::make_unique<JoiningCompactor>(); }, glass::PositionSources::kXapian);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("compaction failed"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(dir_.Path("scratch")));
}

TEST_F(SplitCompactTest, TheSpliceRefusesVersionFilesOfOtherDocuments) {
  const std::string a = dir_.Path("a");
  const std::string b = dir_.Path("b");
  WriteSource(a, 0, 10, true, false);
  WriteSource(b, 0, 11, true, false);
  const std::string version_a = ReadBytes(a + "/iamglass");
  const std::string version_b = ReadBytes(b + "/iamglass");
  // The same file spliced with itself is itself.
  Result<std::string> same =
      glass::SpliceVersionFile(version_a, version_a, glass::Table::kPosition);
  ASSERT_TRUE(same.ok()) << same.status().message();
  EXPECT_EQ(*same, version_a);
  // Another document count: refused.
  EXPECT_FALSE(glass::SpliceVersionFile(version_a, version_b, glass::Table::kPosition).ok());
  // Not a version file, or one cut short.
  EXPECT_FALSE(
      glass::SpliceVersionFile("not a version file", version_a, glass::Table::kPosition).ok());
  EXPECT_FALSE(glass::SpliceVersionFile(version_a, version_a.substr(0, version_a.size() / 2),
                                        glass::Table::kPosition)
                   .ok());
}

}  // namespace
}  // namespace facette
