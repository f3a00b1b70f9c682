// The three engines the bench compares, behind one small interface: facette
// (through its libraries), the stock-Xapian baseline and the SQLite FTS5
// baseline. Each indexes a JSON Lines corpus into a folder and answers the
// same BenchQuery: the top 10 by relevance, the exact total and the person,
// organisation and month facets over all matches. Errors are exceptions
// (std::exception): the bench stops and says why.
#ifndef FACETTE_BENCH_ENGINES_H_
#define FACETTE_BENCH_ENGINES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace facette::bench {

enum class EngineId { kFacette, kStockXapian, kSqliteFts5, kFacetteOneThread, kFacetteExtract };

inline constexpr EngineId kEngines[] = {EngineId::kStockXapian, EngineId::kSqliteFts5,
                                        EngineId::kFacette};
// facette indexing variants, measured next to facette when it runs (their
// indexes are not queried): one thread (--jobs 1) instead of parallel
// shards, and extraction of entities and dates mentioned from every
// article's text (--extract always) on top of the given lists.
inline constexpr EngineId kFacetteVariants[] = {EngineId::kFacetteOneThread,
                                                EngineId::kFacetteExtract};

// "facette", "xapian", "sqlite": the names used on the command line.
std::string_view EngineName(EngineId engine);
// Parses an engine name; throws on an unknown one.
EngineId ParseEngineName(std::string_view name);

// One query of the mix. Empty strings mean "no such part".
struct BenchQuery {
  std::string query_class;   // "selective", "broad", "filtered", "filter-only"
  std::string text;          // one lowercase ASCII word, or empty
  std::string person;        // a person's name as written in the corpus
  std::string organization;  // an organisation's name as written in the corpus
  std::string from;          // first day, "YYYY-MM-DD"
  std::string to;            // last day, "YYYY-MM-DD"
};

struct QueryOutcome {
  std::uint64_t total = 0;          // exact number of matching articles
  std::vector<std::string> top;     // ids of the top 10 by relevance
  std::uint64_t person_values = 0;  // facet values returned (at most 10 each)
  std::uint64_t organization_values = 0;
  std::uint64_t month_values = 0;
};

class QueryEngine {
 public:
  virtual ~QueryEngine() = default;
  virtual QueryOutcome Run(const BenchQuery& query) = 0;
  virtual std::uint64_t DocumentCount() = 0;
};

// Indexes the corpus at `input` into the folder `db` (created; must not
// hold an index yet).
// facette: jobs as facette-index --jobs (0: one per core); extract:
// --extract always instead of the default auto.
void IndexFacette(const std::string& input, const std::string& db, int jobs = 0,
                  bool extract = false);
void IndexStockXapian(const std::string& input, const std::string& db);
void IndexSqliteFts5(const std::string& input, const std::string& db);
void IndexWith(EngineId engine, const std::string& input, const std::string& db);

std::unique_ptr<QueryEngine> OpenFacette(const std::string& db);
std::unique_ptr<QueryEngine> OpenStockXapian(const std::string& db);
std::unique_ptr<QueryEngine> OpenSqliteFts5(const std::string& db);
std::unique_ptr<QueryEngine> OpenEngine(EngineId engine, const std::string& db);

// The facet size every engine is asked for.
inline constexpr std::uint64_t kFacetSize = 10;
inline constexpr std::uint64_t kTopSize = 10;

}  // namespace facette::bench

#endif  // FACETTE_BENCH_ENGINES_H_
