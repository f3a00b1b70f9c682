// A program run in the background for the replica tests (xapian-replicate-
// server, scripts/run-replica.sh): in a process group of its own, with
// extra environment variables, its output to a file; the whole group (a
// script and the programs it runs) is stopped when the object is
// destroyed, so that nothing outlives a test, even a failed one.
#ifndef FACETTE_TESTS_SCALE_PROCESS_GROUP_H_
#define FACETTE_TESTS_SCALE_PROCESS_GROUP_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace facette::test {

class ProcessGroup {
 public:
  // Starts `argv` (argv[0] a path) with `env` ("K=V") added to this
  // process's environment, standard output and error appended to `log`.
  ProcessGroup(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& log);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  // SIGTERM to the group, then SIGKILL after 10 s; the leader's exit
  // status (128 + the signal when killed by one), -1 when already stopped.
  int Stop();

 private:
  pid_t pid_ = -1;
};

// True once something accepts connections on 127.0.0.1:`port`, false after
// `seconds`.
bool WaitForPort(unsigned port, double seconds);

}  // namespace facette::test

#endif  // FACETTE_TESTS_SCALE_PROCESS_GROUP_H_
