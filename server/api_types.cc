// The JSON error object and the mapping of library errors to statuses.
#include "server/api_types.h"

#include <string>

#include "query/json_writer.h"

namespace facette::server {

ApiResponse ErrorResponse(const ApiError& error) {
  ApiResponse response;
  response.status = error.status;
  JsonWriter json(response.body);
  json.BeginObject().Key("error").BeginObject();
  json.Key("code").String(error.code);
  json.Key("message").String(error.message);
  if (!error.parameter.empty()) json.Key("parameter").String(error.parameter);
  if (error.position) json.Key("position").Uint(*error.position);
  if (error.search) json.Key("search").Uint(*error.search);
  json.EndObject().EndObject();
  response.body += '\n';
  if (error.retry_after > 0) {
    response.headers.emplace_back("Retry-After", std::to_string(error.retry_after));
  }
  return response;
}

ApiError ErrorOfStatus(const Status& status) {
  ApiError error;
  error.code = CodeName(status.code());
  error.message = status.message();
  switch (status.code()) {
    case Status::Code::kBadQuery:
      error.status = 400;
      error.parameter = "q";
      error.position = status.position();
      break;
    case Status::Code::kInvalidArgument:
      error.status = 400;
      error.parameter = status.field() == "query" ? "q" : status.field();
      break;
    case Status::Code::kNotFound:
      error.status = 404;
      break;
    case Status::Code::kLocked:
      error.status = 503;
      error.retry_after = 1;
      break;
    default:
      error.status = 500;
      break;
  }
  return error;
}

}  // namespace facette::server
