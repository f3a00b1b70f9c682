// Canonical entity keys (entity_key.h).
#include "schema/entity_key.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "schema/fold.h"

namespace facette {

std::string CanonicalEntityKey(std::string_view name) {
  std::string folded = FoldText(name);
  std::string key;
  key.reserve(folded.size());
  bool pending_space = false;
  const char* s = folded.data();
  int32_t length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !u_isalnum(c)) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key.push_back(' ');
    pending_space = false;
    key.append(s + start, static_cast<std::size_t>(i - start));
  }
  return key;
}

std::string EntityLabel(std::string_view name) { return CleanSpaces(name); }

std::string PackKeys(const std::vector<std::string>& keys) {
  std::string packed;
  for (const std::string& key : keys) {
    if (!packed.empty()) packed.push_back(kPackedKeySeparator);
    packed += key;
  }
  return packed;
}

}  // namespace facette
