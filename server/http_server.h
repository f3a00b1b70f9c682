// The HTTP layer of facette-serve: cpp-httplib carries the requests to the
// Api and its answers back, writes the access log and records the metrics.
// Only this file pair knows the HTTP library.
#ifndef FACETTE_SERVER_HTTP_SERVER_H_
#define FACETTE_SERVER_HTTP_SERVER_H_

#include <memory>
#include <string>

#include "facette/status.h"
#include "server/api.h"

namespace facette::server {

class HttpServer {
 public:
  explicit HttpServer(Api& api);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens on the options' host and port (port 0: any free
  /// one); kIOError naming the address when it cannot.
  Status Bind();
  /// The port bound.
  int port() const;
  /// Accepts and serves until Stop(); then waits for the requests in
  /// flight to be answered.
  void Run();
  /// Stops accepting connections; Run returns once the requests in flight
  /// are answered. Safe from any thread, once Run has started or not.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facette::server

#endif  // FACETTE_SERVER_HTTP_SERVER_H_
