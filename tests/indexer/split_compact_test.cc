// Tests of the compaction in threads (indexer/split_compact.h): what it
// writes must be what one Xapian::Database::compact of the same sources
// writes, table file by table file for the tables Xapian's compactor
// writes, through Xapian's API for those merged here, with a version file
// equal but for its uuid and those tables' roots; and the version file
// splice must refuse files that do not describe the same documents.
#include "indexer/split_compact.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cstddef>
#include <cstdint>
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
  // Compacts `sources` once with Xapian, once in threads (asking for
  // `asked`, checking that the tables were made by `expected`), and
  // compares. Tables written by Xapian must be the same bytes; those merged
  // here must be the same through Xapian's API.
  void ExpectSameAsOneCompaction(const std::vector<std::string>& sources,
                                 glass::MergeWith asked = glass::MergeWith::kXapian,
                                 glass::MergedBy expected = {}, bool documents = true) {
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
    // The opposite of what is expected, so that the report is seen set.
    auto other = [](glass::MergeWith with) {
      return with == glass::MergeWith::kBuilder ? glass::MergeWith::kXapian
                                                : glass::MergeWith::kBuilder;
    };
    glass::MergedBy merged_by{other(expected.positions), other(expected.docids)};
    Status status = glass::CompactInThreads(
        sources, two, scratch, [] { return std::make_unique<JoiningCompactor>(); }, asked,
        &merged_by);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_FALSE(fs::exists(scratch));
    EXPECT_EQ(merged_by.positions, expected.positions);
    EXPECT_EQ(merged_by.docids, expected.docids);

    // Every table file, byte for byte (or missing from both), but for the
    // tables merged here.
    for (const char* table :
         {"postlist", "docdata", "termlist", "position", "spelling", "synonym"}) {
      const std::string name = std::string(table) + ".glass";
      ASSERT_EQ(fs::exists(one + "/" + name), fs::exists(two + "/" + name)) << name;
      const bool here = name == "position.glass"
                            ? merged_by.positions == glass::MergeWith::kBuilder
                            : (name == "docdata.glass" || name == "termlist.glass") &&
                                  merged_by.docids == glass::MergeWith::kBuilder;
      if (fs::exists(one + "/" + name) && !here) {
        EXPECT_TRUE(ReadBytes(one + "/" + name) == ReadBytes(two + "/" + name)) << name;
      }
      // Laid out as tightly as Xapian's compactor does (a long tag starts
      // in the leaf being filled).
      if (fs::exists(one + "/" + name) && here) {
        EXPECT_LE(fs::file_size(two + "/" + name), fs::file_size(one + "/" + name)) << name;
      }
    }
    // The version file: the same but for the uuid (bytes 16 to 31), and
    // for the roots of the tables merged here.
    std::string a = ReadBytes(one + "/iamglass");
    std::string b = ReadBytes(two + "/iamglass");
    ASSERT_GT(a.size(), 32u);
    EXPECT_EQ(a.substr(0, 16), b.substr(0, 16));
    if (merged_by.positions == glass::MergeWith::kXapian &&
        merged_by.docids == glass::MergeWith::kXapian) {
      EXPECT_EQ(a.substr(32), b.substr(32));
    }

    ExpectChecks(two);
    if (documents) {
      ExpectSameDatabase(Xapian::Database(one), Xapian::Database(two));
    } else {
      EXPECT_EQ(Xapian::Database(one).get_doccount(), 0u);
      EXPECT_EQ(Xapian::Database(two).get_doccount(), 0u);
    }
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

// Stored data of `size` bytes: words of a small vocabulary (deflated
// smaller, when long, and still in several items) or bytes that deflate
// cannot shrink (stored as they are).
std::string LongData(std::uint32_t seed, std::size_t size, bool compressible) {
  std::string data;
  std::uint32_t state = seed * 2654435761u + 1;
  while (data.size() < size) {
    state = state * 1664525u + 1013904223u;
    if (compressible) {
      data += "mot" + std::to_string(state >> 24) + ' ';
    } else {
      data += static_cast<char>(state >> 24);
    }
  }
  data.resize(size);
  return data;
}

constexpr std::size_t kLongData = 30000;
constexpr int kLongTermList = 700;

// Sources written by the glass writer (as a parallel import's runs): their
// position, term list and document data tables merged here. Documents with
// long position lists (tags in several items), long term lists and data
// (deflated, in several items) and data that does not deflate, documents
// without data or values; terms with zero bytes... none: the glass writer
// refuses those; terms long and short, documents without positions. With
// `data` false, no document has data.
std::string WriteBuiltSource(const std::string& path, int seed, int documents,
                             bool positions = true, bool data = true) {
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
    if (d % 17 == 8) {
      for (int k = 0; k < kLongTermList; ++k) doc.add_term("many" + std::to_string(k * 7 + d));
    }
    doc.add_boolean_term("Q" + std::to_string(seed) + "-" + std::to_string(d));
    if (d % 6 != 0) doc.add_value(1, std::to_string(seed) + "/" + std::to_string(d));
    if (!data || d % 10 == 1) {
      // No data.
    } else if (d % 9 == 2 || d % 9 == 5) {
      doc.set_data(LongData(static_cast<std::uint32_t>(seed * 1000 + d), kLongData, d % 9 == 2));
    } else {
      doc.set_data("built " + std::to_string(seed) + " " + std::to_string(d));
    }
    Status added = builder.Add(doc);
    EXPECT_TRUE(added.ok()) << added.message();
  }
  builder.SetMetadata("shared", "built " + std::to_string(seed));
  fs::create_directories(path);
  Status written = builder.Write(path);
  EXPECT_TRUE(written.ok()) << written.message();
  return path;
}

