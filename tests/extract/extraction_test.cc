// Extraction at indexing (indexer/extraction.h) on texts that repeat
// themselves: each name and date goes into the article once, in the order of
// its first mention, after what the producer gave, and the document built
// from the article is the one built from every mention.
#include "indexer/extraction.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/extract/date_mentions.h"
#include "indexer/extract/entity_tagger.h"
#include "indexer/extract/tools/ner_gold.h"
#include "schema/alias_table.h"

namespace facette {
namespace {

// Forty articles of the shared gold file, three times over: every name and
// date is mentioned several times.
std::string RepeatedBody() {
  Result<std::vector<ner::GoldArticle>> gold =
      ner::ReadGoldFile(FACETTE_SOURCE_DIR "/../shared/corpus/winer-fr-ner.dev.jsonl");
  EXPECT_TRUE(gold.ok()) << gold.status().message();
  std::string block;
  if (gold.ok()) {
    for (std::size_t i = 0; i < 40 && i < gold->size(); ++i) block += (*gold)[i].text + "\n\n";
  }
  return block + block + block;
}

ParsedArticle RawArticle() {
  ParsedArticle a;
  a.id = "repeated";
  a.title = "Revue de presse";
  a.body = RepeatedBody();
  a.has_date = true;
  a.date = Date{2016, 6, 1};
  return a;
}

std::string TextOf(const ParsedArticle& a) { return a.title + "\n\n" + a.body; }

// The first of each value of `all`, in order, after those of `given`.
template <typename T, typename Key>
std::vector<T> FirstOfEach(const std::vector<T>& given, const std::vector<T>& all, Key key) {
  std::vector<T> out = given;
  std::set<decltype(key(all[0]))> seen;
  for (const T& x : given) seen.insert(key(x));
  for (const T& x : all) {
    if (seen.insert(key(x)).second) out.push_back(x);
  }
  return out;
}

std::string Same(const std::string& s) { return s; }
std::tuple<int, int, int, int> DateKey(const PartialDate& d) {
  return {d.year, d.month, d.day, static_cast<int>(d.precision)};
}

TEST(ExtractIntoTest, RepeatedNamesAndDatesAreAddedOnce) {
  ParsedArticle article = RawArticle();
  ExtractInto(article, ExtractMode::kAuto);

  // Every mention, as the extractors find them.
  const std::string text = TextOf(article);
  ParsedArticle every = RawArticle();
  for (EntityMention& m : EntityTagger::BuiltIn().Tag(text)) {
    every.entities[Index(m.type)].push_back(m.text);
  }
  for (const DateMention& m : FindDateMentions(text, every.date)) {
    every.dates_mentioned.push_back(m.value);
  }
  for (EntityType type : kEntityTypes) {
    const std::vector<std::string>& all = every.entities[Index(type)];
    ASSERT_GT(all.size(), 0u);
    EXPECT_EQ(article.entities[Index(type)], FirstOfEach<std::string>({}, all, Same));
    EXPECT_LT(article.entities[Index(type)].size(), all.size()) << "the text repeats its names";
  }
  EXPECT_EQ(article.dates_mentioned, FirstOfEach<PartialDate>({}, every.dates_mentioned, DateKey));
  EXPECT_LT(article.dates_mentioned.size(), every.dates_mentioned.size());

  // What the index gets is the same.
  DocumentBuilder builder(AliasTable::Default());
  const BuiltDocument once = builder.Build(article);
  const BuiltDocument all = builder.Build(every);
  EXPECT_EQ(once.data, all.data);
  EXPECT_EQ(once.values, all.values);
  EXPECT_EQ(once.entity_labels, all.entity_labels);
  EXPECT_EQ(once.content_hash, all.content_hash);
}

TEST(ExtractIntoTest, AlwaysAddsOnlyWhatTheProducerDidNotGive) {
  ParsedArticle article = RawArticle();
  const std::string text = TextOf(article);
  const std::vector<EntityMention> found = EntityTagger::BuiltIn().Tag(text);
  const std::vector<DateMention> dates = FindDateMentions(text, article.date);
  ASSERT_FALSE(found.empty());
  ASSERT_FALSE(dates.empty());
  // The producer gave one name the text mentions (twice, to keep its own
  // repeats) and one it does not; and one date the text mentions.
  const EntityMention& named = found[found.size() / 2];
  const std::size_t t = Index(named.type);
  article.entities[t] = {named.text, "Personne Inconnue", named.text};
  article.has_entity_lists = true;
  article.dates_mentioned = {dates.back().value};
  article.has_dates_mentioned = true;
  const ParsedArticle given = article;

  ExtractInto(article, ExtractMode::kAlways);
  std::vector<std::string> all_of_type;
  for (const EntityMention& m : found) {
    if (Index(m.type) == t) all_of_type.push_back(m.text);
  }
  EXPECT_EQ(article.entities[t], FirstOfEach(given.entities[t], all_of_type, Same));
  std::vector<PartialDate> all_dates;
  for (const DateMention& m : dates) all_dates.push_back(m.value);
  EXPECT_EQ(article.dates_mentioned, FirstOfEach(given.dates_mentioned, all_dates, DateKey));
}

}  // namespace
}  // namespace facette
