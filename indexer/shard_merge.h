// The merge stage of a parallel import (sharded_writer.h). The shards
// write their last runs; every run is merged (after the database, when it
// has articles) into a new database that is swapped in for the database in
// one step (ExchangeDirectories), after the later versions of articles the
// shards set aside have been upserted into it on one thread, as a one-thread
// import would: searches see the import's articles appear together. The
// work folder is then removed. An interrupted import stops its
// shards instead, unmerged, for the next import to take up.
#ifndef FACETTE_INDEXER_SHARD_MERGE_H_
#define FACETTE_INDEXER_SHARD_MERGE_H_

#include <memory>
#include <string>

#include "facette/status.h"
#include "indexer/import_report.h"
#include "indexer/index_state.h"
#include "indexer/sharded_writer.h"

namespace facette {

// Merges `shards` into index.path as above (the caller has reported the
// kMerging stage). `stopped` is the write error that stopped the reading,
// if any: what the shards wrote is merged and kept anyway, the later
// versions are not upserted, and it is returned (so is the first error of
// the upserts, after what they wrote is swapped in). After the exchange,
// index.writer is opened on the new database (null if that fails). The
// counts of the shards go to `report`.
Status MergeShards(std::unique_ptr<ShardedWriter> shards, Status stopped, IndexState& index,
                   const std::string& work_dir, ImportReport& report);

// Stops `shards` without a merge (the import was asked to stop): their
// complete runs stay in the work folder, and the database as it was
// committed.
Status StopShards(std::unique_ptr<ShardedWriter> shards, ImportReport& report);

}  // namespace facette

#endif  // FACETTE_INDEXER_SHARD_MERGE_H_
