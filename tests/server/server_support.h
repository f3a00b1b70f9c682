// Support for the tests of facette-serve: the real server as a child
// process on a free loopback port (read from its "listening on" line), an
// HTTP client on it, and a database made by the real facette-index.
// Every server started is stopped by its ServerProcess's destructor, which
// the fixtures' TearDown checks (LiveServers()), and dies with the test
// process if that one is killed first (PR_SET_PDEATHSIG).
#ifndef FACETTE_TESTS_SERVER_SERVER_SUPPORT_H_
#define FACETTE_TESTS_SERVER_SERVER_SUPPORT_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/process_support.h"

namespace facette::test {

std::string ServeBinary();  // the built facette-serve

// What an HTTP request got back.
struct Reply {
  int status = 0;  // 0: no answer (the connection failed)
  std::string body;
  std::multimap<std::string, std::string> headers;
  std::string Header(const std::string& name) const;
};

class ServerProcess {
 public:
  // Starts facette-serve --db `db` --listen 127.0.0.1:0 with `args` and
  // the environment variables `env` ("K=V"), and waits (at most 20 s) for
  // its "listening on http://127.0.0.1:PORT" line; the test fails when it
  // does not come (started() false).
  ServerProcess(const std::string& db, const std::vector<std::string>& args = {},
                const std::vector<std::string>& env = {});
  // Kills the server (SIGKILL) when it still runs, and reaps it.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& listening_line() const { return listening_line_; }

  Reply Get(const std::string& target,
            const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  // The body is sent as `content_type`.
  Reply Send(const std::string& method, const std::string& target, const std::string& body,
             const std::vector<std::pair<std::string, std::string>>& headers = {},
             const std::string& content_type = "application/json") const;

  // Sends `signal` and waits up to `seconds` for the exit; returns the exit
  // status (128 + signal when killed by one), -1 when it did not exit.
  int SignalAndWait(int signal, double seconds);
  // The server's standard error so far (its access log).
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  int port_ = -1;
  bool reaped_ = false;
  std::string listening_line_;
  std::unique_ptr<ScratchDir> capture_;
};

// Servers started by this process and not yet reaped.
int LiveServers();

// Indexes `jsonl` (a file) into `db` with the real facette-index (one job,
// no extraction, and `extra` options); the test fails unless it exits 0.
void IndexFile(const std::string& db, const std::string& jsonl,
               const std::vector<std::string>& extra = {});

// `text` percent-encoded for a URL's query string or path segment.
std::string UrlEncode(const std::string& text);

}  // namespace facette::test

#endif  // FACETTE_TESTS_SERVER_SERVER_SUPPORT_H_
