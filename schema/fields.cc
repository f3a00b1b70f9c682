// Lookups over the schema table (fields.h).
#include "schema/fields.h"

#include <cstdlib>
#include <string>

namespace facette {
namespace {

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The letters of Xapian term prefixes.
bool IsPrefixLetter(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

const FieldSpec& Field(FieldId id) {
  for (const FieldSpec& spec : kFields) {
    if (spec.id == id) return spec;
  }
  std::abort();  // unreachable: the table test checks every FieldId has a row
}

const FieldSpec* FindFieldByName(std::string_view name) {
  if (name.empty()) return nullptr;
  for (const FieldSpec& spec : kFields) {
    if (spec.flags & kInternal) continue;
    if (EqualsIgnoreAsciiCase(spec.name, name) ||
        (!spec.alias1.empty() && EqualsIgnoreAsciiCase(spec.alias1, name)) ||
        (!spec.alias2.empty() && EqualsIgnoreAsciiCase(spec.alias2, name))) {
      return &spec;
    }
  }
  return nullptr;
}

const FieldSpec* FindFreeTextField(std::string_view prefix) {
  for (const FieldSpec& spec : kFields) {
    if ((spec.flags & kFreeText) && spec.prefix == prefix) return &spec;
  }
  return nullptr;
}

TermParts SplitTerm(std::string_view term) {
  std::size_t n = 0;
  while (n < term.size() && IsPrefixLetter(term[n])) ++n;
  TermParts parts;
  parts.prefix = term.substr(0, n);
  parts.word = term.substr(n);
  if (parts.prefix.substr(0, kStemPrefix.size()) == kStemPrefix) {
    parts.stemmed = true;
    parts.prefix.remove_prefix(kStemPrefix.size());
  }
  return parts;
}

bool IsPrefixed(std::string_view term) { return !term.empty() && IsPrefixLetter(term[0]); }

Xapian::valueno FirstRankSlot(FieldId id) {
  // After every slot of the table, one block of kRankSlots per field.
  switch (id) {
    case FieldId::kPerson:
      return 16;
    case FieldId::kOrganization:
      return 16 + kRankSlots;
    case FieldId::kLocation:
      return 16 + 2 * kRankSlots;
    case FieldId::kMentionedDate:
      return 16 + 3 * kRankSlots;
    default:
      return kNoSlot;
  }
}

bool WritesRankSlots(const Xapian::Database& db) {
  return db.get_metadata(std::string(kRankSlotsKey)) == "1";
}

bool HasRankSlotsThroughout(const Xapian::Database& db) {
  // An article has a value in a field's own slot exactly when it has keys
  // of the field, and then one in the field's first rank slot too.
  for (const FieldSpec& spec : kFields) {
    const Xapian::valueno first = FirstRankSlot(spec.id);
    if (first == kNoSlot) continue;
    if (db.get_value_freq(first) != db.get_value_freq(spec.slot)) return false;
  }
  return true;
}

const FieldSpec& EntityField(EntityType type) {
  for (const FieldSpec& spec : kFields) {
    if (spec.entity == type) return spec;
  }
  std::abort();  // unreachable: the table test checks every entity type has a row
}

}  // namespace facette
