// A small streaming JSON writer: objects, arrays, strings (escaped per RFC
// 8259), numbers, booleans. Output is compact, on one line.
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

  static void AppendEscaped(std::string& out, std::string_view value);

 private:
  void BeforeValue();
  std::string& out_;
  // One entry per open container: true once it has an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace facette

#endif  // FACETTE_QUERY_JSON_WRITER_H_
