// Canonical keys and display labels of entity names (persons,
// organisations, locations).
//
// The key is what the index stores and filters on: "OpenAI", "Openai" and
// "OPEN AI." do not all fold together, but "OpenAI"/"Openai"/"OPENAI" and
// "François Hollande"/"francois hollande" do. Case, accents, punctuation and
// spacing are folded; letters and digits are kept in order.
#ifndef FACETTE_SCHEMA_ENTITY_KEY_H_
#define FACETTE_SCHEMA_ENTITY_KEY_H_

#include <string>
#include <string_view>
#include <vector>

namespace facette {

// The canonical key of an entity name: FoldToKey (analysis/fold.h), that is
// folded, every run of characters that are not letters or digits replaced by
// one space, trimmed. "" when the name has no letter or digit.
std::string CanonicalEntityKey(std::string_view name);

// `key` (a canonical key) without the French article that starts it, as a
// sentence puts it before an organisation or a place ("la sncf" -> "sncf",
// "l onu" -> "onu"); empty when no article (le, la, les, l') starts it.
std::string_view KeyWithoutArticle(std::string_view key);

// The label to display for a name as written: NFC, spaces collapsed.
std::string EntityLabel(std::string_view name);

// Keys are packed into one value slot per entity type, separated by this
// byte (which a key never contains).
inline constexpr char kPackedKeySeparator = '\x1f';

std::string PackKeys(const std::vector<std::string>& keys);

// Calls fn(std::string_view key) for each key of a packed value.
template <typename Fn>
void ForEachPackedKey(std::string_view packed, Fn&& fn) {
  std::size_t start = 0;
  while (start < packed.size()) {
    std::size_t end = packed.find(kPackedKeySeparator, start);
    if (end == std::string_view::npos) end = packed.size();
    if (end > start) fn(packed.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace facette

#endif  // FACETTE_SCHEMA_ENTITY_KEY_H_
