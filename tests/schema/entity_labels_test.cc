// Display labels from spelling counts (schema/entity_labels.h).
#include "schema/entity_labels.h"

#include <gtest/gtest.h>

namespace facette {
namespace {

TEST(EntityLabelsTest, ChooseLabel) {
  static const struct {
    const char* name;
    SpellingCounts counts;
    const char* label;
  } kCases[] = {
      {"none", {}, ""},
      {"one", {{"OpenAI", 1}}, "OpenAI"},
      {"most common wins", {{"Openai", 3}, {"OpenAI", 2}}, "Openai"},
      {"tie: more capitals", {{"Openai", 2}, {"OpenAI", 2}}, "OpenAI"},
      {"tie: mixed case over all capitals", {{"FRANÇOIS HOLLANDE", 1}, {"François Hollande", 1}},
       "François Hollande"},
      {"tie: all capitals over none", {{"onu", 1}, {"ONU", 1}}, "ONU"},
      {"tie: accents", {{"Francois Hollande", 1}, {"François Hollande", 1}}, "François Hollande"},
      {"tie: byte order last", {{"Le Monde", 1}, {"Le Mondf", 1}}, "Le Monde"},
      {"count beats case", {{"assemblée nationale", 5}, {"Assemblée nationale", 4}},
       "assemblée nationale"},
  };
  for (const auto& c : kCases) EXPECT_EQ(c.label, ChooseLabel(c.counts)) << c.name;
}

TEST(EntityLabelsTest, EncodeDecodeRoundTrip) {
  SpellingCounts counts = {{"François Hollande", 12}, {"FRANÇOIS HOLLANDE", 1}, {"a\tb", 2}};
  SpellingCounts back = DecodeSpellingCounts(EncodeSpellingCounts(counts));
  // A spelling holding a tab cannot be told apart: it decodes to what follows
  // the first tab of its line, never to garbage counts.
  EXPECT_EQ(12, back["François Hollande"]);
  EXPECT_EQ(1, back["FRANÇOIS HOLLANDE"]);
}

TEST(EntityLabelsTest, DecodeSkipsMalformedLines) {
  SpellingCounts counts = DecodeSpellingCounts("3\tParis\nbad line\n-2\tNégatif\nx\tY\n\t\n4\tLyon");
  EXPECT_EQ((SpellingCounts{{"Paris", 3}, {"Lyon", 4}}), counts);
}

TEST(EntityLabelsTest, DeltasAddAndRemove) {
  SpellingCounts counts = {{"Paris", 2}, {"PARIS", 1}};
  ApplySpellingDeltas(counts, {{"PARIS", -1}, {"Paris", +1}, {"paris", +1}});
  EXPECT_EQ((SpellingCounts{{"Paris", 3}, {"paris", 1}}), counts);
  ApplySpellingDeltas(counts, {{"Paris", -3}, {"paris", -1}});
  EXPECT_TRUE(counts.empty());
  EXPECT_EQ("", EncodeSpellingCounts(counts));
}

}  // namespace
}  // namespace facette
