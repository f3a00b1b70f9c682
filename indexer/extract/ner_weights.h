// The tagger's weight rows as it reads them: only the non-zero rows of the
// model's table (NerModel::weights, 2^hash_bits rows of kRowWidth), packed
// in bucket order, with a bit per bucket saying whether its row is there.
// Fewer than half the rows of a trained table are non-zero, and a token's
// features read dozens of rows at random: a table half the size stays in
// the cache, and a feature on a zero row reads no row at all. The sums of
// rows are those of the full table (a zero row adds nothing).
#ifndef FACETTE_INDEXER_EXTRACT_NER_WEIGHTS_H_
#define FACETTE_INDEXER_EXTRACT_NER_WEIGHTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "indexer/extract/ner_model.h"

namespace facette::ner {

class PackedWeights {
 public:
  explicit PackedWeights(const NerModel& model);

  // The kRowWidth weights of bucket `id` (< the model's rows): a row of
  // zeros for the buckets without one (no branch: which buckets have a row
  // is unpredictable).
  const std::int16_t* Row(std::uint32_t id) const {
    const Block& block = blocks_[id >> 6];
    const unsigned shift = id & 63;
    const std::uint64_t before = block.present & ((std::uint64_t{1} << shift) - 1);
    const std::uint64_t has_row = (block.present >> shift) & 1;
    const std::uint64_t index =
        (block.rank + static_cast<std::uint64_t>(__builtin_popcountll(before))) & (0 - has_row);
    return rows_.data() + index * kRowWidth;
  }

 private:
  // 64 buckets: which have a row, and the index in rows_ of the first of
  // them (side by side: one cache line read per lookup).
  struct Block {
    std::uint64_t present = 0;
    std::uint64_t rank = 0;
  };
  std::vector<Block> blocks_;
  std::vector<std::int16_t> rows_;  // a row of zeros, then the non-zero rows
};

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_NER_WEIGHTS_H_
