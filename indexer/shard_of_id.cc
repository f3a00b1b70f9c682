// Routing writes to shards (shard_of_id.h).
#include "indexer/shard_of_id.h"

#include <string>

#include "schema/crc32c.h"

namespace facette {

std::uint32_t ShardOfId(std::string_view id, std::uint32_t shard_count) {
  if (shard_count <= 1) return 1;
  return Crc32c(id.data(), id.size()) % shard_count + 1;
}

Status ValidateShard(std::uint32_t shard, std::uint32_t count) {
  if (count == 0) return Status::Ok();
  if (count > kMaxShards || shard < 1 || shard > count) {
    return Status::InvalidArgument(
        "shard " + std::to_string(shard) + "/" + std::to_string(count) +
            ": a shard is K/N with 1 <= K <= N <= " + std::to_string(kMaxShards),
        "shard");
  }
  return Status::Ok();
}

}  // namespace facette
