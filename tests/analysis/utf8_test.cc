// Tests of the UTF-8 helpers (analysis/utf8.h).
#include "analysis/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace facette::utf8 {
namespace {

std::u32string DecodeAll(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0, length = 0; i < s.size(); i += length)
    out.push_back(Decode(s, i, &length));
  return out;
}

TEST(Utf8Test, DecodesEveryLength) {
  // One character of each length, as the compiler encodes it.
  EXPECT_EQ(U"a\u00e9\u20ac\U0001F600", DecodeAll("a\u00e9\u20ac\U0001F600"));
}

TEST(Utf8Test, DecodesInvalidBytesOneByOneAsReplacement) {
  // A lone continuation byte, a truncated sequence, an overlong "/", an
  // encoded surrogate (U+D800) and a byte that never starts a sequence.
  const std::string_view cases[] = {"\x80", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xff"};
  for (std::string_view bad : cases) {
    const std::u32string decoded = DecodeAll(bad);
    EXPECT_EQ(std::u32string(bad.size(), kReplacement), decoded) << bad.size() << " bytes";
  }
  // A real U+FFFD is three bytes long.
  std::size_t length = 0;
  EXPECT_EQ(kReplacement, Decode("\ufffd", 0, &length));
  EXPECT_EQ(3u, length);
}

TEST(Utf8Test, AppendEncodesWhatDecodeReads) {
  for (char32_t c : {U'a', U'\u00e9', U'\u20ac', U'\U0001F600', U'\U0010FFFF'}) {
    std::string encoded;
    Append(c, &encoded);
    std::size_t length = 0;
    EXPECT_EQ(c, Decode(encoded, 0, &length));
    EXPECT_EQ(encoded.size(), length);
  }
}

// "é" is two bytes, "€" three: every position inside one moves back to its
// first byte, and a cut there leaves whole characters.
TEST(Utf8Test, CharStartNeverSplitsACharacter) {
  const std::string s = "a\u00e9\u20acb";  // a, é at 1-2, € at 3-5, b at 6
  const std::size_t expected[] = {0, 1, 1, 3, 3, 3, 6, 7, 8};
  for (std::size_t pos = 0; pos <= s.size() + 1; ++pos) {
    EXPECT_EQ(expected[pos], CharStart(s, pos)) << pos;
  }
  EXPECT_EQ(0u, CharStart("\x80\x80", 1));  // nothing to move back to
  EXPECT_EQ(0u, CharStart("", 0));
}

}  // namespace
}  // namespace facette::utf8
