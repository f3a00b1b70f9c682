// facette-eval-extract: how well the extractors of indexer/extract find what
// the gold file annotates (bench/README.md, "Entity extraction").
//
//   facette-eval-extract [--gold FILE] [--folds 5] [--epochs N] [--hash-bits B]
//
// PER/ORG/LOC: k-fold cross-validation by article (article i is in fold
// i mod k); each fold's model is trained on the other folds with the same
// code and options as scripts/train-ner.sh, serialised and loaded back, so
// what is measured is exactly what the indexer would run. Scored two ways:
// exact spans (type, begin, end) of top-level entities, and per-article sets
// of distinct canonical entities after the indexer's resolution
// (ResolveArticleEntities with the default alias table), i.e. what the
// facets show. DATE: the date extractor (no training) against the gold DATE
// spans: spans that overlap, and per-article sets of normalised dates.
// Then the built-in tagger's throughput on all the texts.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "indexer/entity_resolution.h"
#include "indexer/extract/date_mentions.h"
#include "indexer/extract/entity_tagger.h"
#include "indexer/extract/ner_model.h"
#include "indexer/extract/tools/ner_gold.h"
#include "indexer/extract/tools/ner_trainer.h"
#include "schema/alias_table.h"
#include "schema/dates.h"

namespace {

using facette::EntityType;
using facette::ner::GoldArticle;

struct Counts {
  std::size_t tp_pred = 0;  // predictions that match
  std::size_t tp_gold = 0;  // gold items matched
  std::size_t predicted = 0;
  std::size_t gold = 0;
  double P() const { return predicted ? static_cast<double>(tp_pred) / predicted : 0; }
  double R() const { return gold ? static_cast<double>(tp_gold) / gold : 0; }
  double F1() const { return P() + R() > 0 ? 2 * P() * R() / (P() + R()) : 0; }
  void AddSets(const std::set<std::string>& g, const std::set<std::string>& p) {
    std::size_t tp = 0;
    for (const std::string& x : p) tp += g.count(x);
    tp_pred += tp;
    tp_gold += tp;
    predicted += p.size();
    gold += g.size();
  }
};

constexpr EntityType kTypes[] = {EntityType::kPerson, EntityType::kOrganization,
                                 EntityType::kLocation};
constexpr const char* kTypeNames[] = {"PER", "ORG", "LOC"};

// Canonical keys of one type after the indexer's resolution.
std::array<std::set<std::string>, facette::kEntityTypeCount> ArticleKeys(
    const facette::EntityLists& names) {
  const facette::ResolvedEntities resolved =
      facette::ResolveArticleEntities(names, facette::AliasTable::Default());
  std::array<std::set<std::string>, facette::kEntityTypeCount> keys;
  for (std::size_t t = 0; t < facette::kEntityTypeCount; ++t) {
    for (const facette::ResolvedEntity& e : resolved[t]) keys[t].insert(e.key);
  }
  return keys;
}

struct EntityScores {
  std::array<Counts, 3> exact;
  std::array<Counts, 3> article;
  Counts exact_all, article_all;
};

void ScoreArticle(const GoldArticle& article, const std::vector<facette::EntityMention>& found,
                  EntityScores* s) {
  facette::EntityLists gold_names, found_names;
  std::array<std::set<std::string>, 3> gold_spans, found_spans;
  auto span = [](std::size_t b, std::size_t e) {
    return std::to_string(b) + ":" + std::to_string(e);
  };
  for (const auto& e : article.entities) {
    const auto type = facette::ner::GoldEntityType(e.type);
    if (!type || !e.top_level) continue;
    const std::size_t t = static_cast<std::size_t>(*type);
    gold_names[t].push_back(e.text);
    gold_spans[t].insert(span(e.begin, e.end));
  }
  for (const auto& m : found) {
    const std::size_t t = static_cast<std::size_t>(m.type);
    found_names[t].push_back(m.text);
    found_spans[t].insert(span(m.begin, m.end));
  }
  const auto gold_keys = ArticleKeys(gold_names);
  const auto found_keys = ArticleKeys(found_names);
  for (std::size_t t = 0; t < 3; ++t) {
    s->exact[t].AddSets(gold_spans[t], found_spans[t]);
    s->exact_all.AddSets(gold_spans[t], found_spans[t]);
    s->article[t].AddSets(gold_keys[t], found_keys[t]);
    std::set<std::string> g, p;  // keys made distinct across types for the total
    for (const auto& k : gold_keys[t]) g.insert(kTypeNames[t] + (":" + k));
    for (const auto& k : found_keys[t]) p.insert(kTypeNames[t] + (":" + k));
    s->article_all.AddSets(g, p);
  }
}

// DATE: gold spans against FindDateMentions.
void ScoreDates(const GoldArticle& article, Counts* exact, Counts* article_level) {
  std::optional<facette::Date> published;
  if (auto d = facette::ParseArticleDate(article.date); d.ok()) published = d.value();
  std::vector<std::pair<std::size_t, std::size_t>> gold_spans;
  std::set<std::string> gold_values;
  for (const auto& e : article.entities) {
    if (e.type != "DATE") continue;
    gold_spans.emplace_back(e.begin, e.end);
    for (const auto& m : facette::FindDateMentions(e.text, published)) {
      gold_values.insert(facette::DateTermFor(m.value));
    }
  }
  std::vector<facette::DateMention> found;
  for (auto& m : facette::FindDateMentions(article.text, published)) {
    if (m.kind != facette::DateMention::Kind::kDeictic) found.push_back(m);
  }
  std::set<std::string> found_values;
  for (const auto& m : found) found_values.insert(facette::DateTermFor(m.value));
  auto overlaps = [](std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) {
    return b1 < e2 && b2 < e1;
  };
  for (const auto& m : found) {
    bool hit = false;
    for (const auto& [b, e] : gold_spans) hit = hit || overlaps(m.begin, m.end, b, e);
    exact->tp_pred += hit;
  }
  for (const auto& [b, e] : gold_spans) {
    bool hit = false;
    for (const auto& m : found) hit = hit || overlaps(m.begin, m.end, b, e);
    exact->tp_gold += hit;
  }
  exact->predicted += found.size();
  exact->gold += gold_spans.size();
  article_level->AddSets(gold_values, found_values);
}

void PrintRow(const char* name, const Counts& exact, const Counts& article) {
  std::printf("| %s | %.3f | %.3f | **%.3f** | %.3f | %.3f | **%.3f** | %zu | %zu |\n", name,
              exact.P(), exact.R(), exact.F1(), article.P(), article.R(), article.F1(), exact.gold,
              article.gold);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures facette's entity and date extractors against an annotated gold file."};
  std::string gold_path = FACETTE_SOURCE_DIR "/../shared/corpus/winer-fr-ner.dev.jsonl";
  int folds = 5;
  int repeat = 3;
  bool no_cv = false;
  facette::ner::TrainOptions options;
  app.add_option("--gold", gold_path, "Gold file (winer-fr-ner.dev.jsonl format)")
      ->capture_default_str();
  app.add_option("--folds", folds, "Cross-validation folds")
      ->capture_default_str()
      ->check(CLI::Range(2, 50));
  app.add_option("--epochs", options.epochs, "Training passes (as facette-train-ner)")
      ->capture_default_str();
  app.add_option("--hash-bits", options.hash_bits, "Feature table size (as facette-train-ner)")
      ->capture_default_str()
      ->check(CLI::Range(10, 22));
  app.add_option("--seed", options.seed, "Seed (as facette-train-ner)")->capture_default_str();
  app.add_option("--repeat", repeat, "Throughput runs (the best is kept)")->capture_default_str();
  app.add_flag("--no-cv", no_cv, "Only the dates and the throughput");
  CLI11_PARSE(app, argc, argv);

  std::size_t held_out = 0;
  auto read = facette::ner::ReadGoldFile(gold_path, &held_out);
  if (!read.ok()) {
    std::fprintf(stderr, "facette-eval-extract: %s\n", read.status().message().c_str());
    return 1;
  }
  const std::vector<GoldArticle>& articles = read.value();
  std::size_t bytes = 0;
  for (const auto& a : articles) bytes += a.text.size();
  std::printf("Gold: %s: %zu articles, %.2f MB of text (%zu held-out 2018 articles skipped)\n\n",
              gold_path.c_str(), articles.size(), bytes / 1e6, held_out);

  if (!no_cv) {
    EntityScores scores;
    for (int fold = 0; fold < folds; ++fold) {
      std::vector<const GoldArticle*> train, test;
      for (std::size_t i = 0; i < articles.size(); ++i) {
        (static_cast<int>(i % folds) == fold ? test : train).push_back(&articles[i]);
      }
      const auto started = std::chrono::steady_clock::now();
      const std::string model = facette::ner::TrainNerModel(train, options).Serialize();
      auto tagger = facette::EntityTagger::FromModel(model);
      if (!tagger.ok()) {
        std::fprintf(stderr, "facette-eval-extract: %s\n", tagger.status().message().c_str());
        return 1;
      }
      for (const GoldArticle* a : test) ScoreArticle(*a, tagger->Tag(a->text), &scores);
      std::fprintf(
          stderr, "fold %d/%d: trained on %zu, tested on %zu articles (%.1f s)\n", fold + 1, folds,
          train.size(), test.size(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    std::printf("PER/ORG/LOC: %d-fold cross-validation by article (%d epochs, 2^%u rows)\n\n",
                folds, options.epochs, options.hash_bits);
    std::printf(
        "| type | exact P | exact R | exact F1 | article P | article R | article F1 | gold spans "
        "| gold article entities |\n|---|---|---|---|---|---|---|---|---|\n");
    for (std::size_t t = 0; t < 3; ++t) PrintRow(kTypeNames[t], scores.exact[t], scores.article[t]);
    PrintRow("all", scores.exact_all, scores.article_all);
  }

  Counts date_exact, date_article;
  for (const auto& a : articles) ScoreDates(a, &date_exact, &date_article);
  std::printf("\nDATE: FindDateMentions (kinds other than deictic); exact = span overlap\n\n");
  std::printf(
      "| type | overlap P | overlap R | overlap F1 | article P | article R | article F1 | gold "
      "spans | gold article dates |\n|---|---|---|---|---|---|---|---|---|\n");
  PrintRow("DATE", date_exact, date_article);

  // Throughput of the built-in model.
  const facette::EntityTagger& tagger = facette::EntityTagger::BuiltIn();
  double best = 0;
  std::size_t mentions = 0;
  for (int r = 0; r < repeat; ++r) {
    mentions = 0;
    // CPU time, not wall time: the machine may be busy with other work.
    const std::clock_t started = std::clock();
    for (const auto& a : articles) mentions += tagger.Tag(a.text).size();
    const double seconds = static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
    best = std::max(best, bytes / 1e6 / seconds);
  }
  std::printf(
      "\nBuilt-in tagger: %.1f MB/s of CPU time (%.0f articles/s of this gold), %zu mentions, "
      "model "
      "file %zu bytes\n",
      best, best * 1e6 / (static_cast<double>(bytes) / articles.size()), mentions,
      tagger.model().Serialize().size());
  return 0;
}
