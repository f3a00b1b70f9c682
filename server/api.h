// The HTTP API of facette-serve, independent of the HTTP library: routes,
// keys, CORS, and the JSON of every answer (docs/http-api.md). Searches run
// on a SearcherPool (each request leases a searcher reopened to the latest
// revision, so commits and a database swapped in at the path are seen
// without a restart); writes go to the Writer.
//
// Thread safety: Handle may be called from many threads at once.
#ifndef FACETTE_SERVER_API_H_
#define FACETTE_SERVER_API_H_

#include <memory>
#include <string>

#include "facette/searcher.h"
#include "facette/status.h"
#include "server/api_types.h"
#include "server/metrics.h"
#include "server/search_slots.h"
#include "server/server_options.h"
#include "server/writer.h"

namespace facette::server {

class Api {
 public:
  /// Opens the database's searchers (Searcher::Open's errors) and starts
  /// the writer.
  static Result<std::unique_ptr<Api>> Open(const ServerOptions& options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Answers one request. Never throws for what a request holds.
  ApiResponse Handle(const ApiRequest& request);

  /// The server is stopping: the writer commits what it has at once
  /// instead of waiting for more writes to join its batch.
  void DrainWrites() { writer_.Drain(); }

  /// Answers the writes queued, commits them and stops the writer: new
  /// writes are refused with 503 from the start of the call.
  void StopWrites();

  Metrics& metrics() { return metrics_; }
  const ServerOptions& options() const { return options_; }

 private:
  // `stub`: the database is a stub file of shards, which takes no writes.
  Api(const ServerOptions& options, std::unique_ptr<SearcherPool> pool, bool stub);
  ApiResponse Route(const ApiRequest& request);
  ApiResponse Search(const ApiRequest& request);
  ApiResponse MultiSearch(const ApiRequest& request);
  ApiResponse FacetSearch(const ApiRequest& request, const std::string& facet);
  ApiResponse GetArticle(const std::string& id);
  ApiResponse PutArticle(const ApiRequest& request, const std::string& id);
  ApiResponse PostArticles(const ApiRequest& request);
  ApiResponse DeleteArticle(const std::string& id);
  ApiResponse Health();
  ApiResponse Stats();
  ApiResponse PrometheusMetrics();
  ApiResponse Write(std::unique_ptr<WriteJob> job);
  // A search slot (search_slots.h), waited for at most the request timeout.
  SearchSlots::Slot TakeSearchSlot();

  ServerOptions options_;
  const bool stub_;
  Metrics metrics_;
  std::unique_ptr<SearcherPool> pool_;
  SearchSlots search_slots_;
  Writer writer_;
};

/// True when `given` equals `expected`, in a time that depends only on
/// `given`'s length (not on where they differ, nor on `expected`).
bool KeysEqual(const std::string& given, const std::string& expected);

/// The OpenAPI 3 document of the API (server/openapi.json).
const std::string& OpenApiDocument();

}  // namespace facette::server

#endif  // FACETTE_SERVER_API_H_
