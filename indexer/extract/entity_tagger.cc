// The entity tagger (entity_tagger.h).
#include "indexer/extract/entity_tagger.h"

#include <cstdint>
#include <cstdio>

#include "indexer/extract/ner_decode.h"
#include "indexer/extract/ner_features.h"
#include "indexer/extract/ner_mentions.h"
#include "indexer/extract/ner_model.h"
#include "indexer/extract/ner_model_data.h"
#include "indexer/extract/ner_tokens.h"

namespace facette {
namespace {

// Tokens per window. A text of up to this many tokens (about 50 KB: every
// article of the corpus) is tokenised once and held whole; a longer one is
// tokenised twice, its words first (DocumentWords), then its tokens a window
// at a time.
constexpr std::size_t kWindowTokens = 8192;
// Tokens whose tag the decoder may leave open (ner_decode.h); about 1.5 MB.
constexpr std::size_t kMaxOpenTokens = std::size_t{1} << 16;

using ner::MentionRuns;
using ner::RawMention;
using ner::RawSink;
using ner::TokenSpan;

// A text's mentions held until the whole text is decoded: mention k's
// words are words[first[k], first[k] + mentions[k].count).
struct MentionBuffer {
  std::vector<RawMention> mentions;
  std::vector<std::size_t> first;
  std::vector<ner::MentionWord> words;
  void Clear() {
    mentions.clear();
    first.clear();
    words.clear();
  }
};

// Per-thread buffers, so that tagging allocates only the mentions it
// returns once they have grown to the size of a window.
struct TagScratch {
  ner::DocumentWords words;
  ner::FeatureWindow window;
  ner::TokenFeatures features;
  ner::ViterbiStream<std::int64_t> decoder;
  std::vector<std::uint8_t> certain;  // tags the decoder has made certain
  std::vector<TokenSpan> open;        // tokens waiting for their tag, from open_head
  std::size_t open_head = 0;
  MentionBuffer held;    // a one-window text's mentions
  ner::TextTypes types;  // the types of the text's strings
};

// Pushes the next tokens of `tokenizer` into the window until it holds a
// window's worth; false when the text ended first.
bool FillWindow(ner::NerTokenizer& tokenizer, ner::FeatureWindow& window) {
  ner::NerToken token;
  while (window.pending() < kWindowTokens) {
    if (!tokenizer.Next(&token)) return false;
    window.Push(token);
  }
  return true;
}

// Decodes a text whose window was started and filled with its first tokens
// (`ended`: they are all its tokens; otherwise `rest` reads those after
// them), giving its mentions to `sink` in text order.
void Decode(const ner::NerModel& m, TagScratch& s, ner::NerTokenizer& rest, bool ended,
            const RawSink& sink) {
  std::int64_t transitions[ner::kTransitionCount];
  for (std::size_t i = 0; i < ner::kTransitionCount; ++i) transitions[i] = m.transitions[i];
  s.decoder.Start(transitions, kMaxOpenTokens);
  s.certain.clear();
  s.open.clear();
  s.open_head = 0;
  MentionRuns runs(m, sink);
  auto take_certain = [&] {
    for (std::uint8_t tag : s.certain) runs.Add(tag, s.open[s.open_head++]);
    s.certain.clear();
  };

  const std::int16_t* weights = m.weights.data();
  while (true) {
    const std::size_t count = s.window.Extract(ended, &s.features);
    const std::vector<std::uint32_t>& ids = s.features.ids;
    const std::vector<std::uint32_t>& offsets = s.features.offsets;
    for (std::size_t k = 0; k < count; ++k) {
      // Scores per tag: the sum of the rows of the token's features. The
      // rows of the next token are fetched while this one is summed.
      if (k + 1 < count) {
        for (std::uint32_t f = offsets[k + 1]; f < offsets[k + 2]; ++f) {
          __builtin_prefetch(weights + std::size_t{ids[f]} * ner::kRowWidth);
        }
      }
      std::int32_t sum[ner::kRowWidth] = {};
      for (std::uint32_t f = offsets[k]; f < offsets[k + 1]; ++f) {
        const std::int16_t* row = weights + std::size_t{ids[f]} * ner::kRowWidth;
        for (std::size_t t = 0; t < ner::kRowWidth; ++t) sum[t] += row[t];
      }
      std::int64_t emission[ner::kRowWidth];
      for (std::size_t t = 0; t < ner::kRowWidth; ++t) emission[t] = sum[t];
      ner::ForbidTags(s.features.forbidden[k], emission);
      const ner::NerToken& t = s.window.extracted(k);
      s.open.push_back(TokenSpan{t.begin, t.end, ner::MentionWord{t.folded, t.flags}});
      s.decoder.Push(emission, &s.certain);
      take_certain();
    }
    s.open.erase(s.open.begin(), s.open.begin() + static_cast<std::ptrdiff_t>(s.open_head));
    s.open_head = 0;
    if (ended) break;
    ended = !FillWindow(rest, s.window);
  }
  s.decoder.Finish(&s.certain);
  take_certain();
  runs.Finish();
}

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
  std::vector<EntityMention> mentions;
  Tag(text, [&mentions](EntityMention&& m) { mentions.push_back(std::move(m)); });
  return mentions;
}

void EntityTagger::Tag(std::string_view text,
                       const std::function<void(EntityMention&&)>& sink) const {
  thread_local TagScratch s;
  const ner::NerModel& m = *model_;

  // The words of the whole text, and its first window of tokens.
  s.words.Clear();
  s.window.Start(s.words, m);
  ner::NerTokenizer tokenizer(text);
  ner::NerToken token;
  bool ended = true;
  while (tokenizer.Next(&token)) {
    s.words.Add(token);
    if (s.window.pending() < kWindowTokens) {
      s.window.Push(token);
    } else {
      ended = false;
    }
  }
  // The tokens after that window are read again when their turn comes.
  ner::NerTokenizer rest(text);
  if (!ended) {
    for (std::size_t k = 0; k < kWindowTokens; ++k) rest.Next(&token);
  }

  // The rules of ner_mentions.h need all the text's mentions before they
  // give the first one its type: a text of one window holds them; a longer
  // one is decoded twice, for the types of its strings, then for its
  // mentions (memory for its distinct strings, not its mentions).
  s.types.Clear();
  s.held.Clear();
  const auto is_name = [&](const RawMention& raw, const ner::MentionWord* words) {
    return !ner::IsCommonNoun(raw.type, words, raw.count, m.gazetteer);
  };
  const auto emit = [&](const RawMention& raw, const ner::MentionWord* words) {
    EntityMention mention;
    mention.type = s.types.TypeOf(raw.type, words, raw.count);
    mention.begin = raw.begin;
    mention.end = raw.end;
    mention.text.assign(text.substr(raw.begin, raw.end - raw.begin));
    sink(std::move(mention));
  };
  if (ended) {
    Decode(m, s, rest, true, [&](const RawMention& raw, const ner::MentionWord* words) {
      if (!is_name(raw, words)) return;
      s.types.Add(raw.type, words, raw.count);
      s.held.first.push_back(s.held.words.size());
      s.held.words.insert(s.held.words.end(), words, words + raw.count);
      s.held.mentions.push_back(raw);
    });
    for (std::size_t k = 0; k < s.held.mentions.size(); ++k) {
      emit(s.held.mentions[k], s.held.words.data() + s.held.first[k]);
    }
    return;
  }
  Decode(m, s, rest, false, [&](const RawMention& raw, const ner::MentionWord* words) {
    if (is_name(raw, words)) s.types.Add(raw.type, words, raw.count);
  });
  s.window.Start(s.words, m);
  ner::NerTokenizer again(text);
  FillWindow(again, s.window);
  Decode(m, s, again, false, [&](const RawMention& raw, const ner::MentionWord* words) {
    if (is_name(raw, words)) emit(raw, words);
  });
}

}  // namespace facette
