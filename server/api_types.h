// A request and a response of the HTTP API, independent of the HTTP library
// that carries them, and the JSON error every failure answers with.
#ifndef FACETTE_SERVER_API_TYPES_H_
#define FACETTE_SERVER_API_TYPES_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "facette/status.h"

namespace facette::server {

struct ApiRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< decoded, without the query string
  /// The query string's parameters, decoded, in order; a name may repeat.
  std::vector<std::pair<std::string, std::string>> params;
  /// "Authorization" and "Origin" headers, "" when absent.
  std::string authorization;
  std::string origin;
  std::string body;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// Extra headers ("Retry-After", "Allow", "WWW-Authenticate").
  std::vector<std::pair<std::string, std::string>> headers;
  /// The route's pattern for the metrics ("/articles/{id}"), "other" for a
  /// path no route has.
  std::string route = "other";
};

/// A failure of a request: its HTTP status and the JSON error object
/// {"error": {"code", "message", ...}}, with optional members: the
/// parameter at fault, the byte position in the query, the search of a
/// multi-search.
struct ApiError {
  int status = 400;
  std::string code;
  std::string message;
  std::string parameter;
  std::optional<std::size_t> position;
  std::optional<std::size_t> search;
  /// Seconds a client should wait before retrying (503).
  int retry_after = 0;
};

ApiResponse ErrorResponse(const ApiError& error);

/// The error for a failed Status of the library: 400 for what the request
/// asked (bad query, bad filter), 404 for what does not exist, 503 for a
/// locked database, 500 for the database failing.
ApiError ErrorOfStatus(const Status& status);

}  // namespace facette::server

#endif  // FACETTE_SERVER_API_TYPES_H_
