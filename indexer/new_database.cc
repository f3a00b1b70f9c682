// Creating a database atomically (new_database.h).
#include "indexer/new_database.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "schema/database_files.h"
#include "schema/version.h"

namespace facette {
namespace {

namespace fs = std::filesystem;

// Between the path and the process id of a build beside it.
constexpr std::string_view kBuildInfix = ".facette-new-";

enum class Found {
  kNothing,         // no such path
  kEmptyDirectory,  // empty, or only a killed creation's files
  kCreating,        // a creation in place, running (its lock is held)
  kOther,           // a database, a file, a directory with other files
};

std::string Reason(int error) {
  return error == EACCES || error == EPERM ? "permission denied" : std::strerror(error);
}

// Whether a process holds the lock of the lock file `path` (Xapian locks
// its `flintlock` for as long as a writer has the database open).
bool LockHeld(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  const bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

Result<Found> Inspect(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Found::kNothing;
    return Status::IOError(path + ": " + Reason(errno));
  }
  if (!S_ISDIR(st.st_mode)) return Found::kOther;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return Status::IOError(path + ": " + Reason(errno));
  Found found = Found::kEmptyDirectory;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    bool creation_file = false;
    for (std::string_view glass : kGlassFiles) creation_file |= name == glass;
    if (!creation_file || name == "iamglass") {
      found = Found::kOther;
      break;
    }
  }
  ::closedir(dir);
  if (found == Found::kEmptyDirectory && LockHeld(path + "/flintlock")) return Found::kCreating;
  return found;
}

// Removes what a killed creation left in `path`: only Xapian's files, and
// only while there is no `iamglass` (then no database was ever complete
// there). Names are removed relative to the directory itself, never to
// whatever the path leads to meanwhile.
Status RemoveCreationFiles(const std::string& path) {
  int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Status::IOError(path + ": " + Reason(errno));
  Status status;
  if (::faccessat(dir, "iamglass", F_OK, 0) == 0) {
    status = Status::IOError(path + ": a database appeared while it was being created");
  }
  for (std::string_view name : kGlassFiles) {
    if (!status.ok() || name == "iamglass") continue;
    if (::unlinkat(dir, std::string(name).c_str(), 0) != 0 && errno != ENOENT) {
      status = Status::IOError(path + "/" + std::string(name) + ": cannot remove (" +
                               Reason(errno) + ")");
    }
  }
  ::close(dir);
  return status;
}

// Removes the builds left beside `target` by processes that no longer run.
void RemoveAbandonedBuilds(const std::string& target) {
  const fs::path target_path(target);
  const std::string parent = target_path.parent_path().string();
  const std::string prefix = target_path.filename().string() + std::string(kBuildInfix);
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(parent.empty() ? "." : parent, error)) {
    const std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (pid <= 0 || *end != '-' || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

// Makes `dir` an empty database with its versions recorded and committed.
Status Build(const std::string& dir, const std::string& path) {
  try {
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN);
    for (const auto& [key, value] : VersionMetadata()) {
      if (db.get_metadata(key).empty()) db.set_metadata(key, value);
    }
    db.commit();
    db.close();
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(path + ": cannot create the database: " + e.get_description());
  }
}

// The database created in the directory `target` itself, which cannot be
// replaced: not atomic, but what a kill leaves there is recognised and
// started over by the next creation.
Status BuildInPlace(const std::string& target, const std::string& path) {
  Status removed = RemoveCreationFiles(target);
  if (!removed.ok()) return removed;
  return Build(target, path);
}

}  // namespace

Status CreateDatabaseIfMissing(const std::string& path) {
  Result<Found> found = Inspect(path);
  if (!found.ok()) return found.status();
  if (found.value() == Found::kOther) return Status::Ok();
  if (found.value() == Found::kCreating) {
    return Status::Locked(path + ": database is being created by another process");
  }

  // The build goes beside the last component of the path, "db/" included.
  std::string target = DatabaseDirectoryName(path);
  std::optional<DatabaseModes> modes;  // of the user's empty directory
  if (found.value() == Found::kEmptyDirectory) {
    std::error_code error;
    target = fs::canonical(path, error).string();
    if (error) return Status::IOError(path + ": " + error.message());
    Status removed = RemoveCreationFiles(target);
    if (!removed.ok()) return removed;
    Result<DatabaseModes> read = ReadDatabaseModes(target);
    if (!read.ok()) return read.status();
    modes = read.value();
  }

  RemoveAbandonedBuilds(target);
  static std::atomic<unsigned> builds{0};
  const std::string build = target + std::string(kBuildInfix) + std::to_string(::getpid()) + "-" +
                            std::to_string(builds++);
  std::error_code ignored;
  fs::remove_all(build, ignored);  // same name: left by a dead process of the same id
  // Private while it is built when it is to take the user's modes; else
  // the mode Xapian gives a directory it creates (0755 less the umask).
  if (::mkdir(build.c_str(), modes ? 0700 : 0755) != 0) {
    const int error = errno;
    if (modes) return BuildInPlace(target, path);
    const std::string parent = fs::path(target).parent_path().string();
    return Status::IOError(path + ": cannot create the database (" +
                           (parent.empty() ? std::string(".") : parent) + ": " + Reason(error) +
                           ")");
  }
  Status built = Build(build, path);
  if (built.ok() && modes) built = ApplyDatabaseModes(build, *modes);
  if (!built.ok()) {
    fs::remove_all(build, ignored);
    return built;
  }
  if (::rename(build.c_str(), target.c_str()) != 0) {
    const int error = errno;
    fs::remove_all(build, ignored);
    // Another process put its database there first: opening uses that one.
    if (error == EEXIST || error == ENOTEMPTY) return Status::Ok();
    // A mount point, or a directory of another user's in a sticky folder.
    if (modes && (error == EBUSY || error == EPERM || error == EACCES)) {
      return BuildInPlace(target, path);
    }
    return Status::IOError(path + ": cannot move the new database into place (" + Reason(error) +
                           ")");
  }
  SyncFolderEntries(fs::path(target).parent_path().string());
  return Status::Ok();
}

}  // namespace facette
