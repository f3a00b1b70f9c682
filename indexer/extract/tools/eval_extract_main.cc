// facette-eval-extract: how well the extractors of indexer/extract find what
// the gold file annotates (bench/README.md, "Entity extraction").
//
//   facette-eval-extract [--gold FILE] [--split both|time|folds]
//                        [--train-before 2017-01-01] [--folds 5]
//                        [--epochs N] [--hash-bits B] [--errors FILE]
//
// PER/ORG/LOC, two ways of keeping the tested articles out of training. The
// time split trains on the articles published before --train-before and
// tests on the later ones: later news brings names and stories the model
// never saw, as the indexer's input does, so settings are chosen on it.
// k-fold cross-validation by article (article i is in fold i mod k) shares
// each period's stories between training and test, and says more than new
// news will. Each model is trained with the same code and options as
// scripts/train-ner.sh, serialised and loaded back, so what is measured is
// exactly what the indexer would run. Scored two ways:
// exact spans (type, begin, end) of top-level entities, and per-article sets
// of distinct canonical entities after the indexer's resolution
// (ResolveArticleEntities with the default alias table), i.e. what the
// facets show. DATE: the date extractor (no training) against the gold DATE
// spans: spans that overlap, and per-article sets of normalised dates, on
// all the articles and on the time split's later ones. Then the built-in
// tagger's throughput on all the texts.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "indexer/entity_resolution.h"
#include "indexer/extract/date_mentions.h"
#include "indexer/extract/entity_tagger.h"
#include "indexer/extract/ner_model.h"
#include "indexer/extract/tools/ner_gold.h"
#include "indexer/extract/tools/ner_trainer.h"
#include "indexer/extract/tools/training_inputs.h"
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

// An article's gold and found entities: spans ("begin:end") and canonical
// keys per type.
struct ArticleSets {
  std::array<std::set<std::string>, 3> gold_spans, found_spans;
  std::array<std::set<std::string>, facette::kEntityTypeCount> gold_keys, found_keys;
};

ArticleSets Sets(const GoldArticle& article, const std::vector<facette::EntityMention>& found) {
  ArticleSets sets;
  facette::EntityLists gold_names, found_names;
  auto span = [](std::size_t b, std::size_t e) {
    return std::to_string(b) + ":" + std::to_string(e);
  };
  for (const auto& e : article.entities) {
    const auto type = facette::ner::GoldEntityType(e.type);
    if (!type || !e.top_level) continue;
    const std::size_t t = static_cast<std::size_t>(*type);
    gold_names[t].push_back(e.text);
    sets.gold_spans[t].insert(span(e.begin, e.end));
  }
  for (const auto& m : found) {
    const std::size_t t = static_cast<std::size_t>(m.type);
    found_names[t].push_back(m.text);
    sets.found_spans[t].insert(span(m.begin, m.end));
  }
  sets.gold_keys = ArticleKeys(gold_names);
  sets.found_keys = ArticleKeys(found_names);
  return sets;
}

void WriteErrors(const GoldArticle& article, const std::vector<facette::EntityMention>& found,
                 std::ostream& out) {
  const ArticleSets sets = Sets(article, found);
  for (std::size_t t = 0; t < 3; ++t) {
    for (const std::string& k : sets.gold_keys[t]) {
      if (!sets.found_keys[t].count(k))
        out << article.id << "\tFN\t" << kTypeNames[t] << "\t" << k << "\n";
    }
    for (const std::string& k : sets.found_keys[t]) {
      if (!sets.gold_keys[t].count(k))
        out << article.id << "\tFP\t" << kTypeNames[t] << "\t" << k << "\n";
    }
  }
}

