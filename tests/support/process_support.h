// Support for the tests that run the real executables (end-to-end and
// robustness): temporary directories, files, and running a program with a
// deadline while measuring its time and peak memory (the kernel's rusage,
// so the numbers are the process's own).
#ifndef FACETTE_TESTS_SUPPORT_PROCESS_SUPPORT_H_
#define FACETTE_TESTS_SUPPORT_PROCESS_SUPPORT_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace facette::test {

// A directory under the system temp dir, removed with its contents on
// destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct Measured {
  int exit_status = -1;    // the exit status, 128 + signal when killed
  bool timed_out = false;  // killed at the deadline
  double seconds = 0;      // wall-clock time
  long peak_rss_kb = 0;    // peak resident memory
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) with standard input from /dev/null and extra
// environment variables "K=V", killing it with SIGKILL after
// `deadline_seconds`.
Measured RunMeasured(const std::vector<std::string>& argv, double deadline_seconds,
                     const std::vector<std::string>& env = {});

// Starts `argv` in the background with every standard stream on
// /dev/null; WaitFor collects its exit status.
pid_t Start(const std::vector<std::string>& argv);
int WaitFor(pid_t pid);

std::string IndexBinary();  // the built facette-index
std::string QueryBinary();  // the built facette-query
std::string CorpusFile();   // corpus/articles.jsonl
std::string ReadWholeFile(const std::string& path);
void WriteWholeFile(const std::string& path, const std::string& contents);

// True when the build has AddressSanitizer: the time and memory bounds of
// the tests allow for its overhead (about 2-3x time, more memory).
bool Sanitized();

}  // namespace facette::test

#endif  // FACETTE_TESTS_SUPPORT_PROCESS_SUPPORT_H_
