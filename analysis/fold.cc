// ICU-based folding (fold.h).
#include "analysis/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "analysis/utf8.h"

namespace facette {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Letters that compatibility decomposition leaves whole but that French
// readers type without their diacritic or as two letters.
const char* ExtraFolding(UChar32 c) {
  // clang-format off
  switch (c) {
    case 0x0153: return "oe";  // œ
    case 0x0152: return "oe";  // Œ
    case 0x00E6: return "ae";  // æ
    case 0x00C6: return "ae";  // Æ
    case 0x00F8: return "o";   // ø
    case 0x00D8: return "o";   // Ø
    case 0x0142: return "l";   // ł
    case 0x0141: return "l";   // Ł
    case 0x0111: return "d";   // đ
    case 0x0110: return "d";   // Đ
    case 0x0131: return "i";   // ı
    default: return nullptr;
  }
  // clang-format on
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  if (IsAscii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString decomposed = nfkd->normalize(source, status);
  if (U_FAILURE(status)) decomposed = source;
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (const char* extra = ExtraFolding(c)) {
      stripped.append(icu::UnicodeString(extra, -1, icu::UnicodeString::kInvariant));
      continue;
    }
    stripped.append(c);
  }
  stripped.foldCase();
  std::string out;
  stripped.toUTF8String(out);
  return out;
}

std::string FoldToKey(std::string_view text) {
  const std::string folded = FoldText(text);
  std::string key;
  key.reserve(folded.size());
  bool pending_space = false;
  for (std::size_t i = 0, length = 0; i < folded.size(); i += length) {
    const char32_t c = utf8::Decode(folded, i, &length);
    if (!u_isalnum(static_cast<UChar32>(c))) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key.push_back(' ');
    pending_space = false;
    key.append(folded, i, length);
  }
  return key;
}

namespace {

// Whether CleanSpaces would return `utf8` as it is: valid UTF-8 in NFC,
// with no white space but single ASCII spaces between other characters, no
// control character and no zero width space. Most titles and names are:
// checked on the bytes, they skip the conversions to UTF-16 and back.
bool IsClean(std::string_view utf8) {
  bool after_space = true;  // a space first is not clean
  bool ascii = true;
  for (std::size_t i = 0, length = 1; i < utf8.size(); i += length) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      length = 1;
      if (b == ' ') {
        if (after_space) return false;
        after_space = true;
        continue;
      }
      if (b < 0x20 || b == 0x7F) return false;
    } else {
      ascii = false;
      const auto c = static_cast<UChar32>(utf8::Decode(utf8, i, &length));
      // U+FFFD: invalid UTF-8 (or the character itself), left to ICU.
      if (c == static_cast<UChar32>(utf8::kReplacement)) return false;
      if (u_isUWhiteSpace(c) || c == 0x200B || u_iscntrl(c)) return false;
    }
    after_space = false;
  }
  if (after_space && !utf8.empty()) return false;  // a space last
  if (ascii) return true;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  const bool normalized = nfc->isNormalizedUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())), status);
  return U_SUCCESS(status) && normalized;
}

}  // namespace

std::string CleanSpaces(std::string_view utf8) {
  if (IsClean(utf8)) return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString text = nfc->normalize(source, status);
  if (U_FAILURE(status)) text = source;
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || c == 0x200B || u_iscntrl(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    if (pending_space) out.append(static_cast<UChar>(' '));
    pending_space = false;
    out.append(c);
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace facette
