// Document building (document_builder.h). Every prefix and slot comes from
// the schema table.
#include "indexer/document_builder.h"

#include <algorithm>

#include "analysis/fold.h"
#include "analysis/utf8.h"
#include "indexer/entity_resolution.h"
#include "schema/dates.h"
#include "schema/document_data.h"
#include "schema/entity_key.h"
#include "schema/fields.h"
#include "schema/mentioned_dates.h"
#include "schema/version.h"

namespace facette {
namespace {

// As Xapian::Document::add_value: an empty value is no value.
void SetValue(BuiltDocument& built, Xapian::valueno slot, std::string value) {
  if (value.empty()) {
    built.values.erase(slot);
  } else {
    built.values[slot] = std::move(value);
  }
}

// The warning for an entity name whose term (`term_bytes` long) does not
// fit: the name is shown cut to a readable length, at a character boundary.
Warning TooLongEntity(const ParsedArticle& article, const FieldSpec& spec, std::string_view name,
                      std::size_t term_bytes) {
  constexpr std::size_t kShown = 60;
  std::string shown(name.substr(0, utf8::CharStart(name, kShown)));
  if (name.size() > kShown) shown += "…";
  return Warning{article.position, "field \"" + std::string(spec.json_name) + "\": the name \"" +
                                       shown +
                                       "\" is too long to be a facet value (its term would be " +
                                       std::to_string(term_bytes) + " bytes, at most " +
                                       std::to_string(kMaxEntityTermBytes) + "); left out"};
}

// 64-bit FNV-1a, printed as 16 hex digits.
class ContentHash {
 public:
  void Add(std::string_view s) {
    for (unsigned char c : s) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
    // A separator, so that ("ab","c") and ("a","bc") differ.
    hash_ ^= 0xff;
    hash_ *= 0x100000001b3ULL;
  }
  std::string Hex() const {
    static const char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 0; i < 16; ++i) out[15 - i] = kDigits[(hash_ >> (4 * i)) & 0xf];
    return out;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The keys of `field` one per rank slot (schema/fields.h), those from the
// last rank on packed in the last slot.
void SetRankValues(BuiltDocument& built, FieldId field, const std::vector<std::string>& keys) {
  const Xapian::valueno first = FirstRankSlot(field);
  for (unsigned rank = 0; rank + 1 < kRankSlots && rank < keys.size(); ++rank) {
    SetValue(built, first + rank, keys[rank]);
  }
  if (keys.size() >= kRankSlots) {
    SetValue(built, first + kRankSlots - 1,
             PackKeys(std::vector<std::string>(keys.begin() + (kRankSlots - 1), keys.end())));
  }
}

}  // namespace

BuiltDocument DocumentBuilder::Build(const ParsedArticle& article) {
  BuiltDocument built;
  TermCollector& doc = terms_;
  StoredArticle stored;
  stored.id = article.id;
  stored.title = CleanSpaces(article.title);
  stored.url = article.url;
  stored.source = article.source;
  stored.body = StoredBody(article.body);

  built.id_term = std::string(Field(FieldId::kId).prefix) + article.id;
  doc.AddBooleanTerm(built.id_term);

  // Text: the title with its own prefix and, like the body, unprefixed so
  // that a plain query finds words of the title too.
  text_indexer_.StartDocument(doc);
  if (!article.title.empty()) {
    text_indexer_.Index(article.title, Field(FieldId::kTitle).prefix);
    text_indexer_.Index(article.title, Field(FieldId::kBody).prefix);
  }
  if (!article.body.empty()) text_indexer_.Index(article.body, Field(FieldId::kBody).prefix);

  if (article.has_date) {
    const FieldSpec& date = Field(FieldId::kDate);
    for (const std::string& term : DateTerms(article.date)) doc.AddBooleanTerm(term);
    SetValue(built, date.slot, DateSlotValue(article.date));
    stored.date = FormatIsoDate(article.date);
  }

  // Distinct keys per article (resolution drops duplicates), so an article
  // counts once per entity. The packed keys and the stored labels are in the
  // same order, which the writer relies on to undo an article's spellings.
  ResolvedEntities entities = ResolveArticleEntities(article.entities, aliases_);
  for (EntityType type : kEntityTypes) {
    const FieldSpec& spec = EntityField(type);
    std::vector<std::string> keys;
    for (ResolvedEntity& entity : entities[Index(type)]) {
      if (entity.key.size() + spec.prefix.size() > kMaxEntityTermBytes) {
        built.warnings.push_back(
            TooLongEntity(article, spec, entity.label, entity.key.size() + spec.prefix.size()));
        continue;
      }
      std::string term = std::string(spec.prefix) + entity.key;
      doc.AddBooleanTerm(term);
      built.entity_labels.emplace_back(term, entity.label);
      stored.entities[Index(type)].push_back(std::move(entity.label));
      keys.push_back(std::move(entity.key));
    }
    if (!keys.empty()) SetValue(built, spec.slot, PackKeys(keys));
    if (rank_slots_) SetRankValues(built, spec.id, keys);
  }

  // Dates mentioned: distinct, in text order; each indexed at its precision
  // and the coarser ones, its key packed in the slot like entity keys.
  if (!article.dates_mentioned.empty()) {
    std::vector<std::string> keys;
    for (const PartialDate& date : article.dates_mentioned) {
      std::string key = MentionedDateKey(date);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      for (const std::string& term : MentionedDateTerms(date)) doc.AddBooleanTerm(term);
      stored.dates_mentioned.push_back(FormatPartialDate(date));
      keys.push_back(std::move(key));
    }
    SetValue(built, Field(FieldId::kMentionedDate).slot, PackKeys(keys));
    if (rank_slots_) SetRankValues(built, FieldId::kMentionedDate, keys);
  }

  if (!article.url.empty()) {
    std::string term = std::string(Field(FieldId::kUrl).prefix) + article.url;
    if (term.size() <= kMaxBooleanTermBytes) doc.AddBooleanTerm(term);
  }
  if (!article.source.empty()) {
    std::string key = CanonicalEntityKey(article.source);
    std::string term = std::string(Field(FieldId::kSource).prefix) + key;
    if (!key.empty() && term.size() <= kMaxBooleanTermBytes) doc.AddBooleanTerm(term);
  }

  std::string data = EncodeDocumentData(stored);
  ContentHash hash;
  hash.Add(std::to_string(kSchemaVersion));
  hash.Add(data);
  hash.Add(article.title);
  hash.Add(article.body);
  built.content_hash = hash.Hex();
  SetValue(built, Field(FieldId::kContentHash).slot, built.content_hash);
  built.data = std::move(data);
  built.terms = terms_.Finish();
  return built;
}

Xapian::Document BuiltDocument::ToXapian() const {
  Xapian::Document doc;
  terms.AddTo(doc);
  for (const auto& [slot, value] : values) doc.add_value(slot, value);
  doc.set_data(data);
  return doc;
}

}  // namespace facette