constexpr glass::MergedBy kAllHere{glass::MergeWith::kBuilder, glass::MergeWith::kBuilder};

TEST_F(SplitCompactTest, MergesTheGlassWritersTablesItself) {
  std::vector<std::string> sources;
  // Enough documents for tables of several levels; one source of a single
  // document.
  for (int i = 0; i < 5; ++i) {
    sources.push_back(
        WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, i == 3 ? 1 : 400 + 150 * i));
  }
  ExpectSameAsOneCompaction(sources, glass::MergeWith::kBuilder, kAllHere);
  Xapian::Database merged(dir_.Path("two"));
  // A document of the last source: its long list, renumbered.
  const Xapian::docid first_of_last = merged.get_lastdocid() - (400 + 150 * 4 - 1);
  Xapian::docid did = first_of_last + 3;
  EXPECT_EQ(merged.get_document(did).get_value(1), "4/3");
  std::vector<Xapian::termpos> expected;
  Xapian::termpos position = 0;
  for (Xapian::termpos p = 1; p <= kLongList; ++p)
    expected.push_back(position += 1 + (p * 7919) % 61);
  EXPECT_EQ(Positions(merged, did, "long"), expected);
  // Its long data, deflated and not, its long term list, a document
  // without data or values.
  EXPECT_EQ(merged.get_document(first_of_last + 2).get_data(), LongData(4002, kLongData, true));
  EXPECT_EQ(merged.get_document(first_of_last + 5).get_data(), LongData(4005, kLongData, false));
  EXPECT_EQ(merged.get_doclength(first_of_last + 8), 30u + kLongTermList);  // Q: wdf 0
  EXPECT_EQ(merged.get_document(first_of_last + 8).termlist_count(), 30u + kLongTermList + 1);
  EXPECT_EQ(merged.get_document(first_of_last + 1).get_data(), "");
  EXPECT_EQ(merged.get_document(first_of_last + 6).get_value(1), "");
  EXPECT_EQ(merged.get_document(first_of_last + 7).get_value(1), "4/7");
}

TEST_F(SplitCompactTest, SourcesXapianWroteAreLeftToXapian) {
  // Asked for the merges here, with a source Xapian wrote among the glass
  // writer's: Xapian's compactor writes every table.
  std::vector<std::string> sources;
  sources.push_back(WriteBuiltSource(dir_.Path("run-0"), 0, 50));
  sources.push_back(dir_.Path("source-1"));
  WriteSource(sources.back(), 1, 40, true, false);
  sources.push_back(WriteBuiltSource(dir_.Path("run-2"), 2, 60));
  ExpectSameAsOneCompaction(sources, glass::MergeWith::kBuilder);
}

