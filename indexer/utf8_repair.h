// Repair of invalid UTF-8 in input text.
#ifndef FACETTE_INDEXER_UTF8_REPAIR_H_
#define FACETTE_INDEXER_UTF8_REPAIR_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace facette {

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// U+FFFD REPLACEMENT CHARACTER in UTF-8.
inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";

// Replaces each maximal invalid subsequence of `text` by `replacement`
// (U+FFFD, as the Unicode standard recommends) and returns the number of
// replacements.
std::uint64_t RepairUtf8(std::string& text, std::string_view replacement = kUtf8Replacement);

}  // namespace facette

#endif  // FACETTE_INDEXER_UTF8_REPAIR_H_
