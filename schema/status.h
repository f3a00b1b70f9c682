// Errors as values at library boundaries (after LevelDB's Status).
//
// A Status is either ok() or carries a code and a human-readable message.
// Library functions return Status or Result<T>; the executables' main()
// turns them into a message on stderr and an exit status, in one place.
#ifndef FACETTE_SCHEMA_STATUS_H_
#define FACETTE_SCHEMA_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace facette {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // the caller (user) asked for something malformed
    kNotFound,         // a file, database or record does not exist
    kIOError,          // reading or writing failed
    kSchemaMismatch,   // the database was made by another schema version
    kLocked,           // another process is writing the database
    kDatabaseError,    // any other Xapian error
  };

  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status SchemaMismatch(std::string msg) { return Status(Code::kSchemaMismatch, std::move(msg)); }
  static Status Locked(std::string msg) { return Status(Code::kLocked, std::move(msg)); }
  static Status DatabaseError(std::string msg) { return Status(Code::kDatabaseError, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace facette

#endif  // FACETTE_SCHEMA_STATUS_H_
