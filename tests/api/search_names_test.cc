// Tests of the names of a search's options (facette/search.h): what the
// command line, an HTTP query string and the JSON output call facets, sort
// orders and granularities, read back and written.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "facette/search.h"

namespace facette {
namespace {

TEST(SearchNamesTest, FacetNamesAndTheirOtherSpellings) {
  static const struct {
    const char* name;
    std::optional<FacetKind> kind;
  } kCases[] = {
      {"person", FacetKind::kPerson},
      {"persons", FacetKind::kPerson},
      {"PERSON", FacetKind::kPerson},
      {"organization", FacetKind::kOrganization},
      {"org", FacetKind::kOrganization},
      {"organisation", FacetKind::kOrganization},
      {"location", FacetKind::kLocation},
      {"loc", FacetKind::kLocation},
      {"date", FacetKind::kDate},
      {"mentioned", FacetKind::kMentioned},
      {"mentions", FacetKind::kMentioned},
      {"title", std::nullopt},
      {"id", std::nullopt},
      {"", std::nullopt},
      {"persone", std::nullopt},
  };
  for (const auto& c : kCases) EXPECT_EQ(c.kind, ParseFacetKind(c.name)) << c.name;
  for (FacetKind kind : kAllFacets) EXPECT_EQ(kind, ParseFacetKind(FacetName(kind)));
  EXPECT_STREQ("organization", FacetName(FacetKind::kOrganization));
  EXPECT_STREQ("mentioned", FacetName(FacetKind::kMentioned));
}

TEST(SearchNamesTest, EntityTypesOnlyForEntityFacets) {
  EXPECT_EQ(EntityType::kOrganization, ParseEntityType("org"));
  EXPECT_EQ(EntityType::kLocation, ParseEntityType("Loc"));
  EXPECT_EQ(std::nullopt, ParseEntityType("date"));
  EXPECT_EQ(std::nullopt, ParseEntityType("mentioned"));
  EXPECT_EQ(std::nullopt, ParseEntityType("place"));
  for (EntityType type : kEntityTypes) {
    const std::vector<std::string> names = EntityTypeNames(type);
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(EntityTypeName(type), names.front());
    for (const std::string& name : names) EXPECT_EQ(type, ParseEntityType(name)) << name;
  }
  EXPECT_EQ((std::vector<std::string>{"organization", "org", "organisation"}),
            EntityTypeNames(EntityType::kOrganization));
}

TEST(SearchNamesTest, FacetListsKeepTheirOrder) {
  Result<std::vector<FacetKind>> list = ParseFacetList("date,org,,person");
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(
      (std::vector<FacetKind>{FacetKind::kDate, FacetKind::kOrganization, FacetKind::kPerson}),
      list.value());
  for (const char* none : {"", "none", "none,", ","}) {
    Result<std::vector<FacetKind>> empty = ParseFacetList(none);
    ASSERT_TRUE(empty.ok()) << none;
    EXPECT_TRUE(empty->empty()) << none;
  }
  Result<std::vector<FacetKind>> bad = ParseFacetList("person,people");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, bad.status().code());
  EXPECT_EQ("facets", bad.status().field());
  EXPECT_NE(std::string::npos, bad.status().message().find("\"people\""));
  EXPECT_EQ(std::string::npos, bad.status().message().find("--"));
}

TEST(SearchNamesTest, SortOrdersAndGranularities) {
  EXPECT_EQ(SortOrder::kAuto, ParseSortOrder("auto"));
  EXPECT_EQ(SortOrder::kRelevance, ParseSortOrder("relevance"));
  EXPECT_EQ(SortOrder::kNewest, ParseSortOrder("newest"));
  EXPECT_EQ(SortOrder::kOldest, ParseSortOrder("oldest"));
  EXPECT_EQ(SortOrder::kRecent, ParseSortOrder("recent"));
  EXPECT_EQ(std::nullopt, ParseSortOrder("Newest"));
  EXPECT_EQ(std::nullopt, ParseSortOrder(""));
  EXPECT_EQ(DateGranularity::kAuto, ParseDateGranularity("auto"));
  EXPECT_EQ(DateGranularity::kYear, ParseDateGranularity("year"));
  EXPECT_EQ(DateGranularity::kMonth, ParseDateGranularity("month"));
  EXPECT_EQ(DateGranularity::kDay, ParseDateGranularity("day"));
  EXPECT_EQ(std::nullopt, ParseDateGranularity("week"));
}

TEST(SearchNamesTest, EachEntityTypeHasItsFacet) {
  EXPECT_EQ(FacetKind::kPerson, FacetOf(EntityType::kPerson));
  EXPECT_EQ(FacetKind::kOrganization, FacetOf(EntityType::kOrganization));
  EXPECT_EQ(FacetKind::kLocation, FacetOf(EntityType::kLocation));
  for (EntityType type : kEntityTypes) {
    EXPECT_EQ(ParseFacetKind(EntityTypeName(type)), FacetOf(type)) << EntityTypeName(type);
  }
}

}  // namespace
}  // namespace facette
