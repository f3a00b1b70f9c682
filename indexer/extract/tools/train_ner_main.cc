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
#include "indexer/extract/tools/ner_gold.h"
#include "indexer/extract/tools/ner_trainer.h"
#include "indexer/extract/tools/training_inputs.h"

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
  facette::ner::TrainingInputs inputs;
  facette::ner::AddTrainingInputOptions(app, inputs);
  CLI11_PARSE(app, argc, argv);
  auto extra = facette::ner::ReadTrainingInputs(inputs, &options);
  if (!extra.ok()) {
    std::fprintf(stderr, "facette-train-ner: %s\n", extra.status().message().c_str());
    return 1;
  }

  std::size_t held_out = 0;
  auto articles = facette::ner::ReadGoldFile(gold_path, &held_out);
  if (!articles.ok()) {
    std::fprintf(stderr, "facette-train-ner: %s\n", articles.status().message().c_str());
    return 1;
  }
  std::vector<const facette::ner::GoldArticle*> training;
  for (const auto& a : articles.value()) training.push_back(&a);
  for (const auto& corpus : extra.value()) {
    for (const auto& a : corpus.articles) training.push_back(&a);
  }
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
