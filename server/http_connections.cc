// The connections of facette-serve (http_connections.h).
#include "server/http_connections.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace facette::server {
namespace {

using Clock = std::chrono::steady_clock;

// What the thread running a connection's task does with it.
enum class Mode {
  kServe,   // serve its requests (a worker)
  kRefuse,  // answer its first request 503, then close (over the limit)
  kDrop,    // close it at once (over the limit, and too many refusals queued)
};
thread_local Mode connection_mode = Mode::kServe;
// Set by CloseAfterAnswer for the request being answered on this thread.
thread_local bool close_after_answer = false;

// Connections over the limit waiting for their 503; more are closed at once.
constexpr std::size_t kMaxRefusals = 64;
// A refused connection's answer leaves within this, and the refusal thread
// reads what the client still sends for at most kLingerTime before it
// closes (closing with unread bytes would reset the connection and could
// destroy the answer before the client reads it).
constexpr auto kRefusalTime = std::chrono::seconds(2);
constexpr auto kLingerTime = std::chrono::milliseconds(200);
// An idle connection checks this often whether connections wait for a
// worker (an idle connection then gives its worker up).
constexpr auto kIdleSlice = std::chrono::milliseconds(100);

int MillisecondsUntil(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

// Waits until `sock` is ready for `events` or `deadline` passes.
bool WaitFor(int sock, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd fd{sock, events, 0};
    const int ready = poll(&fd, 1, MillisecondsUntil(deadline));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

void AddressOf(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  const int got = peer ? getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length)
                       : getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length);
  if (got != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

// A connection's socket as cpp-httplib reads and writes it: buffered
// reads (cpp-httplib reads the headers a byte at a time), and a deadline
// per request for the reads and another for the writes, whatever the
// number of reads or writes.
class ConnectionStream final : public httplib::Stream {
 public:
  explicit ConnectionStream(int sock) : sock_(sock) {}

  void StartRequest(Clock::duration timeout) {
    timeout_ = timeout;
    read_deadline_ = Clock::now() + timeout;
    write_deadline_.reset();
  }
  bool Buffered() const { return begin_ < end_; }

  bool is_readable() const override { return Buffered() || WaitFor(sock_, POLLIN, read_deadline_); }
  bool is_writable() const override { return WaitFor(sock_, POLLOUT, WriteDeadline()); }

  ssize_t read(char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (Buffered()) return TakeBuffered(ptr, size);
    const bool direct = size >= sizeof buffer_;
    for (;;) {
      const ssize_t got =
          recv(sock_, direct ? ptr : buffer_, direct ? size : sizeof buffer_, MSG_DONTWAIT);
      if (got >= 0) {
        if (direct || got == 0) return got;
        begin_ = 0;
        end_ = static_cast<std::size_t>(got);
        return TakeBuffered(ptr, size);
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (!WaitFor(sock_, POLLIN, read_deadline_)) return -1;
    }
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!write_deadline_) write_deadline_ = Clock::now() + timeout_;
    for (;;) {
      const ssize_t sent = send(sock_, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (sent >= 0) return sent;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (!WaitFor(sock_, POLLOUT, *write_deadline_)) return -1;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(sock_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(sock_, false, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  Clock::time_point WriteDeadline() const {
    return write_deadline_ ? *write_deadline_ : Clock::now() + timeout_;
  }
  ssize_t TakeBuffered(char* ptr, std::size_t size) {
    const std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  const int sock_;
  Clock::duration timeout_ = std::chrono::seconds(10);
  Clock::time_point read_deadline_ = Clock::now() + timeout_;
  std::optional<Clock::time_point> write_deadline_;
  char buffer_[4096];
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

// Closes `sock` after an answer the client may not have finished sending
// its request for: closing with unread bytes would reset the connection and
// could destroy the answer before the client reads it, so what it still
// sends is read and dropped for at most kLingerTime first.
void LingerAndClose(int sock) {
  shutdown(sock, SHUT_WR);
  const auto linger = Clock::now() + kLingerTime;
  char discard[4096];
  while (WaitFor(sock, POLLIN, linger) && recv(sock, discard, sizeof discard, MSG_DONTWAIT) > 0) {
  }
  close(sock);
}

}  // namespace

// The workers, and the thread that answers the connections over the limit.
// cpp-httplib makes it when it starts listening, calls enqueue on its
// accepting thread for each connection, and shutdown when it stops.
class ConnectionServer::Pool : public httplib::TaskQueue {
 public:
  explicit Pool(ConnectionServer& server) : server_(server) {
    for (unsigned i = 0; i < server.limits_.threads; ++i) {
      threads_.emplace_back([this] { Work(jobs_, jobs_ready_, true); });
    }
    threads_.emplace_back([this] { Work(refusals_, refusals_ready_, false); });
  }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (server_.open_.load() < server_.limits_.max_connections) {
        server_.open_.fetch_add(1);
        server_.waiting_.fetch_add(1);
        jobs_.emplace_back(Mode::kServe, std::move(fn));
      } else {
        refusals_.emplace_back(refusals_.size() < kMaxRefusals ? Mode::kRefuse : Mode::kDrop,
                               std::move(fn));
      }
    }
    jobs_ready_.notify_one();
    refusals_ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    jobs_ready_.notify_all();
    refusals_ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  using Job = std::pair<Mode, std::function<void()>>;

  void Work(std::deque<Job>& queue, std::condition_variable& ready, bool serving) {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready.wait(lock, [&] { return !queue.empty() || shutdown_; });
        if (queue.empty()) return;  // shutting down, and every job done
        job = std::move(queue.front());
        queue.pop_front();
      }
      if (serving) {
        server_.busy_.fetch_add(1);
        server_.waiting_.fetch_sub(1);
      }
      connection_mode = job.first;
      job.second();  // process_and_close_socket
      if (serving) server_.busy_.fetch_sub(1);
    }
  }

  ConnectionServer& server_;
  std::mutex mutex_;
  std::condition_variable jobs_ready_;
  std::condition_variable refusals_ready_;
  std::deque<Job> jobs_;
  std::deque<Job> refusals_;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

ConnectionServer::ConnectionServer(const ConnectionLimits& limits)
    : limits_(limits), wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  new_task_queue = [this] { return new Pool(*this); };
}

ConnectionServer::~ConnectionServer() {
  if (wake_fd_ >= 0) close(wake_fd_);
}

void ConnectionServer::Drain() {
  draining_ = true;
  // Never read: stays readable, and wakes every connection waiting for a
  // request.
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) {
    const ssize_t written = ::write(wake_fd_, &one, sizeof one);
    static_cast<void>(written);
  }
}

bool ConnectionServer::RefusingConnection() { return connection_mode == Mode::kRefuse; }

void ConnectionServer::CloseAfterAnswer() { close_after_answer = true; }

bool ConnectionServer::process_and_close_socket(socket_t sock) {
  switch (connection_mode) {
    case Mode::kServe:
      return Serve(sock);
    case Mode::kRefuse:
      return Refuse(sock);
    case Mode::kDrop:
      break;
  }
  close(sock);
  return false;
}

bool ConnectionServer::WaitForRequest(socket_t sock, bool first) {
  const auto deadline = Clock::now() + std::chrono::seconds(limits_.idle_timeout_seconds);
  for (;;) {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return false;
    pollfd fds[2] = {{sock, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const auto slice = std::min<Clock::duration>(left, kIdleSlice);
    const int ready =
        poll(fds, 2, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count()));
    if (ready < 0 && errno != EINTR) return false;
    // Bytes of a request have arrived: serve it, even when draining (it
    // is in flight).
    if ((fds[0].revents & POLLIN) != 0) return true;
    if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return false;
    if (draining_) return false;
    // Idle a whole slice after an answer, while a connection waits because
    // every worker holds one: give this worker to it. (A new connection is
    // never dropped so: its request may just be slow to come.)
    if (ready == 0 && !first && waiting_.load() > 0 && busy_.load() >= limits_.threads) {
      return false;
    }
  }
}

bool ConnectionServer::Serve(socket_t sock) {
  const int yes = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  ConnectionStream stream(sock);
  bool served = false;
  for (std::size_t left = limits_.max_requests_per_connection; left > 0; --left) {
    const bool first = left == limits_.max_requests_per_connection;
    if (!stream.Buffered() && !WaitForRequest(sock, first)) break;
    stream.StartRequest(std::chrono::seconds(limits_.request_timeout_seconds));
    bool closed = false;
    close_after_answer = false;
    served = process_request(stream, left == 1 || draining_, closed, nullptr);
    if (close_after_answer) {
      // Part of the request was left unread (a body over the limit): the
      // answer first, then what the client still sends is dropped.
      LingerAndClose(sock);
      open_.fetch_sub(1);
      return served;
    }
    if (!served || closed) break;
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  open_.fetch_sub(1);
  return served;
}

bool ConnectionServer::Refuse(socket_t sock) {
  ConnectionStream stream(sock);
  stream.StartRequest(kRefusalTime);
  bool closed = false;
  const bool answered = process_request(stream, true, closed, nullptr);
  LingerAndClose(sock);
  return answered;
}

}  // namespace facette::server
