// A small streaming JSON writer: objects, arrays, strings (escaped per RFC
// 8259), numbers, booleans. Output is compact, on one line, and valid UTF-8
// whatever the bytes of the strings given.
#ifndef FACETTE_QUERY_JSON_WRITER_H_
#define FACETTE_QUERY_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace facette {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The key of the next value, inside an object.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Uint(std::uint64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  JsonWriter& StringArray(const std::vector<std::string>& values);

  // `value` as a JSON string, in quotes: `"` and `\` escaped, control
  // characters as below, bytes that are not valid UTF-8 as U+FFFD (one per
  // byte that starts no valid sequence); every other character as it is.
  static void AppendEscaped(std::string& out, std::string_view value);

 private:
  void BeforeValue();
  std::string& out_;
  // One entry per open container: true once it has an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

// True for the control characters (Unicode category Cc: U+0000-U+001F,
// U+007F-U+009F), which a terminal may act on instead of showing.
inline bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Appends the JSON escape of the control character `c`: \n, \r, \t, \b,
// \f, or \u00XX.
void AppendControlEscape(std::string& out, char32_t c);

// Appends `text` with every control character as its JSON escape, every
// byte that starts no valid UTF-8 sequence as U+FFFD, and, for a JSON
// string (`json_string`), `"` and `\` escaped; every other character as it
// is. The body of a JSON string, and VisibleText (facette/format.h).
void AppendEscapedText(std::string& out, std::string_view text, bool json_string);

}  // namespace facette

#endif  // FACETTE_QUERY_JSON_WRITER_H_
