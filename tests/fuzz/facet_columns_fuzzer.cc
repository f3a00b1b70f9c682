// Fuzz target: the facet column file reader (schema/facet_columns.h) on
// damaged copies of a real file, written by the indexer for the first
// articles of corpus/articles.jsonl. The input is the damage:
//
//   byte 0       bit 0 set: the file is first cut to the length in bytes 1-3
//                (little-endian, modulo the file's size)
//   then         4 bytes per change: a 24-bit little-endian offset (modulo
//                the size) and a mask XORed into the byte there
//
// Checked beyond "no crash": the damaged file is refused (an error, or no
// file that describes the database), or it gives what the slow path gives
// without it: the counts of every column field from the value streams (all
// articles, and under a filter), the articles of a date range from the date
// slot, and the spelling suggestions from the B-tree. Never other answers.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "facette/index.h"
#include "fuzz_support.h"
#include "query/date_range_source.h"
#include "query/facet_counter.h"
#include "query/spelling.h"
#include "schema/dates.h"
#include "schema/facet_columns.h"
#include "schema/fields.h"

namespace facette::fuzz {
namespace {

// Articles indexed: a file of a few kilobytes, so that most changes land in
// a column or the word list rather than always in the same large part.
constexpr int kArticles = 12;

class QuietObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection&) override {}
  void OnWarning(const Warning&) override {}
  void OnProgress(const ImportSummary&) override {}
};

using Counts = std::map<FieldId, std::map<std::string, std::uint64_t>>;

struct Fixture {
  std::string dir;
  std::string db_path;
  std::string file;   // db_path/facette.facets
  std::string bytes;  // as the indexer wrote it
  std::unique_ptr<Xapian::Database> db;
  std::vector<FieldId> fields;
  std::vector<Xapian::Query> queries;
  std::vector<Counts> counts;  // per query, from the value streams
  Date first{2016, 1, 1}, last{2016, 3, 31};
  std::vector<Xapian::docid> in_range;  // from the date slot
  std::vector<std::string> words;
  std::vector<std::string> suggestions;  // from the B-tree
};

Fixture* g_fixture = nullptr;

Counts CountAll(const Fixture& f, const Xapian::Query& query, const FacetColumns* columns) {
  FacetCounter counter(f.fields, columns);
  Xapian::Enquire enquire(*f.db);
  enquire.set_query(query);
  enquire.add_matchspy(&counter);
  enquire.get_mset(0, 0, f.db->get_doccount());
  counter.Tally(*f.db);
  Counts counts;
  for (FieldId id : f.fields) {
    counter.counts(id).ForEach([&counts, id](std::string_view key, std::uint64_t n) {
      counts[id].emplace(std::string(key), n);
    });
  }
  return counts;
}

std::vector<Xapian::docid> Matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  std::vector<Xapian::docid> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void RemoveFixture() {
  std::error_code ignored;
  if (g_fixture != nullptr) std::filesystem::remove_all(g_fixture->dir, ignored);
}

