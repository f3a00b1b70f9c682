// The rejects file of an import: rejected JSON Lines records appended byte
// for byte, each with a newline, to fix and feed again. A write error (a
// full disk) does not stop the import, whose good records are still
// indexed: Close reports it, naming the file.
#ifndef FACETTE_INDEXER_REJECTS_FILE_H_
#define FACETTE_INDEXER_REJECTS_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "facette/status.h"

namespace facette {

class RejectsFile {
 public:
  RejectsFile() = default;
  RejectsFile(const RejectsFile&) = delete;
  RejectsFile& operator=(const RejectsFile&) = delete;
  ~RejectsFile() { Close(); }

  // Opens `path` for appending (created when missing); kIOError naming it.
  Status Open(const std::string& path);

  // Appends `record` and a newline; nothing when not open or after a write
  // error.
  void Append(std::string_view record);

  // Flushes and closes; the first write error, if any, naming the file.
  Status Close();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  int error_ = 0;  // errno of the first failed write
};

}  // namespace facette

#endif  // FACETTE_INDEXER_REJECTS_FILE_H_