void ScoreArticle(const GoldArticle& article, const std::vector<facette::EntityMention>& found,
                  EntityScores* s) {
  const ArticleSets sets = Sets(article, found);
  const auto& gold_spans = sets.gold_spans;
  const auto& found_spans = sets.found_spans;
  const auto& gold_keys = sets.gold_keys;
  const auto& found_keys = sets.found_keys;
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

void PrintEntityTable(const EntityScores& s) {
  std::printf(
      "| type | exact P | exact R | exact F1 | article P | article R | article F1 | gold spans "
      "| gold article entities |\n|---|---|---|---|---|---|---|---|---|\n");
  for (std::size_t t = 0; t < 3; ++t) PrintRow(kTypeNames[t], s.exact[t], s.article[t]);
  PrintRow("all", s.exact_all, s.article_all);
}

// The articles a model was not trained on, tagged by it and scored into
// *scores; the article-level misses and false finds go to *errors when
// given (one line each: article id, FN or FP, type, canonical key).
using ArticleList = std::vector<const GoldArticle*>;

bool TrainAndScore(const ArticleList& train, const ArticleList& test,
                   const facette::ner::TrainOptions& options, EntityScores* scores,
                   std::ostream* errors) {
  const std::string model = facette::ner::TrainNerModel(train, options).Serialize();
  auto tagger = facette::EntityTagger::FromModel(model);
  if (!tagger.ok()) {
    std::fprintf(stderr, "facette-eval-extract: %s\n", tagger.status().message().c_str());
    return false;
  }
  for (const GoldArticle* a : test) {
    const std::vector<facette::EntityMention> found = tagger->Tag(a->text);
    ScoreArticle(*a, found, scores);
    if (errors != nullptr) WriteErrors(*a, found, *errors);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures facette's entity and date extractors against an annotated gold file."};
  std::string gold_path = FACETTE_SOURCE_DIR "/../shared/corpus/winer-fr-ner.dev.jsonl";
  std::string split = "both";
  std::string train_before = "2017-01-01";
  std::string errors_path;
  int folds = 5;
  int seeds = 1;
  int repeat = 3;
  bool no_cv = false;
  facette::ner::TrainOptions options;
  app.add_option("--gold", gold_path, "Gold file (winer-fr-ner.dev.jsonl format)")
      ->capture_default_str();
  app.add_option("--split", split,
                 "time (train on the earlier articles, test on the later ones), folds (random "
                 "cross-validation) or both")
      ->capture_default_str()
      ->check(CLI::IsMember({"both", "time", "folds"}));
  app.add_option("--train-before", train_before,
                 "Time split: the articles published before this day are trained on, the others "
                 "tested")
      ->capture_default_str();
  app.add_option("--errors", errors_path,
                 "Writes the time split's article-level misses (FN) and false finds (FP) here");
  app.add_option("--folds", folds, "Cross-validation folds")
      ->capture_default_str()
      ->check(CLI::Range(2, 50));
  app.add_option("--epochs", options.epochs, "Training passes (as facette-train-ner)")
      ->capture_default_str();
  app.add_option("--hash-bits", options.hash_bits, "Feature table size (as facette-train-ner)")
      ->capture_default_str()
      ->check(CLI::Range(10, 22));
  app.add_option("--seed", options.seed, "Seed (as facette-train-ner)")->capture_default_str();
  app.add_option("--seeds", seeds,
                 "Time split: models trained with this many seeds from --seed on, their scores "
                 "added (the article order changes a perceptron's result a little)")
      ->capture_default_str()
      ->check(CLI::Range(1, 20));
  app.add_option("--repeat", repeat, "Throughput runs (the best is kept)")->capture_default_str();
  app.add_flag("--no-cv", no_cv, "Only the dates and the throughput");
  facette::ner::TrainingInputs inputs;
  facette::ner::AddTrainingInputOptions(app, inputs);
  CLI11_PARSE(app, argc, argv);
  auto extra_corpora = facette::ner::ReadTrainingInputs(inputs, &options);
  if (!extra_corpora.ok()) {
    std::fprintf(stderr, "facette-eval-extract: %s\n", extra_corpora.status().message().c_str());
    return 1;
  }
  const auto cutoff = facette::ParseArticleDate(train_before);
  if (!cutoff.ok()) {
    std::fprintf(stderr, "facette-eval-extract: --train-before: %s\n",
                 cutoff.status().message().c_str());
    return 2;
  }

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

  // The other corpora, in every training set.
  std::vector<GoldArticle> extra;
  for (facette::ner::ExtraCorpus& corpus : extra_corpora.value()) {
    std::printf("Also trained on: %s: %zu articles\n", corpus.path.c_str(), corpus.articles.size());
    for (GoldArticle& a : corpus.articles) extra.push_back(std::move(a));
  }
  if (!extra.empty()) std::printf("\n");

  // The time split: an article without a readable date counts as earlier.
  ArticleList earlier, later;
  for (const GoldArticle& a : articles) {
    const auto date = facette::ParseArticleDate(a.date);
    (date.ok() && !(date.value() < cutoff.value()) ? later : earlier).push_back(&a);
  }
  for (const GoldArticle& a : extra) earlier.push_back(&a);

  if (!no_cv && split != "folds") {
    std::ofstream errors_file;
    if (!errors_path.empty()) {
      errors_file.open(errors_path, std::ios::trunc);
      if (!errors_file) {
        std::fprintf(stderr, "facette-eval-extract: cannot write %s\n", errors_path.c_str());
        return 1;
      }
    }
    EntityScores scores;
    const auto started = std::chrono::steady_clock::now();
    for (int k = 0; k < seeds; ++k) {
      facette::ner::TrainOptions seeded = options;
      seeded.seed = options.seed + static_cast<std::uint64_t>(k);
      const bool write_errors = k == 0 && !errors_path.empty();
      if (!TrainAndScore(earlier, later, seeded, &scores, write_errors ? &errors_file : nullptr)) {
        return 1;
      }
    }
    std::fprintf(stderr, "time split: trained on %zu, tested on %zu articles (%.1f s)\n",
                 earlier.size(), later.size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    std::printf(
        "PER/ORG/LOC: time split, trained on the %zu articles published before %s (and the other "
        "corpora), tested on the %zu later ones (%d epochs, 2^%u rows, %d seed%s)\n\n",
        earlier.size() - extra.size(), train_before.c_str(), later.size(), options.epochs,
        options.hash_bits, seeds, seeds > 1 ? "s, counts added" : "");
    PrintEntityTable(scores);
    std::printf("\n");
  }

  if (!no_cv && split != "time") {
    EntityScores scores;
    for (int fold = 0; fold < folds; ++fold) {
      ArticleList train, test;
      for (std::size_t i = 0; i < articles.size(); ++i) {
        (static_cast<int>(i % folds) == fold ? test : train).push_back(&articles[i]);
      }
      for (const GoldArticle& a : extra) train.push_back(&a);
      const auto started = std::chrono::steady_clock::now();
      if (!TrainAndScore(train, test, options, &scores, nullptr)) return 1;
      std::fprintf(
          stderr, "fold %d/%d: trained on %zu, tested on %zu articles (%.1f s)\n", fold + 1, folds,
          train.size(), test.size(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    std::printf("PER/ORG/LOC: %d-fold cross-validation by article (%d epochs, 2^%u rows)\n\n",
                folds, options.epochs, options.hash_bits);
    PrintEntityTable(scores);
    std::printf("\n");
  }

  Counts date_exact, date_article, later_exact, later_article;
  for (const auto& a : articles) ScoreDates(a, &date_exact, &date_article);
  for (const GoldArticle* a : later) ScoreDates(*a, &later_exact, &later_article);
  std::printf("DATE: FindDateMentions (kinds other than deictic); exact = span overlap\n\n");
  std::printf(
      "| articles | overlap P | overlap R | overlap F1 | article P | article R | article F1 | "
      "gold spans | gold article dates |\n|---|---|---|---|---|---|---|---|---|\n");
  PrintRow("all", date_exact, date_article);
  const std::string later_name = "from " + train_before;
  PrintRow(later_name.c_str(), later_exact, later_article);

  // Throughput of the built-in model and of the date finder (CPU time, not
  // wall time: the machine may be busy with other work; the best of the runs).
  const facette::EntityTagger& tagger = facette::EntityTagger::BuiltIn();
  auto best_of_runs = [&](auto&& run) {
    double best = 0;
    for (int r = 0; r < repeat; ++r) {
      const std::clock_t started = std::clock();
      run();
      const double seconds = static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
      best = std::max(best, bytes / 1e6 / seconds);
    }
    return best;
  };
  const double per_article = static_cast<double>(bytes) / articles.size();
  std::size_t mentions = 0;
  const double tagger_speed = best_of_runs([&] {
    mentions = 0;
    for (const auto& a : articles) mentions += tagger.Tag(a.text).size();
  });
  std::printf(
      "\nBuilt-in tagger: %.1f MB/s of CPU time (%.0f articles/s of this gold), %zu mentions, "
      "model file %zu bytes\n",
      tagger_speed, tagger_speed * 1e6 / per_article, mentions, tagger.model().Serialize().size());
  std::size_t dates = 0;
  const double date_speed = best_of_runs([&] {
    dates = 0;
    for (const auto& a : articles) {
      std::optional<facette::Date> published;
      if (auto d = facette::ParseArticleDate(a.date); d.ok()) published = d.value();
      dates += facette::FindDateMentions(a.text, published).size();
    }
  });
  std::printf("Date finder: %.1f MB/s of CPU time (%.0f articles/s of this gold), %zu dates\n",
              date_speed, date_speed * 1e6 / per_article, dates);
  return 0;
}
