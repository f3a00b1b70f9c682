// cpp-httplib under the Api (http_server.h).
#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

namespace facette::server {
namespace {

// The request a worker thread is answering: when it started and its route,
// for the access log and the metrics (cpp-httplib calls the logger on the
// thread that answered).
thread_local std::chrono::steady_clock::time_point request_start = std::chrono::steady_clock::now();
thread_local std::string request_route = "other";

// The JSON error for an answer cpp-httplib makes itself (a malformed
// request, a body over the limit, a URI too long).
std::string CodeOfStatus(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "timeout";
    case 413:
      return "body_too_large";
    case 414:
      return "uri_too_long";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

constexpr int kListenBacklog = 1024;

// Every path, control characters included (std::regex's "." does not match
// a newline, which a percent-encoded id may hold).
const char* const kAnyPath = "[\\s\\S]*";

// The metrics of a request, recorded before its answer is sent, so that a
// client that reads /metrics after an answer finds it counted.
void Record(Api& api, int status) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
  api.metrics().RecordRequest(request_route, status, seconds);
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Api& served) : api(served) {}
  Api& api;
  httplib::Server server;
  int port = -1;
  int socket = -1;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> finished{false};
};

HttpServer::HttpServer(Api& api) : impl_(std::make_unique<Impl>(api)) {
  httplib::Server& server = impl_->server;
  const ServerOptions& options = api.options();
  const unsigned threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without it, Nagle's algorithm meets delayed ACKs on keep-alive
  // connections and every answer waits tens of milliseconds.
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(options.limits.max_body_bytes);
  server.set_read_timeout(options.limits.request_timeout_seconds, 0);
  server.set_write_timeout(options.limits.request_timeout_seconds, 0);
  server.set_keep_alive_timeout(options.limits.idle_timeout_seconds);
  server.set_keep_alive_max_count(1000);
  // The socket cpp-httplib listens on, kept to raise its backlog after it
  // listens (Bind): Debian's build listens with a backlog of 5, and clients
  // that connect faster than that wait a second for their SYN to be sent
  // again. The options are the library's defaults (SO_REUSEADDR).
  server.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl_->socket = sock;
  });

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    request_route = "other";
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto handler = [this](const httplib::Request& req, httplib::Response& res, std::string body) {
    ApiRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.params.emplace_back(name, value);
    request.authorization = req.get_header_value("Authorization");
    request.origin = req.get_header_value("Origin");
    request.body = std::move(body);
    ApiResponse response = impl_->api.Handle(request);
    request_route = response.route;
    Record(impl_->api, response.status);
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    if (!response.content_type.empty()) {
      res.set_content(std::move(response.body), response.content_type.c_str());
    }
  };
  // Every method and path goes to the Api, which knows the routes (and so
  // answers 404 and 405 itself). Bodies are read through a content reader:
  // the body is the Api's whatever its Content-Type (cpp-httplib would
  // parse a form body, which curl -d sends, into the parameters, and refuse
  // one over 8 KiB); the size limit still applies (413).
  auto without_body = [handler](const httplib::Request& req, httplib::Response& res) {
    handler(req, res, std::string());
  };
  auto with_body = [handler](const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& reader) {
    std::string body;
    const bool read = reader([&body](const char* data, std::size_t length) {
      body.append(data, length);
      return true;
    });
    if (!read) {
      // Over the limit (cpp-httplib set 413), or cut short: the error
      // handler writes the JSON error.
      if (res.status < 400) res.status = 400;
      return;
    }
    handler(req, res, std::move(body));
  };
  server.Get(kAnyPath, without_body);
  server.Options(kAnyPath, without_body);
  server.Post(kAnyPath, with_body);
  server.Put(kAnyPath, with_body);
  server.Delete(kAnyPath, with_body);
  server.Patch(kAnyPath, with_body);
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        ApiError error;
        error.status = res.status;
        error.code = CodeOfStatus(res.status);
        error.message = res.status == 413 ? "the body is over the size limit"
                                          : "the request cannot be read (HTTP status " +
                                                std::to_string(res.status) + ")";
        ApiResponse response = ErrorResponse(error);
        res.set_content(response.body, "application/json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        ApiError error;
        error.status = 500;
        error.code = "internal";
        error.message = "internal error";
        res.status = 500;
        res.set_content(ErrorResponse(error).body, "application/json");
      });
  const bool quiet = options.quiet;
  server.set_logger([quiet](const httplib::Request& req, const httplib::Response& res) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
    request_route = "other";  // for an answer cpp-httplib makes before routing
    if (quiet) return;
    // The path as received, which may hold any byte: control characters
    // and non-ASCII bytes as \xHH, so that a log line stays one line.
    std::string path;
    for (unsigned char c : req.path) {
      if (c < 0x20 || c >= 0x7F || c == '\\') {
        char escape[5];
        std::snprintf(escape, sizeof escape, "\\x%02X", c);
        path += escape;
      } else {
        path += static_cast<char>(c);
      }
    }
    std::fprintf(stderr, "%s %s %d %.2fms\n", req.method.c_str(), path.c_str(), res.status,
                 seconds * 1000);
  });
}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind() {
  const ServerOptions& options = impl_->api.options();
  const std::string address = options.host + ":" + std::to_string(options.port);
  if (options.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(options.host);
  } else if (impl_->server.bind_to_port(options.host, options.port)) {
    impl_->port = options.port;
  }
  if (impl_->port <= 0) return Status::IOError("cannot listen on " + address);
  if (impl_->socket >= 0) listen(impl_->socket, kListenBacklog);
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Run() {
  if (!impl_->stop_requested) impl_->server.listen_after_bind();
  impl_->finished = true;
}

void HttpServer::Stop() {
  impl_->stop_requested = true;
  // cpp-httplib's stop() does nothing before its loop runs: wait for it.
  while (!impl_->server.is_running() && !impl_->finished && impl_->port > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->server.stop();
}

}  // namespace facette::server
