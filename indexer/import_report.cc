// What an import reports (import_report.h).
#include "indexer/import_report.h"

namespace facette {

void ImportReport::Count(IndexWriter::Outcome outcome) {
  switch (outcome) {
    case IndexWriter::Outcome::kAdded:
      ++summary_.added;
      break;
    case IndexWriter::Outcome::kReplaced:
      ++summary_.replaced;
      break;
    case IndexWriter::Outcome::kUnchanged:
      ++summary_.unchanged;
      break;
  }
}

double ImportReport::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

UpsertResult::Outcome PublicOutcome(IndexWriter::Outcome outcome) {
  switch (outcome) {
    case IndexWriter::Outcome::kAdded:
      return UpsertResult::Outcome::kAdded;
    case IndexWriter::Outcome::kReplaced:
      return UpsertResult::Outcome::kReplaced;
    case IndexWriter::Outcome::kUnchanged:
      return UpsertResult::Outcome::kUnchanged;
  }
  return UpsertResult::Outcome::kRejected;
}

}  // namespace facette
