// A stock xapian-tcpsrv for the tests (tcp_server.h).
#include "scale/tcp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace facette::test {

unsigned FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

TcpServer::TcpServer(const std::string& db) {
  // Another process may take the free port before the server does: a few
  // attempts.
  std::string output;
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreePort();
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::setpgid(0, 0);
      // A test process that dies takes its server with it.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(out[1], 1);
      ::dup2(out[1], 2);
      ::close(out[0]);
      ::close(out[1]);
      ::execl(XAPIAN_TCPSRV, XAPIAN_TCPSRV, "--interface", "127.0.0.1", "--port", port.c_str(),
              db.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);
    ::close(out[1]);
    output.clear();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool listening = false;
    while (!listening && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buffer[512];
      const ssize_t n = ::read(out[0], buffer, sizeof buffer);
      if (n <= 0) break;  // the server ended
      output.append(buffer, static_cast<std::size_t>(n));
      listening = output.find("Listening...") != std::string::npos;
    }
    // The read end stays open while the server runs: what it prints later
    // must not kill it with SIGPIPE.
    output_fd_ = out[0];
    if (listening) return;
    Kill();
  }
  throw std::runtime_error("xapian-tcpsrv did not start: " + output);
}

TcpServer::~TcpServer() { Kill(); }

std::string TcpServer::StubLine() const { return "remote 127.0.0.1:" + std::to_string(port_); }

void TcpServer::Kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (output_fd_ >= 0) ::close(output_fd_);
  output_fd_ = -1;
}

}  // namespace facette::test
