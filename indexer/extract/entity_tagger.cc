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

// Tokens per window. A text of up to this many tokens (about 50 KB: every
// article of the corpus) is tokenised once and held whole; a longer one is
// tokenised twice, its words first (DocumentWords), then its tokens a window
// at a time.
constexpr std::size_t kWindowTokens = 8192;
// Tokens whose tag the decoder may leave open (ner_decode.h); about 1.5 MB.
constexpr std::size_t kMaxOpenTokens = std::size_t{1} << 16;

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Per-thread buffers, so that tagging allocates only the mentions it
// returns once they have grown to the size of a window.
struct TagScratch {
  ner::DocumentWords words;
  ner::FeatureWindow window;
  ner::TokenFeatures features;
  ner::ViterbiStream<std::int64_t> decoder;
  std::vector<std::uint8_t> certain;  // tags the decoder has made certain
  std::vector<Span> open;             // tokens waiting for their tag, from open_head
  std::size_t open_head = 0;
};

// Runs of tags B-X I-X ... become mentions.
class MentionRuns {
 public:
  MentionRuns(std::string_view text, const std::function<void(EntityMention&&)>& sink)
      : text_(text), sink_(sink) {}

  void Add(std::uint8_t tag, const Span& span) {
    if (active_ && tag == tag_ + 1) {
      end_ = span.end;
      return;
    }
    Finish();
    if (tag != ner::kO && !ner::IsInside(tag)) {
      active_ = true;
      tag_ = tag;
      begin_ = span.begin;
      end_ = span.end;
    }
  }

  void Finish() {
    if (!active_) return;
    active_ = false;
    EntityMention mention;
    mention.type = ner::TagType(tag_);
    mention.begin = begin_;
    mention.end = end_;
    mention.text.assign(text_.substr(begin_, end_ - begin_));
    sink_(std::move(mention));
  }

 private:
  std::string_view text_;
  const std::function<void(EntityMention&&)>& sink_;
  bool active_ = false;  // a run is open
  std::uint8_t tag_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
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
  std::vector<EntityMention> mentions;
  Tag(text, [&mentions](EntityMention&& m) { mentions.push_back(std::move(m)); });
  return mentions;
}

void EntityTagger::Tag(std::string_view text,
                       const std::function<void(EntityMention&&)>& sink) const {
  thread_local TagScratch s;
  const ner::NerModel& m = *model_;

  // First pass: the words of the whole text, and its first window of tokens.
  s.words.Clear();
  s.window.Start(s.words, m.gazetteer, m.hash_mask());
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

  std::int64_t transitions[ner::kTransitionCount];
  for (std::size_t i = 0; i < ner::kTransitionCount; ++i) transitions[i] = m.transitions[i];
  s.decoder.Start(transitions, kMaxOpenTokens);
  s.certain.clear();
  s.open.clear();
  s.open_head = 0;
  MentionRuns runs(text, sink);
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
      const ner::NerToken& t = s.window.extracted(k);
      s.open.push_back(Span{t.begin, t.end});
      s.decoder.Push(emission, &s.certain);
      take_certain();
    }
    s.open.erase(s.open.begin(), s.open.begin() + static_cast<std::ptrdiff_t>(s.open_head));
    s.open_head = 0;
    if (ended) break;
    while (s.window.pending() < kWindowTokens) {
      if (!rest.Next(&token)) {
        ended = true;
        break;
      }
      s.window.Push(token);
    }
  }
  s.decoder.Finish(&s.certain);
  take_certain();
  runs.Finish();
}

}  // namespace facette
