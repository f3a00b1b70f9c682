// Training the entity tagger (ner_trainer.h).
#include "indexer/extract/tools/ner_trainer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

#include "indexer/extract/ner_decode.h"
#include "indexer/extract/ner_features.h"

namespace facette::ner {
namespace {

constexpr std::uint8_t kTypeBits[] = {kGazPerson, kGazOrganization, kGazLocation};
constexpr std::uint8_t kPartBits[] = {kPartPerson, kPartOrganization, kPartLocation};

// The tokens [first, last) that overlap [begin, end).
std::pair<std::size_t, std::size_t> TokenRange(const std::vector<NerToken>& tokens,
                                               std::size_t begin, std::size_t end) {
  std::size_t first = 0;
  while (first < tokens.size() && tokens[first].end <= begin) ++first;
  std::size_t last = first;
  while (last < tokens.size() && tokens[last].begin < end) ++last;
  return {first, last};
}

// What one article puts into the gazetteer: key -> bits.
using KeyBits = std::unordered_map<std::uint64_t, std::uint8_t>;

KeyBits ArticleGazetteer(const GoldArticle& article, const std::vector<NerToken>& tokens) {
  KeyBits own;
  for (const GoldEntity& e : article.entities) {
    const std::optional<EntityType> type = GoldEntityType(e.type);
    if (!type) continue;
    const auto [first, last] = TokenRange(tokens, e.begin, e.end);
    if (first >= last) continue;
    const std::size_t t = static_cast<std::size_t>(*type);
    for (std::size_t i = first; i < last; ++i) own[WordKey(tokens[i].folded)] |= kPartBits[t];
    if (last - first > kMaxPhraseWords) continue;
    std::uint64_t phrase = kPhraseSeed;
    for (std::size_t i = first; i < last; ++i) {
      phrase = ExtendPhrase(phrase, tokens[i].folded);
      own[phrase] |= i + 1 == last ? kTypeBits[t] : kPhrasePrefix;
    }
  }
  for (const NerToken& tok : tokens) {
    if (tok.flags & kLowerInitial) own[WordKey(tok.folded)] |= kLowercaseWord;
  }
  return own;
}

// Deterministic, platform-independent shuffling (splitmix64).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }
  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (std::size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[Next() % i]);
  }

 private:
  std::uint64_t state_;
};

struct Example {
  TokenFeatures features;
  std::vector<std::uint8_t> gold;
};

// Averaged perceptron weights (Daumé's trick: average = w - u / c).
struct Weights {
  std::vector<float> w;
  std::vector<double> u;
  void Resize(std::size_t n) {
    w.assign(n, 0.0f);
    u.assign(n, 0.0);
  }
  void Update(std::size_t i, float delta, double c) {
    w[i] += delta;
    u[i] += c * delta;
  }
  double Average(std::size_t i, double c) const { return w[i] - u[i] / c; }
};

}  // namespace

std::vector<std::uint8_t> GoldTags(const GoldArticle& article, const std::vector<NerToken>& tokens,
                                   std::size_t* misaligned) {
  std::vector<std::uint8_t> tags(tokens.size(), kO);
  for (const GoldEntity& e : article.entities) {
    const std::optional<EntityType> type = GoldEntityType(e.type);
    if (!type || !e.top_level) continue;
    const auto [first, last] = TokenRange(tokens, e.begin, e.end);
    if (first >= last) {
      if (misaligned != nullptr) ++*misaligned;
      continue;
    }
    if (misaligned != nullptr && (tokens[first].begin < e.begin || tokens[last - 1].end > e.end)) {
      ++*misaligned;
    }
    bool free = true;
    for (std::size_t i = first; i < last; ++i) free = free && tags[i] == kO;
    if (!free) continue;  // the same span annotated twice (PER and ORG): the first wins
    tags[first] = BeginTag(*type);
    for (std::size_t i = first + 1; i < last; ++i) tags[i] = BeginTag(*type) + 1;
  }
  return tags;
}

