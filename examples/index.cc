// SPDX-License-Identifier: GPL-2.0-or-later
// Indexing a stream with facette's public API: JSON Lines articles
// (corpus/README.md) read from standard input into a database, created when
// missing. Bad records are reported and skipped; the good ones are
// committed at the end.
//
//   facette-example-index DATABASE < articles.jsonl
#include <facette/facette.h>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace {

// Reports, as they happen, the records that were not indexed as they were.
class Report : public facette::ImportObserver {
 public:
  void OnRejection(const facette::Rejection& rejection) override {
    std::cerr << rejection.position.ToString() << ": rejected: " << rejection.reason << '\n';
  }
  void OnWarning(const facette::Warning& warning) override {
    std::cerr << warning.position.ToString() << ": " << warning.message << '\n';
  }
  void OnProgress(const facette::ImportSummary&) override {}
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " DATABASE < articles.jsonl\n";
    return EXIT_FAILURE;
  }
  facette::Result<std::unique_ptr<facette::Indexer>> indexer = facette::Indexer::Open(argv[1]);
  if (!indexer.ok()) {
    std::cerr << "error: " << indexer.status().message() << '\n';
    return EXIT_FAILURE;
  }
  Report report;
  facette::ImportOptions options;
  options.jobs = 1;  // one thread: articles are upserted as they are read
  facette::Result<facette::ImportSummary> summary =
      (*indexer)->ImportStream(std::cin, "<stdin>", report, options);
  if (!summary.ok()) {
    std::cerr << "error: " << summary.status().message() << '\n';
    return EXIT_FAILURE;
  }
  std::cout << "read " << summary->read << ", added " << summary->added << ", replaced "
            << summary->replaced << ", unchanged " << summary->unchanged << ", rejected "
            << summary->rejected << "; " << summary->documents << " articles in " << argv[1]
            << '\n';
  return EXIT_SUCCESS;
}
