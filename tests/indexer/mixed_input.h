// The input the import tests of the writer's paths share: the sample
// articles of corpus/ with every kind of record a run meets, so that two
// ways of importing it can be compared event by event.
#ifndef FACETTE_TESTS_INDEXER_MIXED_INPUT_H_
#define FACETTE_TESTS_INDEXER_MIXED_INPUT_H_

#include <cstddef>
#include <string>
#include <vector>

namespace facette::test {

// The lines of corpus/articles.jsonl.
std::vector<std::string> SampleCorpusLines();

// `corpus` with a bad record after every seventh line, an unknown field and
// invalid UTF-8 (warnings) in some; then its first twenty lines again
// (unchanged, or replaced when the first had invalid UTF-8) and the first
// ten with a changed body (replaced); then the first `changed_twice` of
// those changed once more (an id three times in one input).
std::string MixedImportInput(const std::vector<std::string>& corpus, std::size_t changed_twice);

}  // namespace facette::test

#endif  // FACETTE_TESTS_INDEXER_MIXED_INPUT_H_
