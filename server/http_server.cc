// cpp-httplib under the Api (http_server.h).
#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "server/http_connections.h"

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

// The methods routed to the Api (cpp-httplib refuses the others as 400).
bool IsRoutedMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "POST" || method == "PUT" ||
         method == "DELETE" || method == "OPTIONS" || method == "PATCH";
}

// The methods whose requests cpp-httplib reads a body for, with or without
// a Content-Length.
bool ExpectsBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

// A Content-Length that cannot frame a body (not a number, several that
// disagree: RFC 9112, 6.3) or announces one over `max_body` bytes: the error
// to answer at once, before any of the body is read (cpp-httplib would wait
// for the bytes announced until the request timeout).
std::optional<ApiError> CheckFraming(const httplib::Request& req, std::size_t max_body) {
  const std::size_t count = req.get_header_value_count("Content-Length");
  if (count == 0) return std::nullopt;
  const std::string value = req.get_header_value("Content-Length");
  ApiError error;
  error.status = 400;
  error.code = "bad_request";
  for (std::size_t i = 1; i < count; ++i) {
    if (req.get_header_value("Content-Length", i) != value) {
      error.message = "the request has several Content-Length headers that disagree";
      return error;
    }
  }
  if (value.empty() || value.size() > 19 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    error.message = "the Content-Length \"" + value + "\" is not a number of bytes";
    return error;
  }
  if (std::stoull(value) > max_body) {
    error.status = 413;
    error.code = "body_too_large";
    error.message = "the body is over the size limit";
    return error;
  }
  return std::nullopt;
}

ConnectionLimits LimitsOf(const ServerOptions& options) {
  ConnectionLimits limits;
  limits.threads = options.threads;
  limits.max_connections = options.limits.max_connections != 0 ? options.limits.max_connections
                                                               : std::size_t{2} * options.threads;
  limits.request_timeout_seconds = options.limits.request_timeout_seconds;
  limits.idle_timeout_seconds = options.limits.idle_timeout_seconds;
  return limits;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Api& served) : api(served), server(LimitsOf(served.options())) {}
  Api& api;
  ConnectionServer server;
  int port = -1;
  int socket = -1;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> finished{false};
};

HttpServer::HttpServer(Api& api) : impl_(std::make_unique<Impl>(api)) {
  httplib::Server& server = impl_->server;
  const ServerOptions& options = api.options();
  // Without it, Nagle's algorithm meets delayed ACKs on keep-alive
  // connections and every answer waits tens of milliseconds.
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(options.limits.max_body_bytes);
  // The socket cpp-httplib listens on, kept to raise its backlog after it
  // listens (Bind): Debian's build listens with a backlog of 5, and clients
  // that connect faster than that wait a second for their SYN to be sent
  // again. The options are the library's defaults (SO_REUSEADDR).
  server.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl_->socket = sock;
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
    if (impl_->server.Draining()) {
      // The connection closes after this answer: the client must not send
      // another request on it.
      res.set_header("Connection", "close");
      ConnectionServer::CloseAfterAnswer();
    }
    if (!response.content_type.empty()) {
      res.set_content(std::move(response.body), response.content_type.c_str());
    }
  };
  server.set_pre_routing_handler(
      [this, handler](const httplib::Request& req, httplib::Response& res) {
        request_start = std::chrono::steady_clock::now();
        request_route = "other";
        if (!ConnectionServer::RefusingConnection()) {
          // The body's framing, checked before cpp-httplib reads the body.
          std::optional<ApiError> framing =
              CheckFraming(req, impl_->api.options().limits.max_body_bytes);
          if (framing.has_value()) {
            // The body (if any) is not read: the connection closes after this.
            ApiResponse response = ErrorResponse(*framing);
            Record(impl_->api, response.status);
            res.status = response.status;
            res.set_header("Connection", "close");
            res.set_content(response.body, "application/json");
            ConnectionServer::CloseAfterAnswer();
            return httplib::Server::HandlerResponse::Handled;
          }
          if (ExpectsBody(req.method) && !req.has_header("Content-Length") &&
              !req.has_header("Transfer-Encoding")) {
            // No length and no chunks: no body (RFC 9112, 6.3). cpp-httplib
            // would read one until the connection closes, i.e. the timeout.
            handler(req, res, std::string());
            return httplib::Server::HandlerResponse::Handled;
          }
          return httplib::Server::HandlerResponse::Unhandled;
        }
        ApiError error;
        error.status = 503;
        error.code = "too_many_connections";
        error.message = "the server has as many connections open as it takes: retry after a moment";
        error.retry_after = 1;
        ApiResponse response = ErrorResponse(error);
        Record(impl_->api, response.status);
        res.status = response.status;
        for (const auto& [name, value] : response.headers) res.set_header(name, value);
        res.set_content(response.body, "application/json");
        return httplib::Server::HandlerResponse::Handled;
      });
  // Every method and path goes to the Api, which knows the routes (and so
  // answers 404 and 405 itself). Bodies are read through a content reader:
  // the body is the Api's whatever its Content-Type (cpp-httplib would
  // parse a form body, which curl -d sends, into the parameters, and refuse
  // one over 8 KiB); the size limit still applies (413).
  auto without_body = [handler](const httplib::Request& req, httplib::Response& res) {
    handler(req, res, std::string());
  };
  const std::size_t max_body = options.limits.max_body_bytes;
  auto with_body = [handler, max_body](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& reader) {
    std::string body;
    bool too_large = false;
    const bool read = reader([&](const char* data, std::size_t length) {
      // A chunked body has no length to check first: its size is, as it comes.
      if (length > max_body - body.size()) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large) res.status = 413;
    if (!read || too_large) {
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
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [this, handler](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 400 && !req.method.empty() && !req.path.empty() &&
            !IsRoutedMethod(req.method)) {
          // A method no route takes (TRACE, FOO), which cpp-httplib refuses
          // as unreadable: the Api answers it (405 with the route's Allow, or
          // 404). A body it may have is not read: the connection closes.
          handler(req, res, std::string());
          res.set_header("Connection", "close");
          ConnectionServer::CloseAfterAnswer();
          return httplib::Server::HandlerResponse::Handled;
        }
        // An answer cpp-httplib made itself (a request it cannot read, a body
        // over the limit): counted like the others; what is left of the
        // request is not read, so the connection closes after it.
        request_route = "other";
        Record(impl_->api, res.status);
        res.set_header("Connection", "close");
        ConnectionServer::CloseAfterAnswer();
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
    // A request cpp-httplib could not read has no method or path: "-".
    std::fprintf(stderr, "%s %s %d %.2fms\n", req.method.empty() ? "-" : req.method.c_str(),
                 path.empty() ? "-" : path.c_str(), res.status, seconds * 1000);
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
  // Idle connections close now, busy ones after their answer: the stop
  // never waits for a keep-alive connection's idle timeout.
  impl_->server.Drain();
  // cpp-httplib's stop() does nothing before its loop runs: wait for it.
  while (!impl_->server.is_running() && !impl_->finished && impl_->port > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->server.stop();
}

}  // namespace facette::server
