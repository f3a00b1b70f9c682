// facette-train-ner: trains the entity tagger's model from an annotated
// gold file and writes the model file (scripts/train-ner.sh runs it to make
// indexer/extract/model/ner.model).
//
//   facette-train-ner --gold winer-fr-ner.dev.jsonl --out ner.model
//                     [--epochs 25] [--hash-bits 17] [--seed 1]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "indexer/extract/ner_model.h"
#include "indexer/extract/tools/ner_corpora.h"
#include "indexer/extract/tools/ner_gold.h"
#include "indexer/extract/tools/ner_lexicon.h"
#include "indexer/extract/tools/ner_trainer.h"

int main(int argc, char** argv) {
  CLI::App app{"Trains facette's entity tagger (PER/ORG/LOC) on an annotated gold file."};
  std::string gold_path;
  std::string out_path;
  facette::ner::TrainOptions options;
  app.add_option("--gold", gold_path, "Gold file (winer-fr-ner.dev.jsonl format)")->required();
  app.add_option("--out", out_path, "Model file to write")->required();
  app.add_option("--epochs", options.epochs, "Passes over the articles")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--hash-bits", options.hash_bits, "The feature table has 2^bits rows")
      ->capture_default_str()
      ->check(CLI::Range(10, 22));
  app.add_option("--seed", options.seed, "Seed of the article order")->capture_default_str();
  std::vector<std::string> extra_paths;
  app.add_option("--extra", extra_paths,
                 "Other annotated corpora trained on too (ner_corpora.h: .conllu, .bio, .tsv)");
  std::string lexicon_dir;
  facette::ner::LexiconOptions lexicon_options;
  app.add_option("--lexicon", lexicon_dir,
                 "Folder of the name lists of the lexicon (ner_lexicon.h); none when empty")
      ->capture_default_str();
  app.add_option("--lexicon-bits", lexicon_options.bits, "Lexicon bits kept (LexiconBit)")
      ->capture_default_str();
  app.add_option("--place-population", lexicon_options.place_population,
                 "Communes of at least this many inhabitants are places, the others small places")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (!lexicon_dir.empty()) {
    auto lexicon = facette::ner::ReadLexicon(lexicon_dir, lexicon_options);
    if (!lexicon.ok()) {
      std::fprintf(stderr, "%s: %s\n", app.get_name().c_str(), lexicon.status().message().c_str());
      return 1;
    }
    options.lexicon = std::move(lexicon).value();
  }

  std::size_t held_out = 0;
  auto articles = facette::ner::ReadGoldFile(gold_path, &held_out);
  if (!articles.ok()) {
    std::fprintf(stderr, "facette-train-ner: %s\n", articles.status().message().c_str());
    return 1;
  }
  std::vector<const facette::ner::GoldArticle*> training;
  for (const auto& a : articles.value()) training.push_back(&a);
  std::vector<facette::ner::GoldArticle> extra;
  for (const std::string& path : extra_paths) {
    auto corpus = facette::ner::ReadExtraCorpus(path);
    if (!corpus.ok()) {
      std::fprintf(stderr, "facette-train-ner: %s\n", corpus.status().message().c_str());
      return 1;
    }
    for (auto& a : corpus.value()) extra.push_back(std::move(a));
  }
  for (const auto& a : extra) training.push_back(&a);
  facette::ner::TrainReport report;
  const facette::ner::NerModel model = facette::ner::TrainNerModel(training, options, &report);
  const std::string bytes = model.Serialize();
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "facette-train-ner: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::fprintf(stderr,
               "facette-train-ner: %zu articles (%zu held-out 2018 articles skipped), %zu tokens, "
               "%zu entities (%zu cutting a token), %d epochs\n"
               "facette-train-ner: %zu non-zero rows of %zu, %zu gazetteer entries; wrote %s "
               "(%zu bytes)\n",
               report.articles, held_out, report.tokens, report.entities, report.misaligned,
               options.epochs, report.nonzero_rows, std::size_t{1} << options.hash_bits,
               report.gazetteer_entries, out_path.c_str(), bytes.size());
  return 0;
}
