// Sharded databases: a Xapian stub file (a text file, not a directory)
// lists the shards of one collection, one a line, in Xapian 1.4's own
// syntax, so that Xapian's tools (quest, delve) read the same file:
//
//   # comments and blank lines are skipped
//   remote 127.0.0.1:33401        a stock xapian-tcpsrv
//   remote :xapian-progsrv /srv/shard2   a program speaking the remote protocol
//   auto shard3.db                a local database (relative to the stub's folder)
//   glass /srv/shard4.db          the same, named by its backend
//
// facette reads the stub itself rather than letting Xapian open it: each
// remote shard is opened with a longer timeout than Xapian's 10 s default
// (kRemoteTimeoutMs: an exact count examines every match of a big shard
// before answering), and each shard's own handle is kept for what Xapian
// reads from the first shard only (the metadata behind entity labels).
#ifndef FACETTE_QUERY_SHARD_STUB_H_
#define FACETTE_QUERY_SHARD_STUB_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "facette/status.h"

namespace facette {

// How long a remote shard may take to answer a request, and to accept the
// connection.
inline constexpr unsigned kRemoteTimeoutMs = 300000;
inline constexpr unsigned kRemoteConnectTimeoutMs = 10000;

// One line of a stub file.
struct ShardLine {
  enum class Kind { kLocal, kTcp, kProgram };
  Kind kind = Kind::kLocal;
  std::string path;      // kLocal: the database's path (made absolute); kProgram: the program
  std::string host;      // kTcp
  unsigned port = 0;     // kTcp
  std::string args;      // kProgram: its arguments
  std::size_t line = 0;  // line number in the stub, from 1
};

// True when `path` is a regular file (a stub), not a database directory.
bool IsStubFile(const std::string& path);

// The shards of the stub at `path`. kInvalidArgument naming the file and
// line for a line that cannot be read (a backend facette cannot search,
// a bad port); kNotFound for a file whose first line is no stub line, or
// that lists no shard; kNotFound / kIOError when it cannot be read.
Result<std::vector<ShardLine>> ReadStubFile(const std::string& path);

// Opens one shard. Throws Xapian errors (a remote shard that does not
// answer: Xapian::NetworkError).
Xapian::Database OpenShard(const ShardLine& shard);

// "127.0.0.1:33401", the program and its arguments, or the path.
std::string ShardName(const ShardLine& shard);

}  // namespace facette

#endif  // FACETTE_QUERY_SHARD_STUB_H_
