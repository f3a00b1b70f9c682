// The best tag sequence of a text (Viterbi) under per-token scores and
// tag-to-tag transition scores; I-X only after B-X or I-X. Shared by the
// tagger (integer scores, a token at a time: ViterbiStream) and the trainer
// (floating-point scores, a whole text: ViterbiDecode).
#ifndef FACETTE_INDEXER_EXTRACT_NER_DECODE_H_
#define FACETTE_INDEXER_EXTRACT_NER_DECODE_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "indexer/extract/ner_model.h"

namespace facette::ner {

// The score of a tag that no path may take.
template <typename Score>
constexpr Score kForbidden = std::numeric_limits<Score>::lowest() / 4;

// Takes the tags of `forbidden` (bit t: tag t; TokenFeatures::forbidden)
// off a token's scores (`emission`: kRowWidth scores).
template <typename Score>
void ForbidTags(std::uint8_t forbidden, Score* emission) {
  if (forbidden == 0) return;
  for (std::size_t t = 0; t < kTagCount; ++t) {
    if (forbidden & (1u << t)) emission[t] = kForbidden<Score>;
  }
}

// The best scores of the first token's tags (`emission`: kRowWidth scores;
// transitions: kTransitionCount scores, ner_model.h) into cur[kTagCount].
template <typename Score>
void ViterbiFirst(const Score* emission, const Score* transitions, Score* cur) {
  for (std::size_t t = 0; t < kTagCount; ++t) {
    cur[t] = Allowed(kStartRow, t) ? transitions[kStartRow * kTagCount + t] + emission[t]
                                   : kForbidden<Score>;
  }
}

// One step: the best scores of the next token's tags from those of the token
// before (prev), and in from[t] the tag before of the best path to tag t.
template <typename Score>
void ViterbiStep(const Score* prev, const Score* emission, const Score* transitions, Score* cur,
                 std::uint8_t* from) {
  // Unrolled, so that Allowed is decided when compiling and the scores of
  // the token before stay in registers.
  std::array<Score, kTagCount> before;
  for (std::size_t p = 0; p < kTagCount; ++p) before[p] = prev[p];
#pragma GCC unroll 8
  for (std::size_t t = 0; t < kTagCount; ++t) {
    Score best = kForbidden<Score>;
    std::uint8_t best_prev = 0;
#pragma GCC unroll 8
    for (std::size_t p = 0; p < kTagCount; ++p) {
      if (!Allowed(p, t)) continue;
      const Score s = before[p] + transitions[p * kTagCount + t];
      if (s > best) {
        best = s;
        best_prev = static_cast<std::uint8_t>(p);
      }
    }
    cur[t] = best + emission[t];
    from[t] = best_prev;
  }
}

// The best tag of a last token (the first of equal scores).
template <typename Score>
std::uint8_t ViterbiBest(const Score* last) {
  std::uint8_t best = 0;
  for (std::size_t t = 1; t < kTagCount; ++t) {
    if (last[t] > last[best]) best = static_cast<std::uint8_t>(t);
  }
  return best;
}

// emissions: n rows of kRowWidth scores. Writes n tags into *tags.
template <typename Score>
void ViterbiDecode(const Score* emissions, const Score* transitions, std::size_t n,
                   std::vector<Score>* delta, std::vector<std::uint8_t>* back,
                   std::vector<std::uint8_t>* tags) {
  tags->assign(n, kO);
  if (n == 0) return;
  delta->assign(n * kTagCount, Score{});
  back->assign(n * kTagCount, 0);
  ViterbiFirst(emissions, transitions, delta->data());
  for (std::size_t i = 1; i < n; ++i) {
    ViterbiStep(delta->data() + (i - 1) * kTagCount, emissions + i * kRowWidth, transitions,
                delta->data() + i * kTagCount, back->data() + i * kTagCount);
  }
  std::uint8_t best = ViterbiBest(delta->data() + (n - 1) * kTagCount);
  for (std::size_t i = n; i-- > 0;) {
    (*tags)[i] = best;
    best = (*back)[i * kTagCount + best];
  }
}

// ViterbiDecode a token at a time, each tag given as soon as it is certain:
// when the best paths to all the tags of the last token go through the same
// tag at token j, every path the rest of the text can make does, so the
// tags up to j are those of the best path of the whole text. On text, paths
// meet again within a few tokens, and memory holds the tokens in between
// (one row of back-pointers each), not the text. Should they not meet for
// more than half of `max_open` tokens, the best path so far is taken for
// those (never seen on text: the bound only caps memory).
template <typename Score>
class ViterbiStream {
 public:
  // Starts a text. `transitions` (kTransitionCount scores) must outlive it.
  void Start(const Score* transitions, std::size_t max_open) {
    transitions_ = transitions;
    max_open_ = max_open < 2 ? 2 : max_open;
    open_ = 0;
    started_path_ = false;
    back_.clear();
    check_at_ = std::min(kFirstCheck, max_open_);
  }

