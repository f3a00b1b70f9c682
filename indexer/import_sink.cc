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
  ++given_;
  Status written = write_.Write(std::move(article), written_);
  ReportWritten();
  if (!written.ok()) status_ = written;
}

void ImportSink::Finish() {
  if (status_.ok()) {
    Status flushed = write_.Flush(written_);
    if (!flushed.ok()) status_ = flushed;
  }
  ReportWritten();
  // After a write error the articles not written are never reported: what
  // was read after them is, in order.
  for (auto& [after, event] : held_) ReportEvent(event);
  held_.clear();
}

void ImportSink::ReportWritten() {
  for (WrittenArticle& done : written_) {
    while (!held_.empty() && held_.front().first <= reported_) {
      ReportEvent(held_.front().second);
      held_.pop_front();
    }
    ++reported_;
    for (const Warning& warning : done.warnings) report_.Warn(warning);
    if (!done.outcome) continue;  // the shards count it
    report_.Count(*done.outcome);
    UpsertResult result;
    result.outcome = PublicOutcome(*done.outcome);
    for (Warning& warning : done.warnings) result.warnings.push_back(std::move(warning.message));
    report_.observer().OnArticle(done.position, done.id, result);
  }
  written_.clear();
  while (!held_.empty() && held_.front().first <= reported_) {
    ReportEvent(held_.front().second);
    held_.pop_front();
  }
}

void ImportSink::Report(Event&& event) {
  if (reported_ == given_) {
    ReportEvent(event);
  } else {
    held_.emplace_back(given_, std::move(event));
  }
}

void ImportSink::ReportEvent(const Event& event) {
  if (const Rejection* rejection = std::get_if<Rejection>(&event)) {
    report_.Reject(*rejection);
  } else {
    report_.Warn(std::get<Warning>(event));
  }
}

void ImportSink::OnRejection(Rejection&& rejection) {
  report_.Read();
  if (!rejection.raw.empty()) rejects_.Append(rejection.raw);
  Report(std::move(rejection));
}

void ImportSink::OnWarning(Warning&& warning) { Report(std::move(warning)); }

void ImportSink::OnUnreadable(Rejection&& rejection) { Report(std::move(rejection)); }

}  // namespace facette
