// Entity resolution within one article (indexer/entity_resolution.h).
#include "indexer/entity_resolution.h"

#include <gtest/gtest.h>

namespace facette {
namespace {

std::vector<std::string> Keys(const std::vector<ResolvedEntity>& entities) {
  std::vector<std::string> keys;
  for (const ResolvedEntity& e : entities) keys.push_back(e.key);
  return keys;
}

TEST(EntityResolutionTest, ShortMentionsResolveToTheFullNameOfTheArticle) {
  static const struct {
    const char* name;
    std::vector<std::string> persons;
    std::vector<std::string> keys;
  } kCases[] = {
      {"last name", {"Masayoshi Son", "Son"}, {"masayoshi son"}},
      {"short first", {"Trump", "Donald Trump"}, {"donald trump"}},
      {"honorific", {"Emmanuel Macron", "M. Macron", "le président Macron"}, {"emmanuel macron"}},
      {"two words", {"Marine Le Pen", "Le Pen"}, {"marine le pen"}},
      {"longest name wins", {"Pen", "Le Pen", "Marine Le Pen"}, {"marine le pen"}},
      {"ambiguous stays", {"François Fillon", "Penelope Fillon", "Fillon"},
       {"francois fillon", "penelope fillon", "fillon"}},
      {"alone stays", {"Macron"}, {"macron"}},
      {"spellings fold", {"François Hollande", "FRANÇOIS HOLLANDE", "hollande"},
       {"francois hollande"}},
      {"part of a word is not a suffix", {"Jean Sonnet", "Son"}, {"jean sonnet", "son"}},
      {"empty names dropped", {"!!!", "Angela Merkel"}, {"angela merkel"}},
  };
  AliasTable no_aliases;
  for (const auto& c : kCases) {
    EntityLists lists;
    lists[Index(EntityType::kPerson)] = c.persons;
    ResolvedEntities resolved = ResolveArticleEntities(lists, no_aliases);
    EXPECT_EQ(c.keys, Keys(resolved[Index(EntityType::kPerson)])) << c.name;
  }
}

TEST(EntityResolutionTest, LabelsAreTheArticlesSpellings) {
  EntityLists lists;
  lists[Index(EntityType::kPerson)] = {"Masayoshi  Son", "M. Son"};
  ResolvedEntities resolved = ResolveArticleEntities(lists, AliasTable());
  ASSERT_EQ(1u, resolved[Index(EntityType::kPerson)].size());
  EXPECT_EQ("Masayoshi Son", resolved[Index(EntityType::kPerson)][0].label);
}

TEST(EntityResolutionTest, AliasesApplyByTypeAndOnlyOrganisationsAreNotSuffixResolved) {
  AliasTable aliases =
      AliasTable::Parse("SBG\tSoftBank Group\torganization\n", "t").value();
  EntityLists lists;
  lists[Index(EntityType::kOrganization)] = {"SoftBank", "SBG", "SoftBank Group", "Group"};
  lists[Index(EntityType::kPerson)] = {"SBG"};
  ResolvedEntities resolved = ResolveArticleEntities(lists, aliases);
  EXPECT_EQ((std::vector<std::string>{"softbank", "softbank group", "group"}),
            Keys(resolved[Index(EntityType::kOrganization)]));
  EXPECT_EQ("SoftBank Group", resolved[Index(EntityType::kOrganization)][1].label);
  EXPECT_EQ((std::vector<std::string>{"sbg"}), Keys(resolved[Index(EntityType::kPerson)]));
}

}  // namespace
}  // namespace facette
