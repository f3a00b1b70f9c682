// Fuzz target: the JSON output (query/json_writer.h through the real
// formatters of facette/format.h: FormatJson, FormatJsonLines and
// FormatFacetSearchJson), with every string of a result made of fuzzed
// bytes: ids, titles, URLs, names, snippets, the suggestion, facet values;
// and the outputs for a terminal built on the same escapes (FormatIds,
// FormatText).
//
// Checked beyond "no crash": whatever the bytes, the output parses with an
// independent JSON parser (simdjson, which also validates UTF-8); every
// string reads back as the input when the input is valid UTF-8, and as the
// input with each byte that starts no valid sequence replaced by U+FFFD
// otherwise (computed here with fuzz_support.h's own validator); no raw
// control character (C0, DEL, C1) is written (in the text, but the bold
// markers); a hit is one line of jsonl and of ids, and an id line is the id
// itself or a JSON string of it.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "facette/format.h"
#include "facette/search.h"

namespace facette::fuzz {
namespace {

// `s` with each byte that starts no well-formed sequence replaced by
// U+FFFD, the way the writer documents it.
std::string Repaired(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80                 ? 1
                    : c >= 0xC2 && c <= 0xDF ? 2
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4
                                             : 0;
    if (n > 0 && i + n <= s.size() && WellFormedUtf8(s.substr(i, n))) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// No raw control character but the newlines that end lines: bytes below
// 0x20, DEL, or a C1 control (U+0080-U+009F, 0xC2 0x80-0x9F).
void CheckNoRawControl(std::string_view out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c == '\n') continue;
    FUZZ_CHECK(c >= 0x20 && c != 0x7F, "a raw C0 control or DEL in the JSON");
    bool c1 = c == 0xC2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(out[i + 1]) <= 0x9F;
    FUZZ_CHECK(!c1, "a raw C1 control in the JSON");
  }
}

void CheckString(simdjson::dom::element element, std::string_view input, const char* what) {
  std::string_view read;
  FUZZ_CHECK(element.get_string().get(read) == simdjson::SUCCESS, what);
  FUZZ_CHECK(read == Repaired(input), what);
  if (WellFormedUtf8(input)) FUZZ_CHECK(read == input, what);
}

// The input cut into `count` strings: the first byte gives the count, the
// rest is cut into that many consecutive pieces.
std::vector<std::string> Strings(const std::uint8_t* data, std::size_t size, std::size_t count) {
  std::vector<std::string> strings(count);
  if (size == 0) return strings;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t pieces = 1 + data[0] % count;
  const std::size_t length = rest.size() / pieces;
  for (std::size_t i = 0; i < pieces; ++i) {
    strings[i] =
        std::string(rest.substr(i * length, i + 1 == pieces ? std::string_view::npos : length));
  }
  return strings;
}

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  const std::vector<std::string> s = fuzz::Strings(data, size, 8);

  SearchResult result;
  result.total = 1;
  result.parsed_query = s[0];
  result.suggestion = s[1];
  Hit hit;
  hit.id = s[2];
  hit.title = s[3];
  hit.url = s[4];
  hit.source = s[5];
  hit.entities[0] = {s[6], s[0]};
  hit.dates_mentioned = {s[7]};
  hit.snippet.text = s[6] + s[7];
  // A highlight that may cut a character in two: the HTML form must still
  // be valid.
  if (hit.snippet.text.size() > 1) hit.snippet.highlights.emplace_back(1, hit.snippet.text.size());
  result.hits = {hit, hit};
  Facet facet;
  facet.name = "person";
  facet.values = {FacetValue{s[4], 3}, FacetValue{s[5], 2}};
  result.facets = {facet};
  SearchRequest request;

  simdjson::dom::parser parser;
  simdjson::dom::element root;
  const std::string json = FormatJson(result, request);
  fuzz::CheckNoRawControl(json);
  FUZZ_CHECK(json.find('\n') == json.size() - 1, "FormatJson is not one line");
  FUZZ_CHECK(parser.parse(json).get(root) == simdjson::SUCCESS, "FormatJson is not JSON");
  fuzz::CheckString(root["parsed_query"], s[0], "parsed_query");
  fuzz::CheckString(root["suggestion"], s[1], "suggestion");
  simdjson::dom::element first = root["hits"].at(0);
  fuzz::CheckString(first["id"], s[2], "id");
  fuzz::CheckString(first["title"], s[3], "title");
  fuzz::CheckString(first["url"], s[4], "url");
  fuzz::CheckString(first["source"], s[5], "source");
  fuzz::CheckString(first["persons"].at(0), s[6], "persons");
  fuzz::CheckString(first["dates_mentioned"].at(0), s[7], "dates_mentioned");
  fuzz::CheckString(first["snippet"]["text"], s[6] + s[7], "snippet text");
  std::string_view html;
  FUZZ_CHECK(first["snippet"]["html"].get_string().get(html) == simdjson::SUCCESS, "html");
  fuzz::CheckString(root["facets"]["person"]["values"].at(1)["value"], s[5], "facet value");

  // One hit per line, each a JSON object.
  const std::string lines = FormatJsonLines(result);
  fuzz::CheckNoRawControl(lines);
  std::size_t count = 0;
  for (std::size_t begin = 0; begin < lines.size(); ++count) {
    std::size_t end = lines.find('\n', begin);
    FUZZ_CHECK(end != std::string::npos, "a jsonl line without its newline");
    FUZZ_CHECK(parser.parse(lines.substr(begin, end - begin)).get(root) == simdjson::SUCCESS,
               "a jsonl line that is not JSON");
    fuzz::CheckString(root["id"], s[2], "jsonl id");
    begin = end + 1;
  }
  FUZZ_CHECK(count == result.hits.size(), "not one jsonl line per hit");

  // ids: one line per hit, the id itself or a JSON string of it.
  const std::string ids = FormatIds(result);
  fuzz::CheckNoRawControl(ids);
  count = 0;
  for (std::size_t begin = 0; begin < ids.size(); ++count) {
    std::size_t end = ids.find('\n', begin);
    FUZZ_CHECK(end != std::string::npos, "an id line without its newline");
    const std::string line = ids.substr(begin, end - begin);
    if (!line.empty() && line.front() == '"') {
      FUZZ_CHECK(parser.parse(line).get(root) == simdjson::SUCCESS, "a quoted id that is not JSON");
      fuzz::CheckString(root, s[2], "quoted id");
    } else {
      FUZZ_CHECK(line == s[2], "an id line that is neither the id nor a JSON string");
    }
    begin = end + 1;
  }
  FUZZ_CHECK(count == result.hits.size(), "not one id line per hit");

  // Text: nothing a terminal acts on but the bold markers.
  std::string text = FormatText(result, request, TextStyle{true});
  for (const std::string marker : {"\x1b[1m", "\x1b[22m"}) {
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
      text.erase(at, marker.size());
    }
  }
  fuzz::CheckNoRawControl(text);
  FUZZ_CHECK(fuzz::WellFormedUtf8(text), "text output that is not UTF-8");

  FacetSearchResult found;
  found.facet = s[2];
  found.values = {FacetValue{s[3], 1}};
  const std::string facet_json = FormatFacetSearchJson(found);
  fuzz::CheckNoRawControl(facet_json);
  FUZZ_CHECK(parser.parse(facet_json).get(root) == simdjson::SUCCESS,
             "FormatFacetSearchJson is not JSON");
  fuzz::CheckString(root["facet"], s[2], "facet");
  fuzz::CheckString(root["values"].at(0)["value"], s[3], "facet search value");
  return 0;
}
