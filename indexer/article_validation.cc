// Validation of an article (article_validation.h).
#include "indexer/article_validation.h"

#include <string>
#include <utility>

#include "indexer/utf8_repair.h"
#include "schema/dates.h"
#include "schema/fields.h"

namespace facette {
namespace {

using IdOrigin = ValidationOptions::IdOrigin;

std::string_view JsonName(FieldId id) { return Field(id).json_name; }

Status Invalid(FieldId id, const std::string& what) {
  const std::string_view name = JsonName(id);
  return Status::InvalidArgument("field \"" + std::string(name) + "\": " + what, std::string(name));
}

// The id's reason to be refused, in the words of where it came from.
Status InvalidId(IdOrigin origin, const std::string& what) {
  if (origin == IdOrigin::kField) return Invalid(FieldId::kId, what);
  return Status::InvalidArgument("the article id (the file's path) " + what,
                                 std::string(JsonName(FieldId::kId)));
}

Status CheckId(std::string& id, IdOrigin origin) {
  if (origin == IdOrigin::kField) {
    const std::string_view trimmed = TrimmedId(id);
    if (trimmed.size() != id.size()) id = std::string(trimmed);
  }
  if (id.empty()) return InvalidId(origin, "is empty");
  if (id.size() > kMaxIdBytes) {
    return InvalidId(origin, "is " + std::to_string(id.size()) +
                                 " bytes, longer than the limit of " + std::to_string(kMaxIdBytes) +
                                 " bytes");
  }
  if (std::string defect = IdDefect(id); !defect.empty()) return InvalidId(origin, defect);
  return Status::Ok();
}

// Replaces invalid UTF-8 in every string but the id; the number replaced.
std::uint64_t RepairStrings(Article& article) {
  std::uint64_t repaired = RepairUtf8(article.title) + RepairUtf8(article.body) +
                           RepairUtf8(article.url) + RepairUtf8(article.source);
  for (auto& list : article.entities) {
    if (!list) continue;
    for (std::string& name : *list) repaired += RepairUtf8(name);
  }
  return repaired;
}

}  // namespace

bool HasText(std::string_view s) {
  for (unsigned char c : s) {
    if (c > ' ') return true;
  }
  return false;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

Result<ParsedArticle> ValidateArticle(Article&& article, const ValidationOptions& options) {
  Status id = CheckId(article.id, options.id_origin);
  if (!id.ok()) return id;

  ParsedArticle parsed;
  if (HasText(article.date)) {
    Result<Date> date = ParseArticleDate(article.date);
    if (!date.ok()) return Invalid(FieldId::kDate, date.status().message());
    parsed.date = date.value();
    parsed.has_date = true;
  }

  if (article.dates_mentioned) {
    parsed.has_dates_mentioned = true;
    std::size_t index = 0;
    for (const std::string& text : *article.dates_mentioned) {
      if (HasText(text)) {
        Result<PartialDate> date = ParsePartialDate(text);
        if (!date.ok()) {
          return Invalid(FieldId::kMentionedDate,
                         "element " + std::to_string(index) + ": " + date.status().message());
        }
        parsed.dates_mentioned.push_back(date.value());
      }
      ++index;
    }
  }

  if (!HasText(article.title) && !HasText(article.body)) {
    return Status::InvalidArgument(
        options.id_origin == IdOrigin::kField
            ? "no text: fields \"title\" and \"body\" are both missing or empty"
            : "no text: the file is empty or only white space");
  }

  if (!options.valid_utf8) parsed.repaired_utf8 = RepairStrings(article);
  parsed.id = std::move(article.id);
  parsed.title = std::move(article.title);
  parsed.body = std::move(article.body);
  parsed.url = std::string(TrimBlanks(article.url));
  parsed.source = std::string(TrimBlanks(article.source));
  for (EntityType type : kEntityTypes) {
    std::optional<std::vector<std::string>>& given = article.entities[Index(type)];
    if (!given) continue;
    parsed.has_entity_lists = true;
    std::vector<std::string>& names = parsed.entities[Index(type)];
    names.reserve(given->size());
    for (std::string& name : *given) {
      if (HasText(name)) names.push_back(std::move(name));
    }
  }
  return parsed;
}

}  // namespace facette
