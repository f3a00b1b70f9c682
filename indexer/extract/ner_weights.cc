// The tagger's packed weight rows (ner_weights.h).
#include "indexer/extract/ner_weights.h"

namespace facette::ner {

PackedWeights::PackedWeights(const NerModel& model) {
  const std::size_t rows = model.weights.size() / kRowWidth;
  blocks_.resize((rows + 63) / 64);
  rows_.assign(kRowWidth, 0);  // row 0: the zero row
  std::size_t kept = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::int16_t* row = model.weights.data() + r * kRowWidth;
    bool zero = true;
    for (std::size_t t = 0; t < kRowWidth; ++t) zero = zero && row[t] == 0;
    Block& block = blocks_[r >> 6];
    if ((r & 63) == 0) block.rank = kept;
    if (zero) continue;
    block.present |= std::uint64_t{1} << (r & 63);
    rows_.insert(rows_.end(), row, row + kRowWidth);
    ++kept;
  }
}

}  // namespace facette::ner
