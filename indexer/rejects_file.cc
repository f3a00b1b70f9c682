// The rejects file (rejects_file.h).
#include "indexer/rejects_file.h"

#include <cerrno>
#include <cstring>

namespace facette {

Status RejectsFile::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "ab");
  if (file_ == nullptr) {
    return Status::IOError(path + ": cannot open rejects file (" + std::strerror(errno) + ")");
  }
  return Status::Ok();
}

void RejectsFile::Append(std::string_view record) {
  if (file_ == nullptr || error_ != 0) return;
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size() ||
      std::fputc('\n', file_) == EOF) {
    error_ = errno;
  }
}

Status RejectsFile::Close() {
  if (file_ != nullptr) {
    if (std::fflush(file_) != 0 && error_ == 0) error_ = errno;
    if (std::fclose(file_) != 0 && error_ == 0) error_ = errno;
    file_ = nullptr;
  }
  if (error_ == 0) return Status::Ok();
  return Status::IOError(path_ + ": cannot write the rejected records (" + std::strerror(error_) +
                         "); the other records are indexed and committed");
}

}  // namespace facette
