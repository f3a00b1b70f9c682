// Routing writes to shards (docs/scale-out.md): which shard of a
// collection split N ways an article belongs to, by its id alone, so that
// every shard host can read the same export and keep its own articles
// (facette-index --shard K/N). ShardOfId is public (facette/index.h).
#ifndef FACETTE_INDEXER_SHARD_OF_ID_H_
#define FACETTE_INDEXER_SHARD_OF_ID_H_

#include <cstdint>

#include "facette/index.h"
#include "facette/status.h"

namespace facette {

// The most shards a collection may be split into.
inline constexpr std::uint32_t kMaxShards = 4096;

// Ok when `shard` of `count` names a shard (1 <= shard <= count <=
// kMaxShards), or count is 0 (no split); kInvalidArgument with field()
// "shard" otherwise.
Status ValidateShard(std::uint32_t shard, std::uint32_t count);

}  // namespace facette

#endif  // FACETTE_INDEXER_SHARD_OF_ID_H_
