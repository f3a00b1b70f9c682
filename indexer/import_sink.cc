// Records counted, reported and handed on (import_sink.h).
#include "indexer/import_sink.h"

#include <utility>

#include "indexer/shard_of_id.h"

namespace facette {

void ImportSink::OnArticle(ParsedArticle&& article) {
  if (!status_.ok()) return;  // the import is stopping on a write error
  report_.Read();
  if (shard_count_ > 1 && ShardOfId(article.id, shard_count_) != shard_) {
    ++report_.summary().other_shards;
    return;
  }
  report_.summary().repaired_utf8 += article.repaired_utf8;
  Result<std::optional<IndexWriter::Outcome>> written = write_.Write(article, warnings_);
  for (const Warning& warning : warnings_) report_.Warn(warning);
  if (!written.ok()) {
    status_ = written.status();
    warnings_.clear();
    return;
  }
  if (written->has_value()) {
    const IndexWriter::Outcome outcome = **written;
    report_.Count(outcome);
    UpsertResult result;
    result.outcome = PublicOutcome(outcome);
    for (Warning& warning : warnings_) result.warnings.push_back(std::move(warning.message));
    report_.observer().OnArticle(article.position, article.id, result);
  }
  warnings_.clear();
}

void ImportSink::OnRejection(Rejection&& rejection) {
  report_.Read();
  if (!rejection.raw.empty()) rejects_.Append(rejection.raw);
  report_.Reject(rejection);
}

void ImportSink::OnWarning(Warning&& warning) { report_.Warn(warning); }

void ImportSink::OnUnreadable(Rejection&& rejection) { report_.Reject(rejection); }

}  // namespace facette
