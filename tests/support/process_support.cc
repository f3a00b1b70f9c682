// Test support for running the executables (process_support.h).
#include "support/process_support.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace facette::test {
namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string pattern = (fs::temp_directory_path() / "facette-test-XXXXXX").string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteWholeFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
}

namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path, const std::vector<std::string>& env = {}) {
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const std::string& kv : env) putenv(const_cast<char*>(kv.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int StatusOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Measured RunMeasured(const std::vector<std::string>& argv, double deadline_seconds,
                     const std::vector<std::string>& env) {
  using Clock = std::chrono::steady_clock;
  ScratchDir capture;
  std::string out_path = capture.Path("out"), err_path = capture.Path("err");
  Clock::time_point start = Clock::now();
  pid_t pid = Spawn(argv, out_path, err_path, env);
  Measured m;
  int status = 0;
  struct rusage usage {};
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::duration<double>(Clock::now() - start).count() > deadline_seconds) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      m.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  m.exit_status = StatusOf(status);
  m.peak_rss_kb = usage.ru_maxrss;
  m.out = ReadWholeFile(out_path);
  m.err = ReadWholeFile(err_path);
  return m;
}

pid_t Start(const std::vector<std::string>& argv) { return Spawn(argv, "/dev/null", "/dev/null"); }

int WaitFor(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return StatusOf(status);
}

std::string IndexBinary() { return std::string(FACETTE_BINARY_DIR) + "/indexer/facette-index"; }
std::string QueryBinary() { return std::string(FACETTE_BINARY_DIR) + "/query/facette-query"; }
std::string CorpusFile() { return std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl"; }

bool Sanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace facette::test
