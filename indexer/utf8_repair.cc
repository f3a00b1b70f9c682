// UTF-8 validation and repair (utf8_repair.h).
#include "indexer/utf8_repair.h"

#include <simdjson.h>
#include <unicode/utf8.h>

namespace facette {

bool IsValidUtf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

std::uint64_t RepairUtf8(std::string& text, std::string_view replacement) {
  if (IsValidUtf8(text)) return 0;
  std::string out;
  out.reserve(text.size() + 16);
  std::uint64_t replaced = 0;
  const char* s = text.data();
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      out += replacement;
      ++replaced;
    } else {
      out.append(s + start, static_cast<std::size_t>(i - start));
    }
  }
  text.swap(out);
  return replaced;
}

}  // namespace facette
