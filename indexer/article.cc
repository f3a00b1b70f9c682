// ParsedArticle helpers (article.h).
#include "indexer/article.h"

#include <cstdio>

#include "analysis/utf8.h"

namespace facette {
namespace {

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// "\u00XX" for a control character, as JSON writes it.
std::string ControlEscape(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
  return buf;
}

}  // namespace

std::string SourcePosition::ToString() const {
  std::string out;
  out.reserve(file.size() + 12);
  for (std::size_t i = 0; i < file.size();) {
    std::size_t len = 0;
    char32_t c = utf8::Decode(file, i, &len);
    if (IsControl(c)) {
      out += ControlEscape(c);
    } else {
      out.append(file, i, len);  // invalid bytes too, as they are
    }
    i += len;
  }
  if (line == 0) return out;
  return out + ":" + std::to_string(line);
}

std::string InvalidUtf8IdDefect(std::size_t offset) {
  return "holds invalid UTF-8 at byte " + std::to_string(offset + 1) +
         " (an id must be kept byte for byte)";
}

std::string IdDefect(std::string_view id) {
  for (std::size_t i = 0; i < id.size();) {
    std::size_t len = 0;
    char32_t c = utf8::Decode(id, i, &len);
    if (c == utf8::kReplacement && len != 3) return InvalidUtf8IdDefect(i);
    if (IsControl(c)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
      return "holds the control character " + std::string(code) + " at byte " +
             std::to_string(i + 1) + " (ids are written one per line)";
    }
    i += len;
  }
  return "";
}

}  // namespace facette
