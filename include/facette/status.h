// SPDX-License-Identifier: GPL-2.0-or-later
// facette: errors as values.
//
// Every fallible call of the library returns a Status, or a Result<T> that
// holds either a T or the Status saying why there is none. Nothing in the
// library throws for a condition a caller can meet in normal use (a bad
// query, a missing database, a locked one); std::bad_alloc may still pass
// through.
#ifndef FACETTE_STATUS_H_
#define FACETTE_STATUS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "facette/export.h"

namespace facette {

/// The outcome of an operation: ok, or an error kind a caller can branch on
/// with a message for people.
class Status {
 public:
  enum class Code {
    kOk = 0,
    /// A request or an input is malformed: a bad date, an unknown facet
    /// name, an empty filter value. field() names what was wrong.
    kInvalidArgument,
    /// The free-text query cannot be read. position() is the byte offset of
    /// the problem in the query.
    kBadQuery,
    /// A database, file, or article does not exist.
    kNotFound,
    /// The process may not read or write a path (EACCES, EPERM, EROFS).
    kPermissionDenied,
    /// Another process holds the database's writer lock.
    kLocked,
    /// The database was written by a facette whose schema or analyzer
    /// differs from this one's: re-index into a new database.
    kVersionMismatch,
    /// Reading or writing a file failed (disk full, I/O error).
    kIOError,
    /// Any other error of the database engine (corruption, ...).
    kDatabaseError,
  };

  /// An ok status.
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::string field = {}) {
    Status s(Code::kInvalidArgument, std::move(message));
    s.field_ = std::move(field);
    return s;
  }
  static Status BadQuery(std::string message, std::size_t position) {
    Status s(Code::kBadQuery, std::move(message));
    s.position_ = position;
    return s;
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(Code::kPermissionDenied, std::move(message));
  }
  static Status Locked(std::string message) { return Status(Code::kLocked, std::move(message)); }
  static Status VersionMismatch(std::string message) {
    return Status(Code::kVersionMismatch, std::move(message));
  }
  static Status IOError(std::string message) { return Status(Code::kIOError, std::move(message)); }
  static Status DatabaseError(std::string message) {
    return Status(Code::kDatabaseError, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  /// What went wrong, for people: names the path, record, or value at
  /// fault; never a command-line option (callers add their own words).
  const std::string& message() const { return message_; }
  /// kInvalidArgument: the request field at fault ("from", "person",
  /// "facets", ...), or "" when the error is not about one field.
  const std::string& field() const { return field_; }
  /// kBadQuery: byte offset of the problem in the query string.
  std::optional<std::size_t> position() const { return position_; }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
  std::optional<std::size_t> position_;
};

/// A stable lower-case name of a code ("invalid_argument", "bad_query",
/// "not_found", ...), for logs and JSON error objects.
FACETTE_EXPORT const char* CodeName(Status::Code code);

/// A T, or the Status that explains why there is none. Accessing value()
/// of a failed Result is undefined: test ok() first.
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
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace facette

#endif  // FACETTE_STATUS_H_
