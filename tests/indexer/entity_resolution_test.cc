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
      {"ambiguous stays",
       {"François Fillon", "Penelope Fillon", "Fillon"},
       {"francois fillon", "penelope fillon", "fillon"}},
      {"alone stays", {"Macron"}, {"macron"}},
      {"spellings fold",
       {"François Hollande", "FRANÇOIS HOLLANDE", "hollande"},
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
  AliasTable aliases = AliasTable::Parse("SBG\tSoftBank Group\torganization\n", "t").value();
  EntityLists lists;
  lists[Index(EntityType::kOrganization)] = {"SoftBank", "SBG", "SoftBank Group", "Group"};
  lists[Index(EntityType::kPerson)] = {"SBG"};
  ResolvedEntities resolved = ResolveArticleEntities(lists, aliases);
  // "SoftBank" and "SoftBank Group" are one organisation (a group word
  // apart); "Group" alone is no other organisation's name.
  EXPECT_EQ((std::vector<std::string>{"softbank group", "group"}),
            Keys(resolved[Index(EntityType::kOrganization)]));
  EXPECT_EQ("SoftBank Group", resolved[Index(EntityType::kOrganization)][0].label);
  EXPECT_EQ((std::vector<std::string>{"sbg"}), Keys(resolved[Index(EntityType::kPerson)]));
}

TEST(EntityResolutionTest, OrganisationsThatDifferOnlyByALegalOrGroupWordAreOne) {
  static const struct {
    const char* name;
    std::vector<std::string> orgs;
    std::vector<std::string> keys;
    std::vector<std::string> labels;
  } kCases[] = {
      {"group word after", {"SoftBank", "SoftBank Group"}, {"softbank group"}, {"SoftBank Group"}},
      {"group word before", {"Groupe PSA", "PSA"}, {"groupe psa"}, {"Groupe PSA"}},
      {"legal forms",
       {"Apple Inc.", "Apple", "Toyota Motor Corp.", "Toyota Motor"},
       {"apple inc", "toyota motor corp"},
       {"Apple Inc.", "Toyota Motor Corp."}},
      {"S.A. folds to two letters", {"Orange S.A.", "Orange"}, {"orange s a"}, {"Orange S.A."}},
      {"more than one",
       {"Siemens", "Siemens AG", "BP plc", "BP", "Arcade Holding", "Arcade"},
       {"siemens ag", "bp plc", "arcade holding"},
       {"Siemens AG", "BP plc", "Arcade Holding"}},
      {"two names with legal words stay apart",
       {"SoftBank", "SoftBank Group", "SoftBank Corp"},
       {"softbank", "softbank group", "softbank corp"},
       {"SoftBank", "SoftBank Group", "SoftBank Corp"}},
      {"a legal word alone is kept",
       {"Groupe", "Holding"},
       {"groupe", "holding"},
       {"Groupe", "Holding"}},
      {"other words are not legal words",
       {"Banque Nova", "Nova"},
       {"banque nova", "nova"},
       {"Banque Nova", "Nova"}},
  };
  for (const auto& c : kCases) {
    EntityLists lists;
    lists[Index(EntityType::kOrganization)] = c.orgs;
    const ResolvedEntities resolved = ResolveArticleEntities(lists, AliasTable());
    const std::vector<ResolvedEntity>& orgs = resolved[Index(EntityType::kOrganization)];
    EXPECT_EQ(c.keys, Keys(orgs)) << c.name;
    std::vector<std::string> labels;
    for (const ResolvedEntity& e : orgs) labels.push_back(e.label);
    EXPECT_EQ(c.labels, labels) << c.name;
  }
  // Persons are not merged so.
  EntityLists persons;
  persons[Index(EntityType::kPerson)] = {"Anne Holding", "Anne Holding SA"};
  EXPECT_EQ((std::vector<std::string>{"anne holding", "anne holding sa"}),
            Keys(ResolveArticleEntities(persons, AliasTable())[Index(EntityType::kPerson)]));
}

TEST(EntityResolutionTest, ALoneFirstNameIsTheOneFullNameStartingWithIt) {
  static const struct {
    const char* name;
    std::vector<std::string> persons;
    std::vector<std::string> keys;
  } kCases[] = {
      {"first name before", {"Shigeru", "Shigeru Ishiba", "Ishiba"}, {"shigeru ishiba"}},
      {"first name after", {"Sam Altman", "Sam"}, {"sam altman"}},
      {"accents and case fold", {"Élodie Martin", "ELODIE"}, {"elodie martin"}},
      {"the first name of two full names is one of them: left out",
       {"Jean Dupont", "Jean Martin", "Jean"},
       {"jean dupont", "jean martin"}},
      {"nor read as a surname",
       {"Philippe Huppé", "Philippe", "Philippe Pascot", "Philippe Chalmin"},
       {"philippe huppe", "philippe pascot", "philippe chalmin"}},
      {"the surname rule first",
       {"Paul Martin", "Martin Blanc", "Martin"},
       {"paul martin", "martin blanc"}},
      {"alone stays", {"Masayoshi"}, {"masayoshi"}},
      {"only a lone word", {"Sam Altman", "Sam Smith Jones"}, {"sam altman", "sam smith jones"}},
  };
  for (const auto& c : kCases) {
    EntityLists lists;
    lists[Index(EntityType::kPerson)] = c.persons;
    const ResolvedEntities resolved = ResolveArticleEntities(lists, AliasTable());
    EXPECT_EQ(c.keys, Keys(resolved[Index(EntityType::kPerson)])) << c.name;
  }
}

}  // namespace
}  // namespace facette
