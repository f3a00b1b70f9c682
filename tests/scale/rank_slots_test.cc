// Rank slots (schema/fields.h): the document builder writes an article's
// keys of each multi-valued counted field one per slot, in order, and the
// keys from the last rank on packed in the last slot.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdio>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "schema/alias_table.h"
#include "schema/fields.h"

namespace facette {
namespace {

// Names that fold to themselves: lower case ASCII, no name ending with the
// words of another (so resolution keeps each as given).
std::vector<std::string> Names(const char* stem, std::size_t n) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) {
    names.push_back(std::string(stem) + " " + static_cast<char>('a' + i / 26) +
                    static_cast<char>('a' + i % 26));
  }
  return names;
}

Xapian::Document Build(const std::vector<std::string>& persons,
                       const std::vector<PartialDate>& dates) {
  AliasTable no_aliases;
  DocumentBuilder builder(no_aliases, /*rank_slots=*/true);
  ParsedArticle article;
  article.id = "rank-test";
  article.title = "Un titre";
  article.body = "Un texte.";
  article.entities[Index(EntityType::kPerson)] = persons;
  article.has_entity_lists = true;
  article.dates_mentioned = dates;
  article.has_dates_mentioned = true;
  return builder.Build(article).ToXapian();
}

// The packing of schema/entity_key.h, written out: keys joined by U+001F.
std::string Joined(const std::vector<std::string>& keys, std::size_t from) {
  std::string joined;
  for (std::size_t i = from; i < keys.size(); ++i) {
    if (i > from) joined += '\x1f';
    joined += keys[i];
  }
  return joined;
}

TEST(RankSlotsTest, FewerKeysThanRanksTakeTheFirstSlotsInOrder) {
  const std::vector<std::string> persons = Names("nom", 3);
  Xapian::Document doc = Build(persons, {});
  const Xapian::valueno first = FirstRankSlot(FieldId::kPerson);
  for (std::size_t rank = 0; rank < kRankSlots; ++rank) {
    EXPECT_EQ(rank < persons.size() ? persons[rank] : "", doc.get_value(first + rank))
        << "rank " << rank;
  }
  // Nothing in another field's rank slots.
  for (unsigned rank = 0; rank < kRankSlots; ++rank) {
    EXPECT_EQ("", doc.get_value(FirstRankSlot(FieldId::kOrganization) + rank));
    EXPECT_EQ("", doc.get_value(FirstRankSlot(FieldId::kMentionedDate) + rank));
  }
}

TEST(RankSlotsTest, KeysPastTheLastRankArePackedInTheLastSlot) {
  const std::vector<std::string> persons = Names("nom", kRankSlots + 5);
  Xapian::Document doc = Build(persons, {});
  const Xapian::valueno first = FirstRankSlot(FieldId::kPerson);
  for (std::size_t rank = 0; rank + 1 < kRankSlots; ++rank) {
    EXPECT_EQ(persons[rank], doc.get_value(first + rank)) << "rank " << rank;
  }
  EXPECT_EQ(Joined(persons, kRankSlots - 1), doc.get_value(first + kRankSlots - 1));
}

TEST(RankSlotsTest, ExactlyAsManyKeysAsRanksFillEverySlotOnce) {
  const std::vector<std::string> persons = Names("nom", kRankSlots);
  Xapian::Document doc = Build(persons, {});
  const Xapian::valueno first = FirstRankSlot(FieldId::kPerson);
  for (std::size_t rank = 0; rank < kRankSlots; ++rank) {
    EXPECT_EQ(persons[rank], doc.get_value(first + rank)) << "rank " << rank;
  }
}

TEST(RankSlotsTest, DatesMentionedHaveRankSlotsToo) {
  std::vector<PartialDate> dates;
  std::vector<std::string> keys;
  for (int day = 1; day <= static_cast<int>(kRankSlots) + 2; ++day) {
    dates.push_back(PartialDate{2016, 3, day, PartialDate::Precision::kDay});
    char key[16];
    std::snprintf(key, sizeof key, "201603%02d", day);
    keys.push_back(key);
  }
  Xapian::Document doc = Build({}, dates);
  const Xapian::valueno first = FirstRankSlot(FieldId::kMentionedDate);
  for (std::size_t rank = 0; rank + 1 < kRankSlots; ++rank) {
    EXPECT_EQ(keys[rank], doc.get_value(first + rank)) << "rank " << rank;
  }
  EXPECT_EQ(Joined(keys, kRankSlots - 1), doc.get_value(first + kRankSlots - 1));
  EXPECT_EQ("", doc.get_value(FirstRankSlot(FieldId::kPerson)));
}

}  // namespace
}  // namespace facette
