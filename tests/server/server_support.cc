// Support for the tests of facette-serve (server_support.h).
#include "server/server_support.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace facette::test {
namespace {

std::atomic<int> live_servers{0};

int StatusOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string ServeBinary() { return std::string(FACETTE_BINARY_DIR) + "/server/facette-serve"; }

std::string Reply::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

int LiveServers() { return live_servers.load(); }

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& args,
                             const std::vector<std::string>& env)
    : capture_(std::make_unique<ScratchDir>()) {
  std::vector<std::string> argv = {ServeBinary(), "--db", db, "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), args.begin(), args.end());
  int out_pipe[2];
  if (pipe(out_pipe) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  const std::string err_path = capture_->Path("stderr");
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // The server dies with the test process, even when that one is killed
    // or crashes before its destructors run.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int in = open("/dev/null", O_RDONLY);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out_pipe[1], 1);
    dup2(err, 2);
    close(out_pipe[0]);
    close(out_pipe[1]);
    for (const std::string& kv : env) putenv(const_cast<char*>(kv.c_str()));
    std::vector<char*> c_args;
    for (const std::string& a : argv) c_args.push_back(const_cast<char*>(a.c_str()));
    c_args.push_back(nullptr);
    execv(c_args[0], c_args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  ++live_servers;
  // Read the first line, with a deadline.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  while (std::chrono::steady_clock::now() < deadline && line.find('\n') == std::string::npos) {
    char buffer[256];
    ssize_t got = read(out_pipe[0], buffer, sizeof buffer);
    if (got > 0) {
      line.append(buffer, static_cast<std::size_t>(got));
    } else if (got == 0) {
      break;  // the server exited
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  close(out_pipe[0]);
  listening_line_ = line.substr(0, line.find('\n'));
  const std::string prefix = "listening on http://127.0.0.1:";
  if (listening_line_.rfind(prefix, 0) == 0) {
    port_ = std::atoi(listening_line_.c_str() + prefix.size());
  }
  if (port_ <= 0) {
    ADD_FAILURE() << "facette-serve did not say it listens: \"" << listening_line_
                  << "\"; stderr: " << Stderr();
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    --live_servers;
  }
}

int ServerProcess::SignalAndWait(int signal, double seconds) {
  if (pid_ <= 0 || reaped_) return -1;
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      --live_servers;
      return StatusOf(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

std::string ServerProcess::Stderr() const { return ReadWholeFile(capture_->Path("stderr")); }

namespace {

Reply ReplyOf(const httplib::Result& result) {
  Reply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = result->body;
  for (const auto& [name, value] : result->headers) reply.headers.emplace(name, value);
  return reply;
}

httplib::Headers HeadersOf(const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Headers out;
  for (const auto& [name, value] : headers) out.emplace(name, value);
  return out;
}

}  // namespace

Reply ServerProcess::Get(const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& headers) const {
  return Send("GET", target, "", headers);
}

Reply ServerProcess::Send(const std::string& method, const std::string& target,
                          const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& content_type) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(5);
  client.set_url_encode(false);  // targets come encoded, or raw on purpose
  client.set_read_timeout(60);
  client.set_write_timeout(60);
  httplib::Headers h = HeadersOf(headers);
  const char* type = content_type.c_str();
  if (method == "GET") return ReplyOf(client.Get(target, h));
  if (method == "HEAD") return ReplyOf(client.Head(target, h));
  if (method == "POST") return ReplyOf(client.Post(target, h, body, type));
  if (method == "PUT") return ReplyOf(client.Put(target, h, body, type));
  if (method == "DELETE") return ReplyOf(client.Delete(target, h, body, type));
  if (method == "OPTIONS") return ReplyOf(client.Options(target, h));
  if (method == "PATCH") return ReplyOf(client.Patch(target, h, body, type));
  ADD_FAILURE() << "no method " << method << " in the test client";
  return Reply{};
}

void IndexFile(const std::string& db, const std::string& jsonl,
               const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {IndexBinary(), "--db",      db,      "--jobs",
                                   "1",           "--extract", "never", "--quiet"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(jsonl);
  Measured run = RunMeasured(argv, 120);
  ASSERT_EQ(run.exit_status, 0) << run.err;
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace facette::test
