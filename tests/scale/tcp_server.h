// A stock xapian-tcpsrv serving one database on a free loopback port, for
// the tests of sharded search. Started in a process group of its own (the
// server forks a child per connection), and that whole group is killed
// when the object is destroyed, so that no server outlives a test, even
// a failed one.
#ifndef FACETTE_TESTS_SCALE_TCP_SERVER_H_
#define FACETTE_TESTS_SCALE_TCP_SERVER_H_

#include <sys/types.h>

#include <string>

namespace facette::test {

// A port nothing listens on now (the kernel's choice for port 0).
unsigned FreePort();

class TcpServer {
 public:
  // Starts a server of `db` and waits until it listens; throws
  // std::runtime_error (with what the server printed) when it does not.
  explicit TcpServer(const std::string& db);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  unsigned port() const { return port_; }
  // "remote 127.0.0.1:PORT", a line of a stub file.
  std::string StubLine() const;
  // Kills the server and the children serving open connections (SIGKILL).
  void Kill();

 private:
  pid_t pid_ = -1;
  unsigned port_ = 0;
  int output_fd_ = -1;
};

}  // namespace facette::test

#endif  // FACETTE_TESTS_SCALE_TCP_SERVER_H_
