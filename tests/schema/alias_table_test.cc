// The alias table (schema/alias_table.h).
#include "schema/alias_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace facette {
namespace {

TEST(AliasTableTest, ParsesAndFindsByFoldedKey) {
  Result<AliasTable> table = AliasTable::Parse(
      "# comment\n"
      "SBG\tSoftBank Group\torganization\n"
      "\n"
      "  Daech \t État islamique \n"
      "JFK\tJohn F. Kennedy\tperson\n",
      "t.tsv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(3u, table->size());
  static const struct {
    EntityType type;
    const char* key;
    const char* canonical;  // nullptr: no alias
  } kCases[] = {
      {EntityType::kOrganization, "sbg", "SoftBank Group"},
      {EntityType::kPerson, "sbg", nullptr},  // typed: organisations only
      {EntityType::kOrganization, "daech", "État islamique"},
      {EntityType::kLocation, "daech", "État islamique"},  // untyped: any type
      {EntityType::kPerson, "jfk", "John F. Kennedy"},
      {EntityType::kOrganization, "softbank group", nullptr},
  };
  for (const auto& c : kCases) {
    const std::string* found = table->Find(c.type, c.key);
    if (c.canonical == nullptr) {
      EXPECT_EQ(nullptr, found) << c.key;
    } else {
      ASSERT_NE(nullptr, found) << c.key;
      EXPECT_EQ(c.canonical, *found) << c.key;
    }
  }
  EXPECT_EQ("softbank group", table->CanonicalKey(EntityType::kOrganization, "sbg"));
  EXPECT_EQ("inconnu", table->CanonicalKey(EntityType::kOrganization, "inconnu"));
}

TEST(AliasTableTest, ErrorsNameTheLine) {
  static const struct {
    const char* tsv;
    const char* says;
  } kCases[] = {
      {"SBG SoftBank Group\n", "x.tsv:1: expected ALIAS<TAB>CANONICAL"},
      {"# c\nA\tB\tplanet\n", "x.tsv:2: unknown entity type \"planet\""},
      {"!!!\tB\n", "x.tsv:1: an alias and its canonical name need letters or digits"},
  };
  for (const auto& c : kCases) {
    Result<AliasTable> table = AliasTable::Parse(c.tsv, "x.tsv");
    ASSERT_FALSE(table.ok()) << c.tsv;
    EXPECT_NE(std::string::npos, table.status().message().find(c.says)) << table.status().message();
  }
}

TEST(AliasTableTest, MergeLetsTheOtherTableWin) {
  AliasTable base = AliasTable::Parse("UE\tUnion européenne\n", "a").value();
  base.Merge(AliasTable::Parse("UE\tUnion des étudiants\nPS\tParti socialiste\n", "b").value());
  EXPECT_EQ("Union des étudiants", *base.Find(EntityType::kOrganization, "ue"));
  EXPECT_EQ("Parti socialiste", *base.Find(EntityType::kOrganization, "ps"));
}

// A user's alias for any type overrides the default's typed one.
TEST(AliasTableTest, AnUntypedAliasOverridesTypedOnes) {
  AliasTable base = AliasTable::Parse("Daech\tÉtat islamique\torganization\n", "a").value();
  base.Merge(AliasTable::Parse("Daech\tISIS\n", "b").value());
  EXPECT_EQ("ISIS", *base.Find(EntityType::kOrganization, "daech"));
  EXPECT_EQ(1u, base.size());
}

TEST(AliasTableTest, TypeNamesAreTheSchemaNamesInAnyCase) {
  Result<AliasTable> table =
      AliasTable::Parse("A\tB\tOrganization\nC\tD\torg\nE\tF\tPERSON\n", "t");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ("B", *table->Find(EntityType::kOrganization, "a"));
  EXPECT_EQ("D", *table->Find(EntityType::kOrganization, "c"));
  EXPECT_EQ(nullptr, table->Find(EntityType::kLocation, "e"));
}

TEST(AliasTableTest, AnAliasOfAnAliasIsFollowedToTheEnd) {
  // A user's "Daesh" -> "EI" on top of the default "EI" -> "État islamique":
  // one entity, whichever name an article or a filter uses.
  Result<AliasTable> user = AliasTable::Parse("Daesh\tEI\n", "user.tsv");
  ASSERT_TRUE(user.ok()) << user.status().message();
  AliasTable table = AliasTable::Default();
  table.Merge(user.value());
  const std::string* found = table.Find(EntityType::kOrganization, "daesh");
  ASSERT_NE(nullptr, found);
  EXPECT_EQ("État islamique", *found);
  EXPECT_EQ("etat islamique", table.CanonicalKey(EntityType::kOrganization, "daesh"));
  EXPECT_EQ("etat islamique", table.CanonicalKey(EntityType::kOrganization, "ei"));
}

TEST(AliasTableTest, ACycleOfAliasesEnds) {
  Result<AliasTable> table = AliasTable::Parse("A\tB\nB\tC\nC\tA\n", "cycle.tsv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  // Each name stops before the chain comes back to it.
  EXPECT_EQ("c", table->CanonicalKey(EntityType::kPerson, "a"));
  EXPECT_EQ("a", table->CanonicalKey(EntityType::kPerson, "b"));
  ASSERT_NE(nullptr, table->Find(EntityType::kPerson, "c"));
  EXPECT_EQ("B", *table->Find(EntityType::kPerson, "c"));
}

TEST(AliasTableTest, SerializeRoundTrips) {
  AliasTable table =
      AliasTable::Parse("SBG\tSoftBank Group\torganization\nDaech\tÉtat islamique\n", "t").value();
  Result<AliasTable> back = AliasTable::Parse(table.Serialize(), "back");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(table == back.value());
}

// The shipped table parses, and has one alias per non-comment line.
TEST(AliasTableTest, DefaultTableIsComplete) {
  std::ifstream in(std::string(FACETTE_SOURCE_DIR) + "/schema/default_aliases.tsv");
  ASSERT_TRUE(in) << "schema/default_aliases.tsv missing";
  std::stringstream text;
  text << in.rdbuf();
  Result<AliasTable> parsed = AliasTable::Parse(text.str(), "default_aliases.tsv");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  std::size_t lines = 0;
  std::string line;
  std::istringstream lines_in(text.str());
  while (std::getline(lines_in, line)) lines += !line.empty() && line[0] != '#';
  EXPECT_EQ(lines, parsed->size());
  EXPECT_TRUE(AliasTable::Default() == parsed.value());
  EXPECT_EQ("SoftBank Group", *AliasTable::Default().Find(EntityType::kOrganization, "sbg"));
}

// French parties go by their full name, unions by their acronym, whichever
// is written; organisations only ("RN" of a place stays as written).
TEST(AliasTableTest, DefaultTableKnowsFrenchPartiesAndUnions) {
  const AliasTable& table = AliasTable::Default();
  const EntityType org = EntityType::kOrganization;
  EXPECT_EQ("la france insoumise", table.CanonicalKey(org, "lfi"));
  EXPECT_EQ("la france insoumise", table.CanonicalKey(org, "france insoumise"));
  EXPECT_EQ("la france insoumise", table.CanonicalKey(org, "la france insoumise"));
  EXPECT_EQ("rassemblement national", table.CanonicalKey(org, "rn"));
  EXPECT_EQ("union pour un mouvement populaire", table.CanonicalKey(org, "ump"));
  EXPECT_EQ("cgt", table.CanonicalKey(org, "confederation generale du travail"));
  EXPECT_EQ("cgt", table.CanonicalKey(org, "cgt"));
  EXPECT_EQ("rn", table.CanonicalKey(EntityType::kLocation, "rn"));
  // Countries by their French name.
  EXPECT_EQ("etats unis", table.CanonicalKey(EntityType::kLocation, "usa"));
  EXPECT_EQ("etats unis", table.CanonicalKey(EntityType::kLocation, "etats unis d amerique"));
  EXPECT_EQ("royaume uni", table.CanonicalKey(EntityType::kLocation, "uk"));
  EXPECT_EQ("usa", table.CanonicalKey(EntityType::kOrganization, "usa"));
}

}  // namespace
}  // namespace facette
