// The connections of facette-serve: cpp-httplib's Server with its own
// connection handling, which the library's defaults lack:
// - a limit on open connections: one over it is answered 503 (the request
//   handler asks RefusingConnection()) on a thread of its own, then closed,
//   instead of waiting silently for a worker;
// - a deadline per request: its headers and body must arrive within the
//   request timeout however slowly they trickle in (cpp-httplib's timeout
//   is per read), and its answer must leave within it;
// - an idle keep-alive connection gives its worker up when connections wait
//   for one, and at once when the server drains (Drain), so that a stop
//   never waits for the idle timeout.
// The requests themselves are read, routed and answered by cpp-httplib.
// With http_server.h, the only file pair that knows the HTTP library.
#ifndef FACETTE_SERVER_HTTP_CONNECTIONS_H_
#define FACETTE_SERVER_HTTP_CONNECTIONS_H_

#include <httplib.h>

#include <atomic>
#include <cstddef>

namespace facette::server {

struct ConnectionLimits {
  /// Worker threads: connections served at once.
  unsigned threads = 1;
  /// Connections open at once, served or waiting for a worker.
  std::size_t max_connections = 2;
  /// Seconds to receive a request and to send its answer.
  int request_timeout_seconds = 10;
  /// Seconds an idle keep-alive connection stays open.
  int idle_timeout_seconds = 5;
  /// Requests on one connection before it is closed.
  std::size_t max_requests_per_connection = 1000;
};

class ConnectionServer : public httplib::Server {
 public:
  explicit ConnectionServer(const ConnectionLimits& limits);
  ~ConnectionServer() override;

  /// From now on idle connections are closed at once, and every other one
  /// after the answer it is reading or sending. Safe from any thread.
  void Drain();

  /// True on the thread answering a connection over the limit: the request
  /// handler answers it 503 without running it.
  static bool RefusingConnection();

  /// Called by a handler on the thread answering a request: the connection
  /// closes after this answer (which should say "Connection: close"), e.g.
  /// when a body it did not read would follow.
  static void CloseAfterAnswer();

  /// True once Drain was called: an answer should say "Connection: close".
  bool Draining() const { return draining_.load(); }

  /// Connections open (served or waiting for a worker).
  std::size_t OpenConnections() const { return open_.load(); }

 private:
  class Pool;

  bool process_and_close_socket(socket_t sock) override;
  bool Serve(socket_t sock);
  bool Refuse(socket_t sock);
  // Waits for the next request's first bytes: false when the connection is
  // to close instead (idle timeout, draining, closed by the client, or idle
  // after an answer while other connections wait for a worker). `first`:
  // no request has come on the connection yet.
  bool WaitForRequest(socket_t sock, bool first);

  const ConnectionLimits limits_;
  std::atomic<std::size_t> open_{0};     // accepted and not yet closed
  std::atomic<std::size_t> waiting_{0};  // accepted, waiting for a worker
  std::atomic<std::size_t> busy_{0};     // workers holding a connection
  std::atomic<bool> draining_{false};
  int wake_fd_ = -1;  // an eventfd, readable once draining
};

}  // namespace facette::server

#endif  // FACETTE_SERVER_HTTP_CONNECTIONS_H_