  // Adds the next token's scores (kRowWidth); appends to *certain the tags
  // that became certain, in text order.
  void Push(const Score* emission, std::vector<std::uint8_t>* certain) {
    back_.resize((open_ + 1) * kTagCount);
    if (!started_path_) {
      ViterbiFirst(emission, transitions_, delta_.data());
      started_path_ = true;
    } else {
      std::array<Score, kTagCount> next;
      ViterbiStep(delta_.data(), emission, transitions_, next.data(),
                  back_.data() + open_ * kTagCount);
      delta_ = next;
    }
    ++open_;
    if (open_ < check_at_) return;
    Converge(certain);
    if (2 * open_ > max_open_) Force(certain);
    // A check reads the open tokens: the next one waits until as many more
    // have come (at most half the bound are open now), so that checking
    // costs a constant per token.
    check_at_ = std::min(open_ + std::max(open_, kFirstCheck), max_open_);
  }

  // The text has ended: appends the tags still open.
  void Finish(std::vector<std::uint8_t>* certain) {
    if (open_ > 0) Emit(open_, ViterbiBest(delta_.data()), certain);
    open_ = 0;
    started_path_ = false;
    back_.clear();
  }

 private:
  static constexpr std::size_t kFirstCheck = 32;

  // back_ row k (k = 0 .. open_ - 1) is the open token k's tag-before of
  // each tag; row 0 leads to the last certain token, whose tag is known.

  // Makes certain the tags up to the last token where all paths meet, if
  // any.
  void Converge(std::vector<std::uint8_t>* certain) {
    unsigned reached = (1u << kTagCount) - 1;  // tags of token k on a best path
    for (std::size_t k = open_ - 1; k > 0; --k) {
      unsigned before = 0;
      for (std::size_t t = 0; t < kTagCount; ++t) {
        if (reached & (1u << t)) before |= 1u << back_[k * kTagCount + t];
      }
      reached = before;
      if ((reached & (reached - 1)) == 0) {  // one tag at token k - 1
        Emit(k, static_cast<std::uint8_t>(__builtin_ctz(reached)), certain);
        return;
      }
    }
  }

  // The best path so far taken for the open tokens; later paths start from
  // its last tag.
  void Force(std::vector<std::uint8_t>* certain) {
    const std::uint8_t best = ViterbiBest(delta_.data());
    Emit(open_, best, certain);
    for (std::size_t t = 0; t < kTagCount; ++t) {
      if (t != best) delta_[t] = kForbidden<Score>;
    }
  }

  // Makes certain the open tokens before `count`, token count - 1 having tag
  // `last`, and keeps the others open.
  void Emit(std::size_t count, std::uint8_t last, std::vector<std::uint8_t>* certain) {
    const std::size_t at = certain->size();
    certain->resize(at + count);
    std::uint8_t tag = last;
    for (std::size_t k = count; k-- > 0;) {
      (*certain)[at + k] = tag;
      tag = back_[k * kTagCount + tag];
    }
    back_.erase(back_.begin(), back_.begin() + static_cast<std::ptrdiff_t>(count * kTagCount));
    open_ -= count;
  }

  const Score* transitions_ = nullptr;
  std::size_t max_open_ = 0;
  std::size_t check_at_ = kFirstCheck;
  std::size_t open_ = 0;                  // tokens whose tag is not certain
  bool started_path_ = false;             // a token has been pushed since Start
  std::array<Score, kTagCount> delta_{};  // best scores of the last token's tags
  std::vector<std::uint8_t> back_;
};

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_DECODE_H_
