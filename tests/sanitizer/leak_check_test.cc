// The sanitizer run catches leaks of facette's callbacks: leak_canary leaks
// 400 bytes in a MatchSpy, a PostingSource or a FieldProcessor of its own,
// called by Xapian as facette's are, and run with the options and the
// suppression file of scripts/sanitizer-env.sh (the script itself is
// sourced), LeakSanitizer must report it and fail the process with the
// suite's status 86. The same work without the leak must pass, so that the
// report is the leak's and not Xapian's. Registered only in builds with
// AddressSanitizer or LeakSanitizer (tests/CMakeLists.txt adds tests/sanitizer/
// only then).
#include <gtest/gtest.h>

#include <string>

#include "support/process_support.h"

namespace facette::test {
namespace {

// leak_canary MODE under scripts/sanitizer-env.sh.
Measured RunCanary(const std::string& mode) {
  const std::string script = std::string(FACETTE_SOURCE_DIR) + "/scripts/sanitizer-env.sh";
  return RunMeasured(
      {"/bin/bash", "-c", "source \"$0\" && exec \"$1\" \"$2\"", script, FACETTE_LEAK_CANARY, mode},
      120);
}

TEST(LeakCheckTest, TheSameWorkWithoutALeakPasses) {
  Measured m = RunCanary("none");
  EXPECT_EQ(0, m.exit_status) << m.err;
  EXPECT_EQ("2 matches\n", m.out);
  EXPECT_EQ(std::string::npos, m.err.find("LeakSanitizer")) << m.err;
}

class LeakInACallbackTest : public ::testing::TestWithParam<const char*> {};

TEST_P(LeakInACallbackTest, FailsTheSanitizerRun) {
  Measured m = RunCanary(GetParam());
  EXPECT_EQ(86, m.exit_status) << m.err;
  EXPECT_EQ("2 matches\n", m.out) << "the leak is found at exit, after the work";
  EXPECT_NE(std::string::npos, m.err.find("ERROR: LeakSanitizer: detected memory leaks")) << m.err;
  EXPECT_NE(std::string::npos, m.err.find("Direct leak of 400 byte(s) in 1 object(s)")) << m.err;
  EXPECT_NE(std::string::npos, m.err.find("LeakFourHundredBytes")) << m.err;
}

INSTANTIATE_TEST_SUITE_P(Callbacks, LeakInACallbackTest,
                         ::testing::Values("matchspy", "postingsource", "fieldprocessor"));

}  // namespace
}  // namespace facette::test
