// Stub files of sharded databases (shard_stub.h).
#include "query/shard_stub.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace facette {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool IsStubFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<std::vector<ShardLine>> ReadStubFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such stub file");
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  std::vector<ShardLine> shards;
  std::string text;
  for (std::size_t number = 1; std::getline(in, text); ++number) {
    std::string_view line = Trim(text);
    if (line.empty() || line.front() == '#') continue;
    auto bad = [&](const std::string& why) {
      return Status::InvalidArgument(path + ":" + std::to_string(number) + ": " + why);
    };
    const std::size_t space = line.find_first_of(" \t");
    const std::string_view type = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? "" : Trim(line.substr(space));
    ShardLine shard;
    shard.line = number;
    const bool known = type == "auto" || type == "glass" || type == "remote" || type == "chert" ||
                       type == "inmemory";
    if (shards.empty() && !known) {
      // Not a stub at all (a file given by mistake): what opening any
      // other non-database says.
      return Status::NotFound(path + ": not a facette database (no Xapian database found)");
    }
    if (type == "auto" || type == "glass") {
      if (rest.empty()) return bad("\"" + std::string(type) + "\" without a path");
      std::filesystem::path db(rest);
      shard.path = (db.is_absolute() ? db : folder / db).lexically_normal().string();
    } else if (type == "remote") {
      if (!rest.empty() && rest.front() == ':') {
        // ":PROGRAM ARGS": a program that speaks the remote protocol on its
        // standard input and output (xapian-progsrv).
        const std::string_view program_args = rest.substr(1);
        const std::size_t gap = program_args.find_first_of(" \t");
        shard.kind = ShardLine::Kind::kProgram;
        shard.path = std::string(program_args.substr(0, gap));
        if (gap != std::string_view::npos) shard.args = std::string(Trim(program_args.substr(gap)));
        if (shard.path.empty()) return bad("\"remote :\" without a program");
      } else {
        const std::size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos || colon == 0) {
          return bad("\"remote\" needs HOST:PORT, not \"" + std::string(rest) + "\"");
        }
        shard.kind = ShardLine::Kind::kTcp;
        shard.host = std::string(rest.substr(0, colon));
        const std::string_view port = rest.substr(colon + 1);
        unsigned value = 0;
        for (char c : port) {
          if (c < '0' || c > '9' || value > 65535)
            return bad("bad port \"" + std::string(port) + "\"");
          value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (port.empty() || value == 0 || value > 65535) {
          return bad("bad port \"" + std::string(port) + "\"");
        }
        shard.port = value;
      }
    } else {
      return bad("\"" + std::string(type) +
                 "\" is no shard type facette can search (auto, glass or remote)");
    }
    shards.push_back(std::move(shard));
  }
  if (in.bad()) return Status::IOError(path + ": " + std::strerror(errno));
  if (shards.empty()) {
    return Status::NotFound(path + ": not a facette database (a file that lists no shard)");
  }
  return shards;
}

Xapian::Database OpenShard(const ShardLine& shard) {
  switch (shard.kind) {
    case ShardLine::Kind::kTcp:
      return Xapian::Remote::open(shard.host, shard.port, kRemoteTimeoutMs,
                                  kRemoteConnectTimeoutMs);
    case ShardLine::Kind::kProgram:
      return Xapian::Remote::open(shard.path, shard.args, kRemoteTimeoutMs);
    case ShardLine::Kind::kLocal:
      break;
  }
  return Xapian::Database(shard.path);
}

std::string ShardName(const ShardLine& shard) {
  switch (shard.kind) {
    case ShardLine::Kind::kTcp:
      return shard.host + ":" + std::to_string(shard.port);
    case ShardLine::Kind::kProgram:
      return shard.path + (shard.args.empty() ? "" : " " + shard.args);
    case ShardLine::Kind::kLocal:
      break;
  }
  return shard.path;
}

}  // namespace facette