NerModel TrainNerModel(const std::vector<const GoldArticle*>& articles, const TrainOptions& options,
                       TrainReport* report) {
  TrainReport stats;
  stats.articles = articles.size();
  const std::size_t rows = std::size_t{1} << options.hash_bits;

  // Tokens, gold tags and gazetteer contributions of every article.
  std::vector<std::vector<NerToken>> tokens(articles.size());
  std::vector<KeyBits> own(articles.size());
  std::unordered_map<std::uint64_t, std::array<std::uint32_t, 8>> counts;
  std::vector<Example> examples(articles.size());
  for (std::size_t a = 0; a < articles.size(); ++a) {
    TokenizeForNer(articles[a]->text, &tokens[a]);
    examples[a].gold = GoldTags(*articles[a], tokens[a], &stats.misaligned);
    for (std::uint8_t tag : examples[a].gold) stats.entities += tag != kO && !IsInside(tag);
    stats.tokens += tokens[a].size();
    own[a] = ArticleGazetteer(*articles[a], tokens[a]);
    for (const auto& [key, bits] : own[a]) {
      auto& c = counts[key];
      for (std::size_t b = 0; b < 8; ++b) c[b] += (bits >> b) & 1u;
    }
  }
  std::vector<std::pair<std::uint64_t, std::uint8_t>> entries;
  entries.reserve(counts.size());
  for (const auto& [key, c] : counts) {
    std::uint8_t bits = 0;
    for (std::size_t b = 0; b < 8; ++b) {
      if (c[b] > 0) bits |= static_cast<std::uint8_t>(1u << b);
    }
    entries.emplace_back(key, bits);
  }
  NerModel model;
  model.hash_bits = options.hash_bits;
  model.gazetteer = Gazetteer(std::move(entries));
  model.lexicon = options.lexicon;
  stats.gazetteer_entries = model.gazetteer.entries().size();

  // Features, each article seeing the gazetteer without what only it brought
  // (phrase-prefix bits stay: they only make the search go on).
  FeatureScratch scratch;
  for (std::size_t a = 0; a < articles.size(); ++a) {
    std::vector<std::pair<std::uint64_t, std::uint8_t>> excluded;
    for (const auto& [key, bits] : own[a]) {
      const auto& c = counts.at(key);
      std::uint8_t removed = 0;
      for (std::size_t b = 0; b < kGazetteerBits; ++b) {
        if (((bits >> b) & 1u) && c[b] == 1) removed |= static_cast<std::uint8_t>(1u << b);
      }
      if (removed != 0) excluded.emplace_back(key, removed);
    }
    const Gazetteer excluded_table(std::move(excluded));
    ExtractFeatures(tokens[a], model, &scratch, &examples[a].features, &excluded_table);
  }

  // The perceptron.
  Weights weights;
  weights.Resize(rows * kRowWidth);
  Weights transitions;
  transitions.Resize(kTransitionCount);
  std::vector<std::size_t> order(articles.size());
  for (std::size_t a = 0; a < order.size(); ++a) order[a] = a;
  Random random(options.seed);
  double c = 1;
  std::vector<float> emissions, delta, current_transitions(kTransitionCount);
  std::vector<std::uint8_t> back, predicted;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    random.Shuffle(&order);
    for (std::size_t a : order) {
      const Example& ex = examples[a];
      const std::size_t n = ex.gold.size();
      emissions.assign(n * kRowWidth, 0.0f);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::uint32_t f = ex.features.offsets[i]; f < ex.features.offsets[i + 1]; ++f) {
          const float* row = weights.w.data() + std::size_t{ex.features.ids[f]} * kRowWidth;
          for (std::size_t t = 0; t < kTagCount; ++t) emissions[i * kRowWidth + t] += row[t];
        }
      }
      // No ForbiddenTags here: the constraint applies when tagging only. A
      // gold name that runs through an elided word ("Giscard d'Estaing")
      // still teaches its features; forbidding it while training cost
      // person F1 on the time split.
      std::copy(transitions.w.begin(), transitions.w.end(), current_transitions.begin());
      ViterbiDecode(emissions.data(), current_transitions.data(), n, &delta, &back, &predicted);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t gold = ex.gold[i];
        const std::size_t guess = predicted[i];
        const std::size_t gold_prev = i == 0 ? kStartRow : ex.gold[i - 1];
        const std::size_t guess_prev = i == 0 ? kStartRow : predicted[i - 1];
        if (gold != guess) {
          for (std::uint32_t f = ex.features.offsets[i]; f < ex.features.offsets[i + 1]; ++f) {
            const std::size_t row = std::size_t{ex.features.ids[f]} * kRowWidth;
            weights.Update(row + gold, 1.0f, c);
            weights.Update(row + guess, -1.0f, c);
          }
        }
        if (gold != guess || gold_prev != guess_prev) {
          transitions.Update(gold_prev * kTagCount + gold, 1.0f, c);
          transitions.Update(guess_prev * kTagCount + guess, -1.0f, c);
        }
      }
      c += 1;
    }
  }

  // The type offsets go on the bias feature's row, which every token has
  // (ExtractFeatures gives it first).
  for (const Example& ex : examples) {
    if (ex.gold.empty()) continue;
    const std::size_t bias_row = std::size_t{ex.features.ids[ex.features.offsets[0]]} * kRowWidth;
    for (std::size_t type = 0; type < options.type_offsets.size(); ++type) {
      const auto offset = static_cast<float>(options.type_offsets[type]);
      weights.w[bias_row + 1 + 2 * type] += offset;  // B-type
      weights.w[bias_row + 2 + 2 * type] += offset;  // I-type
    }
    break;
  }

  // Averaged weights, quantised to 16 bits on one scale.
  double largest = 0;
  for (std::size_t i = 0; i < weights.w.size(); ++i) {
    largest = std::max(largest, std::fabs(weights.Average(i, c)));
  }
  for (std::size_t i = 0; i < kTransitionCount; ++i) {
    largest = std::max(largest, std::fabs(transitions.Average(i, c)));
  }
  const double scale = largest > 0 ? 32767.0 / largest : 1.0;
  auto quantise = [scale](double v) {
    return static_cast<std::int16_t>(std::clamp<long>(std::lround(v * scale), -32767, 32767));
  };
  model.weights.assign(rows * kRowWidth, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    bool nonzero = false;
    for (std::size_t t = 0; t < kTagCount; ++t) {
      const std::int16_t q = quantise(weights.Average(r * kRowWidth + t, c));
      model.weights[r * kRowWidth + t] = q;
      nonzero = nonzero || q != 0;
    }
    stats.nonzero_rows += nonzero;
  }
  for (std::size_t i = 0; i < kTransitionCount; ++i) {
    model.transitions[i] = quantise(transitions.Average(i, c));
  }
  if (report != nullptr) *report = stats;
  return model;
}

}  // namespace facette::ner
