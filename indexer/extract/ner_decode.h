// The best tag sequence of a text (Viterbi) under per-token scores and
// tag-to-tag transition scores; I-X only after B-X or I-X. Shared by the
// tagger (integer scores) and the trainer (floating-point scores).
#ifndef FACETTE_INDEXER_EXTRACT_NER_DECODE_H_
#define FACETTE_INDEXER_EXTRACT_NER_DECODE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "indexer/extract/ner_model.h"

namespace facette::ner {

// emissions: n rows of kRowWidth scores; transitions: kTransitionCount
// scores (ner_model.h). Writes n tags into *tags.
template <typename Score>
void ViterbiDecode(const Score* emissions, const Score* transitions, std::size_t n,
                   std::vector<Score>* delta, std::vector<std::uint8_t>* back,
                   std::vector<std::uint8_t>* tags) {
  tags->assign(n, kO);
  if (n == 0) return;
  delta->assign(n * kTagCount, Score{});
  back->assign(n * kTagCount, 0);
  const Score lowest = std::numeric_limits<Score>::lowest() / 4;
  for (std::size_t t = 0; t < kTagCount; ++t) {
    (*delta)[t] =
        Allowed(kStartRow, t) ? transitions[kStartRow * kTagCount + t] + emissions[t] : lowest;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const Score* prev = delta->data() + (i - 1) * kTagCount;
    Score* cur = delta->data() + i * kTagCount;
    std::uint8_t* from = back->data() + i * kTagCount;
    for (std::size_t t = 0; t < kTagCount; ++t) {
      Score best = lowest;
      std::uint8_t best_prev = 0;
      for (std::size_t p = 0; p < kTagCount; ++p) {
        if (!Allowed(p, t)) continue;
        const Score s = prev[p] + transitions[p * kTagCount + t];
        if (s > best) {
          best = s;
          best_prev = static_cast<std::uint8_t>(p);
        }
      }
      cur[t] = best + emissions[i * kRowWidth + t];
      from[t] = best_prev;
    }
  }
  const Score* last = delta->data() + (n - 1) * kTagCount;
  std::uint8_t best = 0;
  for (std::size_t t = 1; t < kTagCount; ++t) {
    if (last[t] > last[best]) best = static_cast<std::uint8_t>(t);
  }
  for (std::size_t i = n; i-- > 0;) {
    (*tags)[i] = best;
    best = (*back)[i * kTagCount + best];
  }
}

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_DECODE_H_
