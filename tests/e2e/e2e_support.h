// Support for the end-to-end tests: reading the committed corpus
// independently of facette's own readers, and a name folding and entity
// resolution written independently of facette's (ICU) ones. Running the
// executables is tests/support/process_support.h.
#ifndef FACETTE_TESTS_E2E_E2E_SUPPORT_H_
#define FACETTE_TESTS_E2E_E2E_SUPPORT_H_

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/process_support.h"

namespace facette::e2e {

using TempDir = test::ScratchDir;
using CommandResult = test::Measured;
using test::IndexBinary;
using test::QueryBinary;

// Runs `argv` (argv[0] a path) with extra environment variables "K=V",
// standard input from /dev/null, and captures its output.
inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const std::vector<std::string>& env = {}) {
  return test::RunMeasured(argv, /*deadline_seconds=*/600, env);
}

inline std::string ReadFile(const std::string& path) { return test::ReadWholeFile(path); }
inline void WriteFile(const std::string& path, const std::string& contents) {
  test::WriteWholeFile(path, contents);
}

std::string CorpusDir();  // the committed corpus/ folder

// An article of corpus/articles.jsonl as the test reads it.
struct CorpusArticle {
  std::string id;
  std::string title;
  std::string body;
  std::string date;  // "YYYY-MM-DD"
  bool has_entities = false;
  // persons, organizations, locations: names as given.
  std::array<std::vector<std::string>, 3> entities;
};

std::vector<CorpusArticle> ReadCorpusArticles(const std::string& path);

// The test's own folding of a name: lower case, French accents and
// ligatures removed through an explicit table, every run of other
// characters one space. Fails the test on a non-ASCII letter it does not
// know, so that a mismatch is never silent.
std::string TestFold(const std::string& name);

// The entity keys of one article as facette should resolve them, computed
// the test's own way: TestFold, the aliases of schema/default_aliases.tsv
// (read by the test), for persons a short mention replaced by the one
// longest name of the same article that ends with its words (or a lone
// first name by the one longer name starting with it, left out when
// several start with it), and for
// organisations the one longest name that differs only by legal or group
// words.
std::set<std::string> ResolvedKeys(const CorpusArticle& article, int t);

// key -> number of articles naming it at least once, for entity type `t`.
std::map<std::string, int> EntityArticleCounts(const std::vector<CorpusArticle>& articles, int t);

// The collection-level merge of person names (docs/json-output.md, "Merged
// names"), computed the test's own way from the articles of each resolved
// person key: a key is merged into the longer key ending with its words
// that has at least 90% of the articles of all such keys, and at least 2; a
// key that is merged takes none. Returns key -> full key.
std::map<std::string, std::string> PersonMergesOf(
    const std::map<std::string, std::set<std::string>>& articles_of);
std::map<std::string, std::string> PersonMerges(const std::vector<CorpusArticle>& articles);

// ResolvedKeys with the collection's person merges applied (what the facets
// and filters count); other types as ResolvedKeys.
std::set<std::string> MergedKeys(const CorpusArticle& article, int t,
                                 const std::map<std::string, std::string>& merges);
std::map<std::string, int> MergedArticleCounts(const std::vector<CorpusArticle>& articles, int t,
                                               const std::map<std::string, std::string>& merges);

}  // namespace facette::e2e

#endif  // FACETTE_TESTS_E2E_E2E_SUPPORT_H_
