// Training the entity tagger: a structured averaged perceptron (Collins
// 2002) over BIO tags, Viterbi-decoded, on the hashed features of
// ner_features.h, with a leave-one-out gazetteer (each training article sees
// the names of the other articles only). Deterministic: the same articles in
// the same order and the same options give the same model, byte for byte.
#ifndef FACETTE_INDEXER_EXTRACT_TOOLS_NER_TRAINER_H_
#define FACETTE_INDEXER_EXTRACT_TOOLS_NER_TRAINER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "indexer/extract/ner_model.h"
#include "indexer/extract/ner_tokens.h"
#include "indexer/extract/tools/ner_gold.h"

namespace facette::ner {

struct TrainOptions {
  int epochs = 25;
  std::uint32_t hash_bits = 17;  // 2^17 rows of 8 weights: 2 MB in memory
  std::uint64_t seed = 1;        // order of the articles in each epoch
  // Added to the scores of each type's tags (B and I) of every token, in
  // the units of the averaged weights (one perceptron update is 1), once
  // trained: PER, ORG, LOC. The perceptron alone finds persons with more
  // recall than precision and organisations the other way round; these
  // offsets were chosen on the time split (bench/README.md), kept because
  // the random folds did not lose by them. They suit the weights of the
  // gold corpus at 25 epochs: a small corpus has far smaller weights.
  std::array<double, 3> type_offsets = {-12.0, 4.0, 0.0};
  // Names from outside the training articles (LexiconBit, ner_model.h;
  // ner_lexicon.h reads them), copied into the model. Default: none.
  Gazetteer lexicon;
};

struct TrainReport {
  std::size_t articles = 0;
  std::size_t tokens = 0;
  std::size_t entities = 0;    // top-level PER/ORG/LOC
  std::size_t misaligned = 0;  // entities whose ends fall inside a token
  std::size_t gazetteer_entries = 0;
  std::size_t nonzero_rows = 0;
};

// The gold BIO tags of `tokens` (TokenizeForNer of article.text): a token
// overlapping a top-level PER/ORG/LOC entity is inside it; *misaligned
// counts the entities whose ends cut a token.
std::vector<std::uint8_t> GoldTags(const GoldArticle& article, const std::vector<NerToken>& tokens,
                                   std::size_t* misaligned);

NerModel TrainNerModel(const std::vector<const GoldArticle*>& articles, const TrainOptions& options,
                       TrainReport* report = nullptr);

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_TOOLS_NER_TRAINER_H_