// Writes `bytes` at `at` of the file (in place).
void Put(const std::string& path, std::size_t at, const char* bytes, std::size_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  FUZZ_CHECK(fd >= 0, "cannot open the column file");
  FUZZ_CHECK(::pwrite(fd, bytes, size, static_cast<off_t>(at)) == static_cast<ssize_t>(size),
             "cannot write the column file");
  ::close(fd);
}

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace facette;
  namespace fs = std::filesystem;
  auto* f = new fuzz::Fixture();
  std::string pattern = (fs::temp_directory_path() / "facette-columns-fuzz-XXXXXX").string();
  FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, "cannot make a temporary directory");
  f->dir = pattern;
  fuzz::g_fixture = f;
  std::atexit(fuzz::RemoveFixture);

  // The first articles of the corpus, indexed by the indexer itself.
  std::ifstream in(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl");
  const std::string input = f->dir + "/articles.jsonl";
  std::ofstream out(input);
  std::string line;
  for (int i = 0; i < fuzz::kArticles && std::getline(in, line); ++i) out << line << '\n';
  out.close();
  f->db_path = f->dir + "/db";
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(f->db_path);
    FUZZ_CHECK(indexer.ok(), "cannot open the database");
    ImportOptions options;
    options.jobs = 1;
    fuzz::QuietObserver observer;
    Result<ImportSummary> indexed = (*indexer)->Import({input}, observer, options);
    FUZZ_CHECK(indexed.ok() && indexed->added == fuzz::kArticles, "cannot index the corpus");
  }
  f->file = f->db_path + "/" + std::string(kFacetColumnsFile);
  std::ifstream written(f->file, std::ios::binary);
  f->bytes.assign(std::istreambuf_iterator<char>(written), std::istreambuf_iterator<char>());
  FUZZ_CHECK(!f->bytes.empty(), "no column file written");

  // What the slow path answers.
  f->db = std::make_unique<Xapian::Database>(f->db_path);
  for (const FieldSpec& spec : kFields) {
    if (HasFacetColumn(spec)) f->fields.push_back(spec.id);
  }
  f->queries = {Xapian::Query::MatchAll, Xapian::Query("Y2016")};
  for (const Xapian::Query& query : f->queries) {
    f->counts.push_back(fuzz::CountAll(*f, query, nullptr));
  }
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  for (Xapian::docid id = 1; id <= f->db->get_lastdocid(); ++id) {
    const std::string date = f->db->get_document(id).get_value(slot);
    if (!date.empty() && date >= DateSlotValue(f->first) && date <= DateSlotValue(f->last)) {
      f->in_range.push_back(id);
    }
  }
  f->words = {"gouvernemnt", "presidnt", "attentat"};
  for (const std::string& word : f->words) f->suggestions.push_back(SuggestWord(*f->db, word));

  // The file as written is used, and answers like the slow path.
  Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(f->db_path, *f->db);
  FUZZ_CHECK(loaded.ok() && loaded.value() != nullptr && loaded.value()->Verify().ok(),
             "the file written is not used");
  for (std::size_t q = 0; q < f->queries.size(); ++q) {
    FUZZ_CHECK(fuzz::CountAll(*f, f->queries[q], loaded.value().get()) == f->counts[q],
               "the intact file counts otherwise");
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  const fuzz::Fixture& f = *fuzz::g_fixture;
  const std::size_t file_size = f.bytes.size();

  // The damage, applied in place and undone at the end.
  std::size_t cut = file_size;
  std::size_t at = 0;
  if (size >= 4 && (data[0] & 1) != 0) {
    cut = (data[1] | std::size_t{data[2]} << 8 | std::size_t{data[3]} << 16) % file_size;
    at = 4;
  } else if (size > 0) {
    at = 1;
  }
  std::string damaged = f.bytes;
  for (; at + 4 <= size; at += 4) {
    const std::size_t offset =
        (data[at] | std::size_t{data[at + 1]} << 8 | std::size_t{data[at + 2]} << 16) % file_size;
    damaged[offset] = static_cast<char>(damaged[offset] ^ static_cast<char>(data[at + 3]));
  }
  fuzz::Put(f.file, 0, damaged.data(), file_size);
  if (cut < file_size) FUZZ_CHECK(::truncate(f.file.c_str(), static_cast<off_t>(cut)) == 0, "cut");

  {
    Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(f.db_path, *f.db);
    if (loaded.ok() && loaded.value() != nullptr) {
      const FacetColumns& columns = *loaded.value();
      for (std::size_t q = 0; q < f.queries.size(); ++q) {
        FUZZ_CHECK(fuzz::CountAll(f, f.queries[q], &columns) == f.counts[q],
                   "a damaged file counted otherwise than the value streams");
      }
      const FacetColumn* date_column = columns.Column(Field(FieldId::kDate).slot);
      if (date_column != nullptr) {
        Xapian::Query range = DateRangeFromColumn(*date_column, f.first, f.last,
                                                  static_cast<Xapian::doccount>(f.in_range.size()));
        FUZZ_CHECK(fuzz::Matches(*f.db, range) == f.in_range,
                   "a damaged file gave another date range than the date slot");
      }
      for (std::size_t w = 0; w < f.words.size(); ++w) {
        FUZZ_CHECK(SuggestWord(*f.db, f.words[w], columns.words()) == f.suggestions[w],
                   "a damaged file suggested otherwise than the B-tree");
      }
      // Whatever was changed is found, unless nothing was.
      FUZZ_CHECK(columns.Verify().ok() == (damaged == f.bytes && cut == file_size),
                 "a damaged file passed its checks");
    } else if (!loaded.ok()) {
      FUZZ_CHECK(loaded.status().message().find(f.file) != std::string::npos,
                 "a refusal that does not name the file");
    }
  }
  fuzz::Put(f.file, 0, f.bytes.data(), file_size);
  return 0;
}
