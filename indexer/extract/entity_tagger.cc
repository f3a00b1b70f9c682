// The entity tagger (entity_tagger.h).
#include "indexer/extract/entity_tagger.h"

#include <cstdint>
#include <cstdio>

#include "indexer/extract/ner_decode.h"
#include "indexer/extract/ner_features.h"
#include "indexer/extract/ner_model.h"
#include "indexer/extract/ner_model_data.h"
#include "indexer/extract/ner_tokens.h"

namespace facette {
namespace {

// Per-thread buffers, so that tagging allocates only the mentions it
// returns once they have grown to the size of the longest text.
struct TagScratch {
  std::vector<ner::NerToken> tokens;
  ner::TokenFeatures features;
  ner::FeatureScratch feature_scratch;
  std::vector<std::int64_t> emissions;
  std::vector<std::int64_t> delta;
  std::vector<std::uint8_t> back;
  std::vector<std::uint8_t> tags;
};

}  // namespace

EntityTagger::EntityTagger(ner::NerModel model)
    : model_(std::make_unique<const ner::NerModel>(std::move(model))) {}
EntityTagger::EntityTagger(EntityTagger&&) noexcept = default;
EntityTagger& EntityTagger::operator=(EntityTagger&&) noexcept = default;
EntityTagger::~EntityTagger() = default;

Result<EntityTagger> EntityTagger::FromModel(std::string_view model_bytes) {
  Result<ner::NerModel> model = ner::NerModel::Parse(model_bytes);
  if (!model.ok()) return model.status();
  return EntityTagger(std::move(model).value());
}

const EntityTagger& EntityTagger::BuiltIn() {
  static const EntityTagger* const tagger = [] {
    Result<EntityTagger> built_in = FromModel(ner::BuiltInModelBytes());
    if (built_in.ok()) return new EntityTagger(std::move(built_in).value());
    // Only a broken build gets here (the tests load the built-in model):
    // say so once and find nothing rather than stop the indexer.
    std::fprintf(stderr, "facette: built-in entity model unusable: %s\n",
                 built_in.status().message().c_str());
    ner::NerModel empty;
    empty.hash_bits = 1;
    empty.weights.assign(2 * ner::kRowWidth, 0);
    return new EntityTagger(std::move(empty));
  }();
  return *tagger;
}

std::vector<EntityMention> EntityTagger::Tag(std::string_view text) const {
  thread_local TagScratch s;
  const ner::NerModel& m = *model_;
  ner::TokenizeForNer(text, &s.tokens);
  const std::size_t n = s.tokens.size();
  ner::ExtractFeatures(s.tokens, m.gazetteer, m.hash_mask(), &s.feature_scratch, &s.features);

  // Scores per token and tag: the sum of the rows of its features.
  s.emissions.assign(n * ner::kRowWidth, 0);
  const std::int16_t* weights = m.weights.data();
  for (std::size_t i = 0; i < n; ++i) {
    // The rows of the next token are fetched while this one is summed.
    if (i + 1 < n) {
      for (std::uint32_t f = s.features.offsets[i + 1]; f < s.features.offsets[i + 2]; ++f) {
        __builtin_prefetch(weights + std::size_t{s.features.ids[f]} * ner::kRowWidth);
      }
    }
    std::int32_t sum[ner::kRowWidth] = {};
    for (std::uint32_t f = s.features.offsets[i]; f < s.features.offsets[i + 1]; ++f) {
      const std::int16_t* row = weights + std::size_t{s.features.ids[f]} * ner::kRowWidth;
      for (std::size_t t = 0; t < ner::kRowWidth; ++t) sum[t] += row[t];
    }
    for (std::size_t t = 0; t < ner::kRowWidth; ++t) s.emissions[i * ner::kRowWidth + t] = sum[t];
  }
  std::int64_t transitions[ner::kTransitionCount];
  for (std::size_t i = 0; i < ner::kTransitionCount; ++i) transitions[i] = m.transitions[i];
  ner::ViterbiDecode(s.emissions.data(), transitions, n, &s.delta, &s.back, &s.tags);

  // B-X I-X ... runs become mentions.
  std::vector<EntityMention> mentions;
  for (std::size_t i = 0; i < n;) {
    const std::uint8_t tag = s.tags[i];
    if (tag == ner::kO || ner::IsInside(tag)) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n && s.tags[j] == tag + 1) ++j;
    EntityMention mention;
    mention.type = ner::TagType(tag);
    mention.begin = s.tokens[i].begin;
    mention.end = s.tokens[j - 1].end;
    mention.text.assign(text.substr(mention.begin, mention.end - mention.begin));
    mentions.push_back(std::move(mention));
    i = j;
  }
  return mentions;
}

}  // namespace facette
