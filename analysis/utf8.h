// UTF-8 decoding, encoding and cutting at a character boundary: the one
// decoder of facette, used by the French analyzer, the extractors, the
// readers' checks, the query side and the outputs (JSON, terminal). (The
// readers' repair of invalid input is ICU's, indexer/utf8_repair.cc: it
// replaces each maximal ill-formed subsequence, not each byte.)
#ifndef FACETTE_ANALYSIS_UTF8_H_
#define FACETTE_ANALYSIS_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace facette::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

inline bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Where to cut `s` at `pos` or before so as not to split a character: `pos`
// moved back to the first byte of the character that holds it. A `pos` of 0
// or from s.size() on is returned as it is.
inline std::size_t CharStart(std::string_view s, std::size_t pos) {
  while (pos > 0 && pos < s.size() && IsContinuation(static_cast<unsigned char>(s[pos]))) --pos;
  return pos;
}

// The code point at s[i] (i < s.size()) and its length in *len. Invalid or
// truncated sequences, overlong forms and surrogates decode as U+FFFD of
// length 1, so that scanning always moves forward.
inline char32_t Decode(std::string_view s, std::size_t i, std::size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (b0 < 0x80) return b0;
  const std::size_t left = s.size() - i;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (left >= 2 && IsContinuation(static_cast<unsigned char>(s[i + 1]))) {
      *len = 2;
      return (char32_t{b0} & 0x1Fu) << 6 | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left >= 3 && IsContinuation(static_cast<unsigned char>(s[i + 1])) &&
        IsContinuation(static_cast<unsigned char>(s[i + 2]))) {
      const char32_t c = (char32_t{b0} & 0x0Fu) << 12 |
                         (static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6 |
                         (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        *len = 3;
        return c;
      }
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left >= 4 && IsContinuation(static_cast<unsigned char>(s[i + 1])) &&
        IsContinuation(static_cast<unsigned char>(s[i + 2])) &&
        IsContinuation(static_cast<unsigned char>(s[i + 3]))) {
      const char32_t c = (char32_t{b0} & 0x07u) << 18 |
                         (static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12 |
                         (static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6 |
                         (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      if (c >= 0x10000 && c <= 0x10FFFF) {
        *len = 4;
        return c;
      }
    }
  }
  return kReplacement;
}

inline void Append(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace facette::utf8

#endif  // FACETTE_ANALYSIS_UTF8_H_
