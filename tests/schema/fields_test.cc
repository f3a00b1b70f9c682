// Tests of the schema table (schema/fields.h): the invariants every other
// module relies on when it derives prefixes, slots and names from kFields.
#include "schema/fields.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "analysis/french_analyzer.h"
#include "schema/version.h"

namespace facette {
namespace {

constexpr FieldId kAllFieldIds[] = {
    FieldId::kId,           FieldId::kTitle,       FieldId::kBody,          FieldId::kPerson,
    FieldId::kOrganization, FieldId::kLocation,    FieldId::kDate,          FieldId::kUrl,
    FieldId::kSource,       FieldId::kContentHash, FieldId::kMentionedDate,
};

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Omega's conventions: one capital letter, or 'X' followed by capitals.
bool FollowsOmegaConvention(std::string_view prefix) {
  if (prefix.size() == 1) return IsUpper(prefix[0]);
  if (prefix.size() < 2 || prefix[0] != 'X') return false;
  for (char c : prefix) {
    if (!IsUpper(c)) return false;
  }
  return true;
}

TEST(FieldsTest, EveryFieldIdHasExactlyOneRow) {
  EXPECT_EQ(std::size(kAllFieldIds), kFields.size());
  for (FieldId id : kAllFieldIds) {
    int rows = 0;
    for (const FieldSpec& spec : kFields) rows += spec.id == id ? 1 : 0;
    EXPECT_EQ(1, rows) << "FieldId " << static_cast<int>(id);
    EXPECT_EQ(id, Field(id).id);
  }
}

TEST(FieldsTest, PrefixesAreUniqueAndFollowOmegaConventions) {
  std::set<std::string_view> seen;
  for (const FieldSpec& spec : kFields) {
    if (spec.prefix.empty()) continue;
    EXPECT_TRUE(FollowsOmegaConvention(spec.prefix)) << spec.prefix;
    EXPECT_TRUE(seen.insert(spec.prefix).second) << "duplicate prefix " << spec.prefix;
  }
}

TEST(FieldsTest, IdUsesQPrefix) { EXPECT_EQ("Q", Field(FieldId::kId).prefix); }

TEST(FieldsTest, OnlyTheBodyIsUnprefixed) {
  for (const FieldSpec& spec : kFields) {
    if (spec.flags & kInternal) continue;
    EXPECT_EQ(spec.id == FieldId::kBody, spec.prefix.empty()) << spec.name;
  }
}

TEST(FieldsTest, SlotsAreUnique) {
  std::map<Xapian::valueno, std::string_view> seen;
  for (const FieldSpec& spec : kFields) {
    if (spec.slot == kNoSlot) continue;
    auto [it, inserted] = seen.emplace(spec.slot, spec.name);
    EXPECT_TRUE(inserted) << "slot " << spec.slot << " used by " << it->second << " and "
                          << spec.name;
  }
}

// Rank slots (docs/scale-out.md): every multi-valued counted field has a
// block of kRankSlots, and no slot is used twice.
TEST(FieldsTest, RankSlotsAreUniqueAndOnlyForMultiValuedCountedFields) {
  std::map<Xapian::valueno, std::string> seen;
  for (const FieldSpec& spec : kFields) {
    if (spec.slot != kNoSlot) seen.emplace(spec.slot, std::string(spec.name));
  }
  for (const FieldSpec& spec : kFields) {
    const bool multi_valued = (spec.flags & kCounted) && spec.id != FieldId::kDate;
    const Xapian::valueno first = FirstRankSlot(spec.id);
    EXPECT_EQ(multi_valued, first != kNoSlot) << spec.name;
    if (first == kNoSlot) continue;
    for (unsigned rank = 0; rank < kRankSlots; ++rank) {
      auto [it, inserted] = seen.emplace(first + rank, std::string(spec.name));
      EXPECT_TRUE(inserted) << "slot " << first + rank << " of " << spec.name << " used by "
                            << it->second;
    }
  }
}

TEST(FieldsTest, CountedAndEntityFieldsHavePrefixAndSlot) {
  for (const FieldSpec& spec : kFields) {
    if (!(spec.flags & (kCounted | kEntity | kSortable))) continue;
    EXPECT_FALSE(spec.prefix.empty()) << spec.name;
    EXPECT_NE(kNoSlot, spec.slot) << spec.name;
  }
  EXPECT_NE(kNoSlot, Field(FieldId::kContentHash).slot);
}

TEST(FieldsTest, EntityRowsMatchEntityTypes) {
  std::map<EntityType, int> rows;
  for (const FieldSpec& spec : kFields) {
    EXPECT_EQ((spec.flags & kEntity) != 0, spec.entity.has_value()) << spec.name;
    if (spec.entity) ++rows[*spec.entity];
  }
  EXPECT_EQ(kEntityTypeCount, rows.size());
  for (std::size_t i = 0; i < kEntityTypes.size(); ++i) {
    EntityType type = kEntityTypes[i];
    EXPECT_EQ(i, Index(type));
    EXPECT_EQ(1, rows[type]) << "entity type " << i;
    EXPECT_EQ(type, EntityField(type).entity);
  }
}

TEST(FieldsTest, DatePrefixesDoNotCollide) {
  // The day prefix is the date field's own prefix; year and month prefixes
  // must not belong to any field.
  EXPECT_EQ(kDayPrefix, Field(FieldId::kDate).prefix);
  EXPECT_NE(kYearPrefix, kMonthPrefix);
  EXPECT_NE(kYearPrefix, kDayPrefix);
  EXPECT_NE(kMonthPrefix, kDayPrefix);
  for (std::string_view date_prefix : {kYearPrefix, kMonthPrefix, kDayPrefix}) {
    EXPECT_TRUE(FollowsOmegaConvention(date_prefix)) << date_prefix;
    for (const FieldSpec& spec : kFields) {
      if (spec.id == FieldId::kDate) continue;
      EXPECT_NE(date_prefix, spec.prefix) << spec.name;
    }
  }
}

TEST(FieldsTest, QueryNamesAreUnique) {
  std::set<std::string> seen;
  for (const FieldSpec& spec : kFields) {
    for (std::string_view name : {spec.name, spec.alias1, spec.alias2}) {
      if (name.empty()) continue;
      EXPECT_TRUE(seen.insert(std::string(name)).second) << "duplicate name " << name;
    }
  }
}

TEST(FieldsTest, FindFieldByName) {
  static const struct {
    const char* name;
    FieldId expected;
  } kCases[] = {
      {"id", FieldId::kId},
      {"title", FieldId::kTitle},
      {"TITLE", FieldId::kTitle},
      {"body", FieldId::kBody},
      {"person", FieldId::kPerson},
      {"Person", FieldId::kPerson},
      {"persons", FieldId::kPerson},
      {"org", FieldId::kOrganization},
      {"ORG", FieldId::kOrganization},
      {"organization", FieldId::kOrganization},
      {"Organisation", FieldId::kOrganization},
      {"location", FieldId::kLocation},
      {"loc", FieldId::kLocation},
      {"date", FieldId::kDate},
      {"Date", FieldId::kDate},
      {"url", FieldId::kUrl},
      {"source", FieldId::kSource},
  };
  for (const auto& c : kCases) {
    const FieldSpec* spec = FindFieldByName(c.name);
    ASSERT_NE(nullptr, spec) << c.name;
    EXPECT_EQ(c.expected, spec->id) << c.name;
  }
}

TEST(FieldsTest, FindFieldByNameRejectsUnknownAndInternal) {
  static const char* const kUnknown[] = {"",       "foo",     "per",  "persons2",
                                         "pérson", " person", "XPER", "Q"};
  for (const char* name : kUnknown) {
    EXPECT_EQ(nullptr, FindFieldByName(name)) << '"' << name << '"';
  }
  // The internal content hash row has an empty name: it must not be found
  // by any name, in particular not by "".
  for (const FieldSpec& spec : kFields) {
    if (!(spec.flags & kInternal)) continue;
    EXPECT_EQ(nullptr, FindFieldByName(spec.name));
  }
}

// The stem prefix is a prefix of its own: no field's prefix starts with it,
// so that a stem and a field's term never read the same.
TEST(FieldsTest, StemPrefixIsNoFieldPrefix) {
  EXPECT_TRUE(FollowsOmegaConvention(kStemPrefix));
  for (const FieldSpec& spec : kFields) {
    EXPECT_NE(0u, spec.prefix.rfind(kStemPrefix, 0)) << spec.name;
  }
}

// Every prefix of the table comes off a term whole, with or without the stem
// prefix, and what follows is the word written after it.
TEST(TermPartsTest, SplitsThePrefixOfEveryField) {
  const std::string words[] = {"intelligence", "2016", "francois hollande", "\u00e9t\u00e9", ""};
  for (const FieldSpec& spec : kFields) {
    const std::string prefix(spec.prefix);
    for (const std::string& word : words) {
      const std::string term = prefix + word;  // the parts view into it
      const TermParts plain = SplitTerm(term);
      EXPECT_EQ(spec.prefix, plain.prefix) << term;
      EXPECT_EQ(word, plain.word) << term;
      EXPECT_FALSE(plain.stemmed) << term;
      if (!(spec.flags & kFreeText) || word.empty()) continue;
      const std::string stem_term = std::string(kStemPrefix) + prefix + word;
      const TermParts stem = SplitTerm(stem_term);
      EXPECT_EQ(spec.prefix, stem.prefix) << stem_term;
      EXPECT_EQ(word, stem.word) << stem_term;
      EXPECT_TRUE(stem.stemmed) << stem_term;
    }
  }
}

TEST(FieldsTest, FindFreeTextField) {
  for (const FieldSpec& spec : kFields) {
    if (spec.flags & kFreeText) {
      EXPECT_EQ(&spec, FindFreeTextField(spec.prefix)) << spec.name;
    } else if (!spec.prefix.empty()) {
      EXPECT_EQ(nullptr, FindFreeTextField(spec.prefix)) << spec.name;
    }
  }
  EXPECT_EQ(nullptr, FindFreeTextField(kStemPrefix));
  EXPECT_EQ(nullptr, FindFreeTextField("XYZ"));
}

// The words of the body are the only unprefixed terms; every other field's
// terms are prefixed.
TEST(TermPartsTest, IsPrefixedFollowsTheTable) {
  for (const FieldSpec& spec : kFields) {
    const std::string term = std::string(spec.prefix) + "mot";
    EXPECT_EQ(!spec.prefix.empty(), IsPrefixed(term)) << term;
  }
  EXPECT_TRUE(IsPrefixed(std::string(kStemPrefix) + "mot"));
  EXPECT_FALSE(IsPrefixed("2016"));
  EXPECT_FALSE(IsPrefixed("\u00e9t\u00e9"));
  EXPECT_FALSE(IsPrefixed(""));
}

// Every term facette writes fits Xapian's limit: an id with its prefix, a
// boolean term, an entity term, and a word or stem of a free-text field with
// the field's prefix and the stem prefix.
TEST(FieldsTest, TermLimitsFitXapiansLimit) {
  EXPECT_LE(Field(FieldId::kId).prefix.size() + kMaxIdBytes, kMaxTermBytes);
  EXPECT_LE(kMaxBooleanTermBytes, kMaxTermBytes);
  EXPECT_LE(kMaxEntityTermBytes, kMaxBooleanTermBytes);
  for (const FieldSpec& spec : kFields) {
    if (!(spec.flags & kFreeText)) continue;
    EXPECT_LE(kStemPrefix.size() + spec.prefix.size() + kMaxWordBytes, kMaxTermBytes) << spec.name;
  }
}

}  // namespace
}  // namespace facette
