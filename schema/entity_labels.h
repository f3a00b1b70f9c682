// Display labels of entities: for every entity term the index keeps how many
// articles spell it each way (database metadata, kLabelKeyPrefix + term), and
// the label shown is the most common spelling. Ties go to mixed case over all
// capitals over none ("François Hollande" over "FRANÇOIS HOLLANDE"), then to
// more accented letters ("François" over "Francois"), then to more capitals
// ("OpenAI" over "Openai"), then to the smaller in byte order: the label
// depends only on the collection, never on the order of indexing.
#ifndef FACETTE_SCHEMA_ENTITY_LABELS_H_
#define FACETTE_SCHEMA_ENTITY_LABELS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace facette {

// spelling -> number of articles using it.
using SpellingCounts = std::map<std::string, std::int64_t>;

// Metadata value <-> counts: one "count<TAB>spelling" line per spelling.
// Malformed lines are skipped.
SpellingCounts DecodeSpellingCounts(std::string_view value);
std::string EncodeSpellingCounts(const SpellingCounts& counts);

// Adds `delta` to every spelling of `deltas` in `counts`; spellings whose
// count drops to zero or below are removed.
void ApplySpellingDeltas(SpellingCounts& counts, const SpellingCounts& deltas);

// The label of an entity: its most common spelling (ties as described
// above); "" when there is none.
std::string ChooseLabel(const SpellingCounts& counts);

}  // namespace facette

#endif  // FACETTE_SCHEMA_ENTITY_LABELS_H_
