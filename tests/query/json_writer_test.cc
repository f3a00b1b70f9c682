// Tests of the JSON writer (query/json_writer.h).
#include "query/json_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace facette {
namespace {

TEST(JsonWriterTest, Escaping) {
  static const struct {
    std::string value;
    const char* json;
  } kCases[] = {
      {"", R"("")"},
      {"plain", R"("plain")"},
      {"a\"b", R"("a\"b")"},
      {"back\\slash", R"("back\\slash")"},
      {"line\nbreak", R"("line\nbreak")"},
      {"cr\rtab\t", R"("cr\rtab\t")"},
      {"\b\f", R"("\b\f")"},
      {"\x01", R"("\u0001")"},
      {"\x1f", R"("\u001f")"},
      {std::string(1, '\0'), R"("\u0000")"},
      // DEL and the C1 controls too (Unicode's Cc): a terminal acts on them.
      {"\x7f", R"("\u007f")"},
      {"\xc2\x85", R"("\u0085")"},
      {"\xc2\x9b[2J", R"("\u009b[2J")"},
      {"\xc2\xa0", "\"\xc2\xa0\""},  // U+00A0 is not a control
      {"/", R"("/")"},
      {"été « ça »", R"("été « ça »")"},
      {"\\\"\\", R"("\\\"\\")"},
  };
  for (const auto& c : kCases) {
    std::string out;
    JsonWriter::AppendEscaped(out, c.value);
    EXPECT_EQ(c.json, out) << c.value;
    std::string via_writer;
    JsonWriter(via_writer).String(c.value);
    EXPECT_EQ(c.json, via_writer) << c.value;
  }
}

// Every string comes out as valid UTF-8, whatever its bytes: a byte that
// starts no valid sequence (stray continuation, truncated or overlong
// sequence, surrogate, beyond U+10FFFF) becomes U+FFFD; valid sequences are
// kept as they are.
TEST(JsonWriterTest, InvalidUtf8BecomesTheReplacementCharacter) {
  const std::string r = "\xef\xbf\xbd";  // U+FFFD
  static const struct {
    std::string value;
    std::string json;
  } kCases[] = {
      {"a\xff"
       "b",
       "\"a" + r + "b\""},
      {"\x80", "\"" + r + "\""},                          // a continuation byte alone
      {"caf\xc3", "\"caf" + r + "\""},                    // truncated at the end
      {"\xc3(", "\"" + r + "(\""},                        // truncated before ASCII
      {"\xe2\x82", "\"" + r + r + "\""},                  // truncated 3-byte sequence
      {"\xc0\xaf", "\"" + r + r + "\""},                  // overlong "/"
      {"\xed\xa0\x80", "\"" + r + r + r + "\""},          // a surrogate
      {"\xf4\x90\x80\x80", "\"" + r + r + r + r + "\""},  // beyond U+10FFFF
      {"\xef\xbf\xbd", "\"" + r + "\""},                  // U+FFFD itself
      {"\xf0\x9f\x93\xb0", "\"\xf0\x9f\x93\xb0\""},       // U+1F4F0
      {"\xe9t\xe9", "\"" + r + "t" + r + "\""},           // Latin-1
  };
  for (const auto& c : kCases) {
    std::string out;
    JsonWriter::AppendEscaped(out, c.value);
    EXPECT_EQ(c.json, out);
    std::string keyed;
    JsonWriter(keyed).BeginObject().Key(c.value).Null().EndObject();
    EXPECT_EQ("{" + c.json + ":null}", keyed);
  }
}

TEST(JsonWriterTest, CommasInNestedContainers) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("a").BeginArray().Uint(1).BeginObject().EndObject().BeginArray().EndArray().String("x");
  w.EndArray();
  w.Key("b").Bool(true);
  w.Key("c").Null();
  w.Key("d").Double(1.5);
  w.Key("e").BeginObject().Key("f").BeginObject().Key("g").Bool(false).EndObject().EndObject();
  w.Key("h").StringArray({"p", "q"});
  w.Key("i").StringArray({});
  w.EndObject();
  EXPECT_EQ(
      R"({"a":[1,{},[],"x"],"b":true,"c":null,"d":1.5,"e":{"f":{"g":false}},"h":["p","q"],"i":[]})",
      out);
}

TEST(JsonWriterTest, TopLevelValues) {
  static const struct {
    void (*write)(JsonWriter&);
    const char* json;
  } kCases[] = {
      {[](JsonWriter& w) { w.BeginArray().EndArray(); }, "[]"},
      {[](JsonWriter& w) { w.BeginObject().EndObject(); }, "{}"},
      {[](JsonWriter& w) {
         w.BeginArray().BeginObject().Key("k").Uint(1).EndObject();
         w.BeginObject().Key("k").Uint(2).EndObject().EndArray();
       },
       R"([{"k":1},{"k":2}])"},
      {[](JsonWriter& w) { w.BeginArray().Null().Null().EndArray(); }, "[null,null]"},
      {[](JsonWriter& w) { w.Uint(0); }, "0"},
      {[](JsonWriter& w) { w.Uint(std::numeric_limits<std::uint64_t>::max()); },
       "18446744073709551615"},
  };
  for (const auto& c : kCases) {
    std::string out;
    JsonWriter w(out);
    c.write(w);
    EXPECT_EQ(c.json, out);
  }
}

TEST(JsonWriterTest, DoubleOfNonFiniteIsNull) {
  static const double kValues[] = {std::nan(""), std::numeric_limits<double>::infinity(),
                                   -std::numeric_limits<double>::infinity()};
  for (double v : kValues) {
    std::string out;
    JsonWriter(out).BeginArray().Double(v).Double(2).EndArray();
    EXPECT_EQ("[null,2]", out) << v;
  }
}

TEST(JsonWriterTest, OutputParsesAndReadsBack) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) every_control.push_back(static_cast<char>(c));
  const std::vector<std::string> strings = {
      "René Angélil", "a\"b\\c", every_control, "fin\n", "\xF0\x9F\x93\xB0 journal", ""};
  const double kDoubles[] = {0, 1.5, -2.25, 12.345678, 1e-7, 3.5e20};

  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("strings").StringArray(strings);
  w.Key("key with \"quotes\"\n").Uint(7);
  w.Key("max").Uint(std::numeric_limits<std::uint64_t>::max());
  w.Key("doubles").BeginArray();
  for (double d : kDoubles) w.Double(d);
  w.EndArray();
  w.Key("flags").BeginArray().Bool(true).Bool(false).Null().EndArray();
  w.Key("nested").BeginObject().Key("hits").BeginArray();
  for (std::uint64_t i = 0; i < 3; ++i) w.BeginObject().Key("n").Uint(i).EndObject();
  w.EndArray().EndObject();
  w.EndObject();

  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(simdjson::SUCCESS, parser.parse(out).get(root)) << out;

  simdjson::dom::array array;
  ASSERT_EQ(simdjson::SUCCESS, root["strings"].get_array().get(array));
  std::size_t i = 0;
  for (simdjson::dom::element e : array) {
    std::string_view s;
    ASSERT_EQ(simdjson::SUCCESS, e.get_string().get(s));
    ASSERT_LT(i, strings.size());
    EXPECT_EQ(strings[i], std::string(s)) << i;
    ++i;
  }
  EXPECT_EQ(strings.size(), i);

  std::uint64_t n = 0;
  ASSERT_EQ(simdjson::SUCCESS, root["key with \"quotes\"\n"].get_uint64().get(n));
  EXPECT_EQ(7u, n);
  ASSERT_EQ(simdjson::SUCCESS, root["max"].get_uint64().get(n));
  EXPECT_EQ(std::numeric_limits<std::uint64_t>::max(), n);

  ASSERT_EQ(simdjson::SUCCESS, root["doubles"].get_array().get(array));
  i = 0;
  for (simdjson::dom::element e : array) {
    double d = 0;
    ASSERT_EQ(simdjson::SUCCESS, e.get_double().get(d)) << i;
    ASSERT_LT(i, std::size(kDoubles));
    // Six significant digits are written.
    EXPECT_NEAR(kDoubles[i], d, std::fabs(kDoubles[i]) * 1e-5) << i;
    ++i;
  }
  EXPECT_EQ(std::size(kDoubles), i);

  ASSERT_EQ(simdjson::SUCCESS, root["flags"].get_array().get(array));
  bool b = false;
  ASSERT_EQ(simdjson::SUCCESS, array.at(0).get_bool().get(b));
  EXPECT_TRUE(b);
  ASSERT_EQ(simdjson::SUCCESS, array.at(1).get_bool().get(b));
  EXPECT_FALSE(b);
  EXPECT_TRUE(array.at(2).is_null());

  ASSERT_EQ(simdjson::SUCCESS, root.at_pointer("/nested/hits").get_array().get(array));
  EXPECT_EQ(3u, array.size());
  ASSERT_EQ(simdjson::SUCCESS, array.at(2)["n"].get_uint64().get(n));
  EXPECT_EQ(2u, n);
}

// Outside a JSON string (VisibleText), quotes and backslashes stay as they
// are; control characters and bytes that are not UTF-8 are treated as in one.
TEST(JsonWriterTest, EscapedTextOutsideAString) {
  std::string out = "[";
  AppendEscapedText(out, "a\"b\\c\x01\n\xff\xc3\xa9", /*json_string=*/false);
  EXPECT_EQ("[a\"b\\c\\u0001\\n\xef\xbf\xbd\xc3\xa9", out);
  std::string in_string;
  AppendEscapedText(in_string, "a\"b\\c", /*json_string=*/true);
  EXPECT_EQ("a\\\"b\\\\c", in_string);
}

}  // namespace
}  // namespace facette
