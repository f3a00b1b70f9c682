// Names of the status codes (facette/status.h).
#include "facette/status.h"

namespace facette {

const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kInvalidArgument:
      return "invalid_argument";
    case Status::Code::kBadQuery:
      return "bad_query";
    case Status::Code::kNotFound:
      return "not_found";
    case Status::Code::kPermissionDenied:
      return "permission_denied";
    case Status::Code::kLocked:
      return "locked";
    case Status::Code::kVersionMismatch:
      return "version_mismatch";
    case Status::Code::kIOError:
      return "io_error";
    case Status::Code::kDatabaseError:
      return "database_error";
  }
  return "unknown";
}

}  // namespace facette
