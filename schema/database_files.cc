// The files of a database directory (database_files.h).
#include "schema/database_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace facette {
namespace {

constexpr mode_t kPermissionBits = 07777;

Status CannotUse(const std::string& path, int error, const char* what) {
  if (error == EACCES || error == EPERM) {
    return Status::PermissionDenied(path + ": permission denied (cannot " + what + " it)");
  }
  return Status::IOError(path + ": cannot " + what + " it (" + std::strerror(error) + ")");
}

// Gives the entry `name` of the directory `dir_fd` (`path`, for messages)
// an owner, where the process may, then a mode. AT_FDCWD and a full path
// for an entry of no directory.
Status SetOwnerAndMode(int dir_fd, const char* name, const std::string& path, uid_t uid, gid_t gid,
                       mode_t mode) {
  struct stat st {};
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  if (st.st_uid != uid || st.st_gid != gid) {
    // Only a privileged process may give a file away; an ordinary one may
    // still give it one of its own groups. Neither is an error.
    if (::fchownat(dir_fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0 && st.st_gid != gid) {
      ::fchownat(dir_fd, name, static_cast<uid_t>(-1), gid, AT_SYMLINK_NOFOLLOW);
    }
  }
  if (::fchmodat(dir_fd, name, mode, 0) != 0) {
    return Status::IOError(path + ": cannot change its mode (" + std::strerror(errno) + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<DatabaseModes> ReadDatabaseModes(const std::string& db_path) {
  struct stat dir {};
  if (::stat(db_path.c_str(), &dir) != 0) return CannotUse(db_path, errno, "read");
  DatabaseModes modes;
  modes.directory_mode = dir.st_mode & kPermissionBits;
  modes.directory_uid = dir.st_uid;
  modes.directory_gid = dir.st_gid;
  const std::string table = db_path + "/postlist.glass";
  struct stat file {};
  if (::stat(table.c_str(), &file) == 0) {
    modes.file_mode = file.st_mode & kPermissionBits;
    modes.file_uid = file.st_uid;
    modes.file_gid = file.st_gid;
  } else if (errno == ENOENT) {
    modes.file_mode = modes.directory_mode & 0666;
    modes.file_uid = dir.st_uid;
    modes.file_gid = dir.st_gid;
  } else {
    return CannotUse(table, errno, "read");
  }
  return modes;
}

Status ApplyDatabaseModes(const std::string& dir, const DatabaseModes& modes) {
  DIR* entries = ::opendir(dir.c_str());
  if (entries == nullptr) return CannotUse(dir, errno, "read");
  Status status;
  while (status.ok()) {
    errno = 0;
    const dirent* entry = ::readdir(entries);
    if (entry == nullptr) {
      if (errno != 0) status = CannotUse(dir, errno, "read");
      break;
    }
    const std::string path = dir + "/" + entry->d_name;
    struct stat st {};
    if (::fstatat(::dirfd(entries), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      status = Status::IOError(path + ": " + std::strerror(errno));
    } else if (S_ISREG(st.st_mode)) {
      status = SetOwnerAndMode(::dirfd(entries), entry->d_name, path, modes.file_uid,
                               modes.file_gid, modes.file_mode);
    }
  }
  ::closedir(entries);
  if (!status.ok()) return status;
  // The directory last: a mode that closes it to this process (no write
  // bit) must not stop the files' changes.
  return SetOwnerAndMode(AT_FDCWD, dir.c_str(), dir, modes.directory_uid, modes.directory_gid,
                         modes.directory_mode);
}

Status ApplyFileModes(int fd, const std::string& path, const DatabaseModes& modes) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Status::IOError(path + ": " + std::strerror(errno));
  if (st.st_uid != modes.file_uid || st.st_gid != modes.file_gid) {
    if (::fchown(fd, modes.file_uid, modes.file_gid) != 0 && st.st_gid != modes.file_gid) {
      ::fchown(fd, static_cast<uid_t>(-1), modes.file_gid);  // as SetOwnerAndMode
    }
  }
  if (::fchmod(fd, modes.file_mode) != 0) {
    return Status::IOError(path + ": cannot change its mode (" + std::strerror(errno) + ")");
  }
  return Status::Ok();
}

std::string DatabaseDirectoryName(const std::string& db_path) {
  std::string name = db_path;
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  return name;
}

void SyncFolderEntries(const std::string& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

Status CheckDatabaseAccess(const std::string& db_path, bool write) {
  struct stat st {};
  if (::stat(db_path.c_str(), &st) != 0) {
    // Nothing there (or a file where a folder of the path should be, which
    // opening reports): nothing to check.
    if (errno == ENOENT || errno == ENOTDIR) return Status::Ok();
    return CannotUse(db_path, errno, "reach");
  }
  if (!S_ISDIR(st.st_mode)) return Status::Ok();  // not a database: opening says so
  // AT_EACCESS: the effective ids, which decide what opening may do.
  auto allowed = [](const std::string& path, int mode) {
    return ::faccessat(AT_FDCWD, path.c_str(), mode, AT_EACCESS) == 0;
  };
  if (!allowed(db_path, X_OK)) return CannotUse(db_path, errno, "read");
  if (write && !allowed(db_path, W_OK)) return CannotUse(db_path, errno, "write");
  for (std::string_view name : kGlassFiles) {
    const std::string path = db_path + "/" + std::string(name);
    if (name == "v.tmp" || !allowed(path, F_OK)) continue;  // v.tmp: written anew
    const bool lock = name == "flintlock";                  // only written (locked), by writers
    const bool table = !lock && name != "iamglass";         // iamglass: replaced, never written
    if (!lock && !allowed(path, R_OK)) return CannotUse(path, errno, "read");
    if (write && (lock || table) && !allowed(path, W_OK)) return CannotUse(path, errno, "write");
  }
  return Status::Ok();
}

}  // namespace facette
