// facette-serve's settings: where the database is, where to listen, and the
// limits that keep one client from holding the server (docs/http-api.md).
#ifndef FACETTE_SERVER_SERVER_OPTIONS_H_
#define FACETTE_SERVER_SERVER_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "facette/index.h"

namespace facette::server {

struct Limits {
  /// Bytes of a request body; larger bodies are refused with 413.
  std::size_t max_body_bytes = std::size_t{32} << 20;
  /// Bytes of the free-text query `q`.
  std::size_t max_query_bytes = 4096;
  /// The largest `limit`, `facet_size` and `offset` + `limit` a search may ask.
  std::uint64_t max_limit = 1000;
  /// Searches of one POST /multi-search.
  std::size_t max_multi_searches = 16;
  /// Seconds to receive a request (its headers and body) and to send a
  /// response: a slow client cannot hold a worker longer.
  int request_timeout_seconds = 10;
  /// Seconds an idle keep-alive connection is kept open (less when other
  /// connections wait for a worker).
  int idle_timeout_seconds = 5;
  /// Connections open at once, served or waiting for a worker; more are
  /// answered 503 with Retry-After and closed. 0: twice the threads.
  std::size_t max_connections = 0;
  /// Write requests waiting for the writer; more are refused with 503.
  std::size_t max_write_queue = 256;
};

struct ServerOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;
  /// Worker threads, each serving one connection at a time.
  unsigned threads = 32;
  /// Searches run at once (search_slots.h); the others wait their turn in
  /// order of arrival. 0: twice the cores.
  unsigned search_threads = 0;
  /// The longest a write waits for its commit: the writer keeps adding the
  /// writes that arrive to its batch for at most this long, then commits.
  int commit_interval_ms = 20;
  /// Seconds without writes after which the writer closes the database,
  /// releasing its writer lock (so that facette-index can run).
  double writer_idle_seconds = 2.0;
  /// What the writer extracts from the articles' text ("auto", "always",
  /// "never": facette-index's --extract).
  ExtractMode extract = ExtractMode::kAuto;
  /// Bearer key of the write routes ("" = writes are refused), and of the
  /// read routes ("" = reads are open).
  std::string write_key;
  std::string read_key;
  /// Origins a browser may call from (CORS); empty: none.
  std::vector<std::string> cors_origins;
  Limits limits;
  /// No access log.
  bool quiet = false;
};

}  // namespace facette::server

#endif  // FACETTE_SERVER_SERVER_OPTIONS_H_
