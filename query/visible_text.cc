// Visible text (visible_text.h).
#include "query/visible_text.h"

#include <unicode/uchar.h>

#include "analysis/utf8.h"
#include "query/json_writer.h"

namespace facette {

std::string VisibleText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedText(out, text, /*json_string=*/false);
  return out;
}

std::size_t CharacterWidth(char32_t c) {
  if (c < 0x7F) return c >= 0x20 ? 1 : 0;
  const auto code = static_cast<UChar32>(c);
  if (IsControl(c) || c == 0x200B || (c >= 0x1160 && c <= 0x11FF)) return 0;
  switch (u_charType(code)) {
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
      return 0;
    case U_FORMAT_CHAR:
      return c == 0x00AD ? 1 : 0;  // the soft hyphen is shown
    default:
      break;
  }
  const int width = u_getIntPropertyValue(code, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

std::size_t DisplayWidth(std::string_view text) {
  std::size_t columns = 0;
  for (std::size_t i = 0, length = 0; i < text.size(); i += length) {
    columns += CharacterWidth(utf8::Decode(text, i, &length));
  }
  return columns;
}

}  // namespace facette
