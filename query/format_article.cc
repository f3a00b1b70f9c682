// An article as a line of facette-index's input (facette/format.h,
// FormatArticleJson): what facette-export writes. The keys are the schema
// table's JSON names, in the input format's order.
#include <optional>
#include <string_view>

#include "analysis/utf8.h"
#include "facette/format.h"
#include "query/json_writer.h"
#include "schema/document_data.h"
#include "schema/fields.h"

namespace facette {
namespace {

// `text` with every byte that does not start a valid UTF-8 sequence replaced
// by U+FFFD; nullopt when it is valid UTF-8 already (the usual case, no copy).
std::optional<std::string> RepairedUtf8(std::string_view text) {
  std::optional<std::string> repaired;
  std::size_t len = 0;
  for (std::size_t i = 0; i < text.size(); i += len) {
    char32_t c = utf8::Decode(text, i, &len);
    // An invalid byte decodes as U+FFFD of length 1; a real U+FFFD is 3 bytes.
    bool invalid = c == utf8::kReplacement && len == 1;
    if (invalid && !repaired) repaired.emplace(text.substr(0, i));
    if (repaired) utf8::Append(c, &*repaired);
  }
  return repaired;
}

}  // namespace

std::string FormatArticleJson(const Article& article, std::vector<std::string>* notices) {
  std::string out;
  std::optional<std::string> id = RepairedUtf8(article.id);
  const std::string& shown_id = id ? *id : article.id;
  if (id && notices != nullptr) {
    notices->push_back(shown_id +
                       ": the id is not valid UTF-8 (a text file named in another encoding, "
                       "indexed before such ids were refused): written with U+FFFD, so the "
                       "export indexes under another id");
  }
  bool repaired = false;
  JsonWriter json(out);
  // Every string through here, so that the line is valid JSON.
  auto text = [&](std::string_view value) {
    std::optional<std::string> fixed = RepairedUtf8(value);
    repaired = repaired || fixed;
    json.String(fixed ? std::string_view(*fixed) : value);
  };
  // A list that is given, even empty: a record with it is not extracted
  // again; one that is not given is left out, as the input format reads it.
  auto list = [&](std::string_view key, const std::optional<std::vector<std::string>>& values) {
    if (!values) return;
    json.Key(key);
    json.BeginArray();
    for (const std::string& value : *values) text(value);
    json.EndArray();
  };

  json.BeginObject();
  json.Key(Field(FieldId::kId).json_name).String(shown_id);
  json.Key(Field(FieldId::kTitle).json_name);
  text(article.title);
  // No date is null, which the input format reads as absent.
  json.Key(Field(FieldId::kDate).json_name);
  if (article.date.empty()) {
    json.Null();
  } else {
    text(article.date);
  }
  json.Key(Field(FieldId::kBody).json_name);
  text(article.body);
  json.Key(Field(FieldId::kUrl).json_name);
  text(article.url);
  json.Key(Field(FieldId::kSource).json_name);
  text(article.source);
  for (EntityType type : kEntityTypes) {
    list(EntityField(type).json_name, article.entities[Index(type)]);
  }
  list(Field(FieldId::kMentionedDate).json_name, article.dates_mentioned);
  json.EndObject();
  out.push_back('\n');

  if (notices == nullptr) return out;
  if (repaired) {
    notices->push_back(shown_id + ": text that is not valid UTF-8 written with U+FFFD");
  }
  // A body longer than the limit was stored cut within its last character
  // (StoredBody), so a stored body this long may have been longer.
  if (article.body.size() + 3 >= kMaxStoredBodyBytes) {
    notices->push_back(shown_id + ": the body is at the stored limit of " +
                       std::to_string(kMaxStoredBodyBytes) +
                       " bytes: a longer one was cut there when indexed, and only what was "
                       "stored is exported");
  }
  return out;
}

}  // namespace facette
