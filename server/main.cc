// facette-serve: the HTTP JSON API over a live facette database. Reads its
// options and keys, opens the database, prints "listening on
// http://HOST:PORT" once it accepts connections, and on SIGTERM or SIGINT
// stops accepting, answers the requests in flight, commits and exits 0.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "facette/searcher.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/server_options.h"

namespace {

constexpr int kExitError = 2;

const char* kDescription =
    "Serve a facette database over HTTP: JSON searches with exact facet counts, facet value "
    "search for completion, and article writes applied by one writer with group commit.";

const char* kFooter = R"(Examples:
  facette-serve --db news.db                      http://127.0.0.1:8080, reads only
  FACETTE_API_KEY=s3cret facette-serve --db news.db --listen 127.0.0.1:9000
  facette-serve --db news.db --api-key-file /etc/facette/key --cors-origin https://example.org
  facette-serve --db news.db --listen 127.0.0.1:0   any free port (printed on stdout)

  curl 'http://127.0.0.1:8080/search?q=retraites&person=Hollande&limit=5'
  curl -X POST http://127.0.0.1:8080/search -d '{"q": "attentat", "facets": "person,date"}'
  curl 'http://127.0.0.1:8080/facets/person?prefix=fran'
  curl -H "Authorization: Bearer $KEY" -X POST --data-binary @articles.jsonl \
       http://127.0.0.1:8080/articles

Writes (PUT/DELETE /articles/ID, POST /articles) need the write key, read from
--api-key-file or $FACETTE_API_KEY (never from the command line); without one the
server takes no writes. A read key (--read-key-file or $FACETTE_READ_KEY) makes reads
need a key too. The routes, parameters and errors: docs/http-api.md, /openapi.json.
Prints "listening on http://HOST:PORT" once it accepts connections; one access-log
line per request on stderr (--quiet: none). SIGTERM: finishes the requests in flight,
commits, exits 0.
Exit status: 0 stopped by a signal; 2 error (usage, database, address).)";

int Fail(const std::string& message) {
  std::cerr << "facette-serve: " << message << '\n';
  return kExitError;
}

// The key in `path` (its first line, without surrounding white space), or
// in the environment variable `variable`; "" when neither gives one.
bool ReadKey(const std::string& path, const char* variable, const std::string& what,
             std::string& key, std::string& error) {
  std::string text;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) {
      error = "cannot read the " + what + " file " + path;
      return false;
    }
    std::getline(in, text);
  } else if (const char* value = std::getenv(variable)) {
    text = value;
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  key = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  if (!path.empty() && key.empty()) {
    error = "the " + what + " file " + path + " holds no key";
    return false;
  }
  return true;
}

// "HOST:PORT", "[IPV6]:PORT" or ":PORT" (loopback).
bool ParseListen(const std::string& text, facette::server::ServerOptions& options) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const int number = std::stoi(port);
  if (number > 65535) return false;
  options.host = host.empty() ? "127.0.0.1" : host;
  options.port = number;
  return true;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-serve");
  app.footer(kFooter);
  facette::server::ServerOptions options;
  options.db_path = facette::DefaultDatabasePath();
  std::string listen = "127.0.0.1:8080";
  std::string key_file, read_key_file;
  app.add_option("--db", options.db_path,
                 "Database directory (default: $FACETTE_DB or ./facette.db)");
  app.add_option("--listen", listen,
                 "HOST:PORT to listen on (default 127.0.0.1:8080, loopback only; port 0: any free "
                 "port)");
  app.add_option("--threads", options.threads,
                 "Worker threads, each serving one connection at a time (default 32)")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--search-threads", options.search_threads,
                 "Searches run at once, the others waiting their turn in order of arrival "
                 "(default: twice the cores)")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--commit-interval", options.commit_interval_ms,
                 "Milliseconds the writer waits for more writes to join a batch before it "
                 "commits (default 20; 0: commit what is queued at once)")
      ->check(CLI::Range(0, 60000));
  app.add_option("--writer-idle", options.writer_idle_seconds,
                 "Seconds without writes after which the server closes the database for writing, "
                 "releasing its writer lock (default 2)")
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--api-key-file", key_file,
                 "File whose first line is the write key (else $FACETTE_API_KEY)");
  app.add_option("--read-key-file", read_key_file,
                 "File whose first line is the read key (else $FACETTE_READ_KEY; none: reads "
                 "are open)");
  app.add_option("--cors-origin", options.cors_origins,
                 "An origin browsers may call from (repeatable; default: none)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  app.add_option("--max-body", options.limits.max_body_bytes,
                 "Largest request body, bytes (default 33554432)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 34));
  app.add_option("--max-query", options.limits.max_query_bytes,
                 "Longest query text q, bytes (default 4096)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  app.add_option("--max-limit", options.limits.max_limit,
                 "Largest limit and facet_size of a search (default 1000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000}));
  app.add_option("--request-timeout", options.limits.request_timeout_seconds,
                 "Seconds to receive a request and to send its answer (default 10)")
      ->check(CLI::Range(1, 3600));
  app.add_option("--idle-timeout", options.limits.idle_timeout_seconds,
                 "Seconds an idle keep-alive connection stays open (default 5)")
      ->check(CLI::Range(1, 3600));
  app.add_option("--max-connections", options.limits.max_connections,
                 "Connections open at once, served or waiting for a worker; more are answered "
                 "503 with Retry-After (default: twice --threads)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_option("--max-write-queue", options.limits.max_write_queue,
                 "Write requests waiting for the writer before more are refused with 503 "
                 "(default 256)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  std::string extract = "auto";
  app.add_option("--extract", extract,
                 "What writes extract from the text, as facette-index --extract: auto (entities "
                 "and dates an article does not give), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--quiet", options.quiet, "No access log");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitError;
  }
  // The option's check admits only names this reads.
  options.extract = facette::ParseExtractMode(extract).value_or(facette::ExtractMode::kAuto);
  if (!ParseListen(listen, options)) {
    return Fail("--listen: \"" + listen + "\" is not HOST:PORT");
  }
  std::string error;
  if (!ReadKey(key_file, "FACETTE_API_KEY", "write key", options.write_key, error)) {
    return Fail("--api-key-file: " + error);
  }
  if (!ReadKey(read_key_file, "FACETTE_READ_KEY", "read key", options.read_key, error)) {
    return Fail("--read-key-file: " + error);
  }

  // Signals go to one thread, which stops the server; every other thread
  // (made after this) has them blocked.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto api = facette::server::Api::Open(options);
  if (!api.ok()) return Fail(api.status().message());
  facette::server::HttpServer server(**api);
  facette::Status bound = server.Bind();
  if (!bound.ok()) return Fail("--listen: " + bound.message());
  facette::server::Api& served = **api;
  std::thread waiter([&server, &served, &signals] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    served.DrainWrites();
    server.Stop();
  });
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "listening on http://" << host << ":" << server.port() << std::endl;
  server.Run();
  // Answer and commit the writes queued, then close the database.
  (*api)->StopWrites();
  pthread_kill(waiter.native_handle(), SIGTERM);  // when Run ended without a signal
  waiter.join();
  return 0;
} catch (const std::exception& e) {
  return Fail(e.what());
}
