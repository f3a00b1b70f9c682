// Helpers shared by the fuzz targets: a check that aborts (so that libFuzzer
// and the replay test both report the input), and a UTF-8 validator written
// independently of the code under test.
#ifndef FACETTE_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define FACETTE_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

// Aborts with a message when `condition` is false: an invariant the fuzz
// target checks on top of "no crash, no sanitizer report".
#define FUZZ_CHECK(condition, what)                                                  \
  do {                                                                               \
    if (!(condition)) {                                                              \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s (%s)\n", __FILE__,      \
                   __LINE__, what, #condition);                                      \
      std::abort();                                                                  \
    }                                                                                \
  } while (false)

namespace facette::fuzz {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, at most
// U+10FFFF), by the table of Unicode 15, section 3.9.
inline bool WellFormedUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i <= static_cast<std::size_t>(extra)) return false;  // truncated
    for (int k = 1; k <= extra; ++k) {
      unsigned char b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      if (b < min || b > max) return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

}  // namespace facette::fuzz

#endif  // FACETTE_TESTS_FUZZ_FUZZ_SUPPORT_H_