TEST_F(SplitCompactTest, ATableXapianChangedSinceIsLeftToXapian) {
  // A glass writer's source whose document data Xapian changed: the merge
  // here meets blocks of another revision, and Xapian's compactor writes
  // the document data and term list tables; the positions are still
  // merged here.
  std::vector<std::string> sources;
  for (int i = 0; i < 3; ++i) {
    sources.push_back(WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, 120));
  }
  {
    Xapian::WritableDatabase db(sources[1], Xapian::DB_OPEN);
    Xapian::Document doc = db.get_document(40);
    doc.set_data("changed by Xapian");
    db.replace_document(40, doc);
    db.commit();
  }
  ExpectSameAsOneCompaction(sources, glass::MergeWith::kBuilder,
                            {glass::MergeWith::kBuilder, glass::MergeWith::kXapian});
  EXPECT_EQ(Xapian::Database(dir_.Path("two")).get_document(120 + 40).get_data(),
            "changed by Xapian");
}

TEST_F(SplitCompactTest, GlassWriterSourcesWithoutPositionsOrData) {
  std::vector<std::string> sources;
  for (int i = 0; i < 3; ++i) {
    sources.push_back(
        WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, 40, false, i != 1));
  }
  ExpectSameAsOneCompaction(sources, glass::MergeWith::kBuilder, kAllHere);
  EXPECT_FALSE(Xapian::Database(dir_.Path("two")).has_positions());
}

TEST_F(SplitCompactTest, GlassWriterSourcesWithoutData) {
  std::vector<std::string> sources;
  for (int i = 0; i < 2; ++i) {
    sources.push_back(WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, 30, true, false));
  }
  ExpectSameAsOneCompaction(sources, glass::MergeWith::kBuilder, kAllHere);
  EXPECT_EQ(Xapian::Database(dir_.Path("two")).get_document(31).get_data(), "");
}

TEST_F(SplitCompactTest, GlassWriterSourcesWithoutDocuments) {
  // As the runs of an import whose records were all rejected: the merged
  // database opens for writing.
  std::vector<std::string> sources;
  for (int i = 0; i < 2; ++i) {
    sources.push_back(WriteBuiltSource(dir_.Path("run-" + std::to_string(i)), i, 0));
  }
  ExpectSameAsOneCompaction(sources, glass::MergeWith::kBuilder, kAllHere, false);
  try {
    Xapian::WritableDatabase db(dir_.Path("two"), Xapian::DB_OPEN);
    Xapian::Document doc;
    doc.add_posting("mot", 1);
    doc.set_data("added");
    db.add_document(doc);
    db.commit();
    EXPECT_EQ(db.get_document(1).get_data(), "added");
  } catch (const Xapian::Error& e) {
    ADD_FAILURE() << e.get_description();
  }
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
  Status status = glass::CompactInThreads(
      {source, missing}, dir_.Path("two"), dir_.Path("scratch"),
      [] { return std::make_unique<JoiningCompactor>(); }, glass::MergeWith::kXapian);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("compaction failed"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(dir_.Path("scratch")));
}

TEST_F(SplitCompactTest, ACompactedDatabaseTakesTheRevisionItIsGiven) {
  const std::string source = dir_.Path("source");
  WriteSource(source, 3, 30, true, true);
  const std::string out = dir_.Path("out");
  {
    Xapian::Database sources(source);
    JoiningCompactor compactor;
    sources.compact(out, 0, 0, compactor);
  }
  const Xapian::rev compacted = Xapian::Database(out).get_revision();
  ASSERT_LT(compacted, 40u);
  ASSERT_TRUE(glass::RaiseRevision(out, 40).ok());
  {
    Xapian::Database raised(out);
    EXPECT_EQ(raised.get_revision(), 40u);
    EXPECT_EQ(raised.get_doccount(), 30u);
    EXPECT_EQ(raised.get_document(7).get_data(),
              Xapian::Database(source).get_document(7).get_data());
  }
  EXPECT_NO_THROW(Xapian::Database::check(out));
  // Its blocks are of an older revision, as in any database changed since:
  // Xapian writes on, from the revision given.
  {
    Xapian::WritableDatabase db(out, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
    Xapian::Document doc;
    doc.add_term("nouveau");
    db.add_document(doc);
    db.replace_document(3, doc);
    db.commit();
    EXPECT_EQ(db.get_revision(), 41u);
  }
  EXPECT_NO_THROW(Xapian::Database::check(out));
  EXPECT_EQ(Xapian::Database(out).get_termfreq("nouveau"), 2u);
  // Never lowered.
  ASSERT_TRUE(glass::RaiseRevision(out, 5).ok());
  EXPECT_EQ(Xapian::Database(out).get_revision(), 41u);
  EXPECT_FALSE(glass::RaiseRevision(dir_.Path("nowhere"), 50).ok());
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
