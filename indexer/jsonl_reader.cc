// JSON Lines reader (jsonl_reader.h), on simdjson's DOM parser: it is the
// fastest JSON parser packaged by Debian 12 (several GB/s, UTF-8 validated
// with SIMD), and one parser object is reused for every line, so parsing
// costs no allocation per record.
#include "indexer/jsonl_reader.h"

#include <simdjson.h>

#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "indexer/article_validation.h"
#include "indexer/utf8_repair.h"
#include "schema/fields.h"

namespace facette {
namespace {

const char* TypeName(simdjson::dom::element_type type) {
  using T = simdjson::dom::element_type;
  switch (type) {
    case T::ARRAY:
      return "an array";
    case T::OBJECT:
      return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
      return "a number";
    case T::STRING:
      return "a string";
    case T::BOOL:
      return "a boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "an unknown value";
}

std::string FieldError(std::string_view field, const std::string& what) {
  return "field \"" + std::string(field) + "\": " + what;
}

}  // namespace

struct JsonLinesReader::Impl {
  simdjson::dom::parser parser;
  std::set<std::string, std::less<>> warned_fields;
  std::string repaired;  // scratch buffer for lines with invalid UTF-8

  // Where the invalid UTF-8 of `line`, repaired to U+FFFD, gave `id` a
  // U+FFFD of its own (the offset in the id of the first such sequence):
  // the line repaired to another character (U+FFFC) then has another id, a
  // U+FFFD that was in the id stays the same. The two ids are the same up
  // to that sequence, and their replacements (EF BF BD, EF BF BC) differ in
  // their third byte. Costs a second parse, only for a line that needed
  // repair and whose id holds a U+FFFD.
  std::optional<std::size_t> RepairedIdOffset(std::string_view line, std::string_view id) {
    repaired.assign(line);
    RepairUtf8(repaired, "\xEF\xBF\xBC");  // U+FFFC
    simdjson::dom::object object;
    if (parser.parse(repaired.data(), repaired.size(), true).get_object().get(object)) {
      return id.find(kUtf8Replacement);
    }
    std::string_view other;
    for (simdjson::dom::key_value_pair field : object) {
      std::string_view s;
      if (field.key == Field(FieldId::kId).json_name && !field.value.get_string().get(s)) other = s;
    }
    other = TrimmedId(other);
    if (other == id) return std::nullopt;
    std::size_t differ = 0;
    while (differ < id.size() && differ < other.size() && id[differ] == other[differ]) ++differ;
    return differ >= 2 ? differ - 2 : 0;
  }
};

JsonLinesReader::JsonLinesReader(JsonLinesOptions options)
    : impl_(std::make_unique<Impl>()), options_(options) {}

JsonLinesReader::~JsonLinesReader() = default;

void JsonLinesReader::ParseLine(std::string_view line, const SourcePosition& position,
                                RecordSink& sink, std::string_view raw) {
  if (raw.empty()) raw = line;
  auto reject = [&](std::string reason) {
    sink.OnRejection(Rejection{position, std::move(reason), std::string(raw)});
  };
  if (line.size() > options_.max_line_bytes) {
    reject("line is " + std::to_string(line.size()) + " bytes long, more than the limit of " +
           std::to_string(options_.max_line_bytes));
    return;
  }

  std::string_view text = line;
  std::uint64_t repaired_utf8 = 0;
  if (!IsValidUtf8(line)) {
    impl_->repaired.assign(line);
    repaired_utf8 = RepairUtf8(impl_->repaired);
    text = impl_->repaired;
  }

  simdjson::dom::element root;
  if (auto error = impl_->parser.parse(text.data(), text.size(), true).get(root)) {
    reject(std::string("broken JSON: ") + simdjson::error_message(error));
    return;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    reject(std::string("expected a JSON object, got ") + TypeName(root.type()));
    return;
  }

  // The record's strings as they are: ValidateArticle checks their values.
  Article article;
  bool has_id = false;
  std::set<FieldId> given;  // a field given twice is ambiguous
  for (simdjson::dom::key_value_pair field : object) {
    std::string_view key = field.key;
    simdjson::dom::element value = field.value;
    if (value.is_null()) continue;  // null means absent

    const FieldSpec* spec = nullptr;
    for (const FieldSpec& candidate : kFields) {
      if (!candidate.json_name.empty() && candidate.json_name == key) {
        spec = &candidate;
        break;
      }
    }
    if (spec == nullptr) {
      if (impl_->warned_fields.find(key) == impl_->warned_fields.end()) {
        impl_->warned_fields.emplace(key);
        sink.OnWarning(Warning{position, "unknown field \"" + std::string(key) +
                                             "\" ignored (reported once per run)"});
      }
      continue;
    }
    if (!given.insert(spec->id).second) {
      reject(FieldError(key, "given twice in the record (which one is meant?)"));
      return;
    }

    if (spec->entity || spec->id == FieldId::kMentionedDate) {
      simdjson::dom::array elements;
      if (value.get_array().get(elements)) {
        reject(FieldError(key, std::string("expected an array of ") +
                                   (spec->entity ? "strings" : "dates") + ", got " +
                                   TypeName(value.type())));
        return;
      }
      std::optional<std::vector<std::string>>& list =
          spec->entity ? article.entities[Index(*spec->entity)] : article.dates_mentioned;
      if (!list) list.emplace();
      std::size_t index = 0;
      for (simdjson::dom::element element : elements) {
        std::string_view s;
        if (element.get_string().get(s)) {
          reject(FieldError(key, "element " + std::to_string(index) + " is not a string but " +
                                     TypeName(element.type())));
          return;
        }
        list->emplace_back(s);
        ++index;
      }
      continue;
    }

    std::string_view s;
    if (value.get_string().get(s)) {
      reject(FieldError(key, std::string("expected a string, got ") + TypeName(value.type())));
      return;
    }
    switch (spec->id) {
      case FieldId::kId:
        article.id.assign(s);
        has_id = true;
        break;
      case FieldId::kTitle:
        article.title.assign(s);
        break;
      case FieldId::kBody:
        article.body.assign(s);
        break;
      case FieldId::kUrl:
        article.url.assign(s);
        break;
      case FieldId::kSource:
        article.source.assign(s);
        break;
      case FieldId::kDate:
        article.date.assign(s);
        break;
      default:
        break;  // fields without a JSON input role
    }
  }

  if (!has_id) {
    reject("field \"id\": missing (every record needs a non-empty string id)");
    return;
  }
  ValidationOptions validation;
  validation.valid_utf8 = true;  // the line is repaired already
  Result<ParsedArticle> parsed = ValidateArticle(std::move(article), validation);
  if (!parsed.ok()) {
    reject(parsed.status().message());
    return;
  }
  // An id is a key: two ids repaired to the same one must not replace each
  // other.
  if (repaired_utf8 > 0 && parsed->id.find(kUtf8Replacement) != std::string::npos) {
    if (std::optional<std::size_t> offset = impl_->RepairedIdOffset(line, parsed->id)) {
      reject(FieldError(Field(FieldId::kId).json_name, InvalidUtf8IdDefect(*offset)));
      return;
    }
  }
  if (repaired_utf8 > 0) {
    sink.OnWarning(
        Warning{position, std::to_string(repaired_utf8) +
                              " invalid UTF-8 sequence(s) replaced by U+FFFD (is the file UTF-8?"
                              " Latin-1 can be converted with iconv -f latin1 -t utf8)"});
  }
  parsed->repaired_utf8 = repaired_utf8;
  parsed->position = position;
  sink.OnArticle(std::move(parsed.value()));
}

Status JsonLinesReader::ReadStream(std::istream& in, const std::string& display_name,
                                   RecordSink& sink) {
  std::string line;
  SourcePosition position{display_name, 0};
  while (!sink.Stopping() && std::getline(in, line)) {
    ++position.line;
    std::string_view view = line;
    if (position.line == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
    if (!HasText(view)) continue;
    ParseLine(view, position, sink, line);
  }
  if (in.bad()) return Status::IOError("read error");
  return Status::Ok();
}

Status JsonLinesReader::ReadFile(const std::string& path, const std::string& display_name,
                                 RecordSink& sink) {
  std::vector<char> buffer(1 << 20);
  std::ifstream in;
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open for reading");
  return ReadStream(in, display_name, sink);
}

}  // namespace facette
