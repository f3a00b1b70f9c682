// An import observer that hears nothing: for the tests that make their
// database with Indexer::Import and check what it holds, not what the
// import told along the way.
#ifndef FACETTE_TESTS_SUPPORT_QUIET_OBSERVER_H_
#define FACETTE_TESTS_SUPPORT_QUIET_OBSERVER_H_

#include "facette/index.h"

namespace facette::test {

class QuietObserver : public ImportObserver {
 public:
  void OnRejection(const Rejection&) override {}
  void OnWarning(const Warning&) override {}
  void OnProgress(const ImportSummary&) override {}
};

}  // namespace facette::test

#endif  // FACETTE_TESTS_SUPPORT_QUIET_OBSERVER_H_
