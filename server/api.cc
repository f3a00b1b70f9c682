// Routes, keys, CORS and the JSON of the answers (api.h).
#include "server/api.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "facette/format.h"
#include "indexer/utf8_repair.h"
#include "query/json_writer.h"
#include "query/shard_stub.h"
#include "server/search_params.h"
#include "web/web_assets.h"

namespace facette::server {
namespace {

constexpr std::string_view kArticlesPrefix = "/articles/";
constexpr std::string_view kFacetsPrefix = "/facets/";

ApiError Error(int status, std::string code, std::string message) {
  ApiError error;
  error.status = status;
  error.code = std::move(code);
  error.message = std::move(message);
  return error;
}

ApiResponse Json(std::string body, int status = 200) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// A search whose searcher cannot be had: the database is gone or cannot be
// read now.
ApiResponse Unavailable(const Status& status) {
  ApiError error = ErrorOfStatus(status);
  error.status = 503;
  error.retry_after = 1;
  error.message = "the database cannot be searched now: " + error.message;
  return ErrorResponse(error);
}

// A search that waited for a slot (search_slots.h) as long as a request may
// take.
ApiResponse Busy() {
  ApiError error = Error(503, "busy", "the server is busy: every search slot stayed taken");
  error.retry_after = 1;
  return ErrorResponse(error);
}

// `search_threads`, or twice the cores when 0: one search per core would
// leave a core idle while its search waits for a disk read, or while the
// next one is woken (long on a virtual machine, whose idle cores sleep).
unsigned SearchThreads(unsigned search_threads) {
  return search_threads > 0 ? search_threads
                            : 2 * std::max(1u, std::thread::hardware_concurrency());
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Which key a route needs.
enum class Access { kOpen, kRead, kWrite };

}  // namespace

bool KeysEqual(const std::string& given, const std::string& expected) {
  // Walks `given` whole whatever the contents; `expected` is read at
  // positions modulo its length so that its length does not show either.
  unsigned char differ = given.size() == expected.size() ? 0 : 1;
  if (expected.empty()) return false;
  for (std::size_t i = 0; i < given.size(); ++i) {
    differ |= static_cast<unsigned char>(given[i] ^ expected[i % expected.size()]);
  }
  return differ == 0;
}

Result<std::unique_ptr<Api>> Api::Open(const ServerOptions& options) {
  SearcherOptions searcher_options;
  searcher_options.threads = 1;  // many requests at once: one core each
  Result<std::unique_ptr<SearcherPool>> pool =
      SearcherPool::Open(options.db_path, searcher_options);
  if (!pool.ok()) return pool.status();
  return std::unique_ptr<Api>(
      new Api(options, std::move(pool.value()), IsStubFile(options.db_path)));
}

Api::Api(const ServerOptions& options, std::unique_ptr<SearcherPool> pool, bool stub)
    : options_(options),
      stub_(stub),
      pool_(std::move(pool)),
      search_slots_(SearchThreads(options.search_threads)),
      writer_(options_, metrics_) {}

SearchSlots::Slot Api::TakeSearchSlot() {
  return search_slots_.Take(std::chrono::steady_clock::now() +
                            std::chrono::seconds(options_.limits.request_timeout_seconds));
}

Api::~Api() { writer_.Stop(); }

void Api::StopWrites() { writer_.Stop(); }

ApiResponse Api::Handle(const ApiRequest& request) {
  ApiResponse response;
  try {
    response = Route(request);
  } catch (const std::exception& e) {
    response = ErrorResponse(Error(500, "internal", std::string("internal error: ") + e.what()));
  }
  // CORS: only for the origins configured.
  if (!request.origin.empty() &&
      std::find(options_.cors_origins.begin(), options_.cors_origins.end(), request.origin) !=
          options_.cors_origins.end()) {
    response.headers.emplace_back("Access-Control-Allow-Origin", request.origin);
    response.headers.emplace_back("Vary", "Origin");
    // A page may read when to retry a busy server.
    response.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After");
    if (request.method == "OPTIONS") {
      response.headers.emplace_back("Access-Control-Allow-Methods",
                                    "GET, POST, PUT, DELETE, OPTIONS");
      response.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
      response.headers.emplace_back("Access-Control-Max-Age", "600");
    }
  }
  return response;
}

ApiResponse Api::Route(const ApiRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  // The route: its pattern, the methods it takes, and the key it needs.
  std::string route;
  std::vector<std::string> methods;
  Access access = Access::kRead;
  std::string argument;  // {id} or {facet}
  // The search page's files (web/), open to all like /health.
  const web::Asset* asset = web::FindAsset(path);
  if (path == "/search") {
    route = path;
    methods = {"GET", "POST"};
  } else if (path == "/multi-search") {
    route = path;
    methods = {"POST"};
  } else if (path == "/articles") {
    route = path;
    methods = {"POST"};
    access = Access::kWrite;
  } else if (StartsWith(path, kArticlesPrefix) && path.size() > kArticlesPrefix.size()) {
    route = "/articles/{id}";
    methods = {"GET", "PUT", "DELETE"};
    argument = path.substr(kArticlesPrefix.size());
    access = method == "GET" || method == "HEAD" ? Access::kRead : Access::kWrite;
  } else if (StartsWith(path, kFacetsPrefix) && path.size() > kFacetsPrefix.size()) {
    route = "/facets/{facet}";
    methods = {"GET"};
    argument = path.substr(kFacetsPrefix.size());
  } else if (path == "/health" || path == "/openapi.json") {
    route = path;
    methods = {"GET"};
    access = Access::kOpen;
  } else if (path == "/stats" || path == "/metrics") {
    route = path;
    methods = {"GET"};
  } else if (asset != nullptr) {
    route = path == "/" ? "/" : "/static/{file}";
    methods = {"GET"};
    access = Access::kOpen;
  } else {
    ApiResponse response = ErrorResponse(Error(404, "not_found", "no route for this path"));
    return response;
  }
  auto with_route = [&route](ApiResponse response) {
    response.route = route;
    return response;
  };
  std::string allow;
  for (const std::string& m : methods) allow += (allow.empty() ? "" : ", ") + m;
  allow += ", OPTIONS";
  if (method == "OPTIONS") {
    ApiResponse response;
    response.status = 204;
    response.content_type.clear();
    response.headers.emplace_back("Allow", allow);
    return with_route(std::move(response));
  }
  const bool head_of_get =
      method == "HEAD" && std::find(methods.begin(), methods.end(), "GET") != methods.end();
  if (!head_of_get && std::find(methods.begin(), methods.end(), method) == methods.end()) {
    ApiResponse response = ErrorResponse(Error(
        405, "method_not_allowed", method + " is not a method of " + route + " (" + allow + ")"));
    response.headers.emplace_back("Allow", allow);
    return with_route(std::move(response));
  }

  // A stub file lists shards, each a database of its own (or a remote
  // one): there is no one database to write, whatever the key.
  if (access == Access::kWrite && stub_) {
    return with_route(ErrorResponse(
        Error(403, "read_only_database",
              "this server searches a stub file of shards, which takes no writes: write each "
              "shard's own database")));
  }

  // Keys.
  if (access != Access::kOpen) {
    const std::string& needed = access == Access::kWrite ? options_.write_key : options_.read_key;
    if (access == Access::kWrite && options_.write_key.empty()) {
      return with_route(
          ErrorResponse(Error(403, "writes_disabled",
                              "this server takes no writes: it was started without a write key")));
    }
    if (!needed.empty()) {
      constexpr std::string_view kBearer = "Bearer ";
      if (request.authorization.empty()) {
        ApiResponse response = ErrorResponse(
            Error(401, "unauthorized", "this route needs a key: Authorization: Bearer KEY"));
        response.headers.emplace_back("WWW-Authenticate", "Bearer");
        return with_route(std::move(response));
      }
      // The scheme in any case (RFC 9110, 11.1), then the key.
      const std::string& header = request.authorization;
      const bool bearer =
          header.size() > kBearer.size() &&
          std::equal(kBearer.begin(), kBearer.end(), header.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          });
      const std::string given = bearer ? header.substr(kBearer.size()) : std::string();
      // The write key also opens the read routes.
      const bool good =
          KeysEqual(given, needed) || (access == Access::kRead && !options_.write_key.empty() &&
                                       KeysEqual(given, options_.write_key));
      if (!good) return with_route(ErrorResponse(Error(403, "forbidden", "wrong key")));
    }
  }

  if (route == "/articles/{id}" && !IsValidUtf8(argument)) {
    // An id is stored as given: bytes that are not UTF-8 would come back
    // changed (U+FFFD), under another id.
    ApiError error = Error(400, "invalid_utf8", "the article id of the path is not valid UTF-8");
    error.parameter = "id";
    return with_route(ErrorResponse(error));
  }
  if (asset != nullptr) {
    ApiResponse response;
    response.content_type = std::string(asset->content_type);
    response.body = std::string(asset->bytes);
    response.headers.emplace_back("Cache-Control", "no-cache");
    return with_route(std::move(response));
  }
  if (route == "/search") return with_route(Search(request));
  if (route == "/multi-search") return with_route(MultiSearch(request));
  if (route == "/articles") return with_route(PostArticles(request));
  if (route == "/articles/{id}") {
    if (method == "PUT") return with_route(PutArticle(request, argument));
    if (method == "DELETE") return with_route(DeleteArticle(argument));
    return with_route(GetArticle(argument));
  }
  if (route == "/facets/{facet}") return with_route(FacetSearch(request, argument));
  if (route == "/health") return with_route(Health());
  if (route == "/stats") return with_route(Stats());
  if (route == "/metrics") return with_route(PrometheusMetrics());
  ApiResponse response = Json(OpenApiDocument());
  return with_route(std::move(response));
}

ApiResponse Api::Search(const ApiRequest& request) {
  SearchRequest search;
  std::optional<ApiError> error = request.method == "POST"
                                      ? ParseSearchJson(request.body, options_.limits, search)
                                      : ParseSearchParams(request.params, options_.limits, search);
  if (error) return ErrorResponse(*error);
  if (request.method == "POST" && !request.params.empty()) {
    return ErrorResponse(Error(400, "invalid_parameter",
                               "POST /search takes its parameters in the JSON body, not the URL"));
  }
  SearchSlots::Slot slot = TakeSearchSlot();
  if (!slot) return Busy();
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return Unavailable(lease.status());
  Result<SearchResult> result = (*lease)->Search(search);
  if (!result.ok()) return ErrorResponse(ErrorOfStatus(result.status()));
  return Json(FormatJson(result.value(), search));
}

ApiResponse Api::MultiSearch(const ApiRequest& request) {
  std::vector<SearchRequest> searches;
  if (std::optional<ApiError> error =
          ParseMultiSearchJson(request.body, options_.limits, searches)) {
    return ErrorResponse(*error);
  }
  SearchSlots::Slot slot = TakeSearchSlot();
  if (!slot) return Busy();
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return Unavailable(lease.status());
  std::string body = "{\"results\":[";
  for (std::size_t i = 0; i < searches.size(); ++i) {
    Result<SearchResult> result = (*lease)->Search(searches[i]);
    if (!result.ok()) {
      ApiError error = ErrorOfStatus(result.status());
      error.search = i;
      return ErrorResponse(error);
    }
    std::string json = FormatJson(result.value(), searches[i]);
    if (!json.empty() && json.back() == '\n') json.pop_back();
    if (i > 0) body += ',';
    body += json;
  }
  body += "]}\n";
  return Json(std::move(body));
}

ApiResponse Api::FacetSearch(const ApiRequest& request, const std::string& facet) {
  std::optional<EntityType> type = ParseEntityType(facet);
  if (!type) {
    return ErrorResponse(Error(
        404, "not_found", "no facet \"" + facet + "\" to search (person, organization, location)"));
  }
  SearchRequest search;
  ExtraParams extras;
  extras.names = {"prefix"};
  if (std::optional<ApiError> error =
          ParseSearchParams(request.params, options_.limits, search, &extras)) {
    return ErrorResponse(*error);
  }
  auto prefix = extras.values.find("prefix");
  if (prefix == extras.values.end()) {
    ApiError error = Error(400, "missing_parameter", "parameter \"prefix\" is required");
    error.parameter = "prefix";
    return ErrorResponse(error);
  }
  // No search slot: a facet value search takes a tenth of a millisecond,
  // less than handing a slot over from one thread to another costs.
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return Unavailable(lease.status());
  Result<FacetSearchResult> found = (*lease)->FacetSearch(search, *type, prefix->second);
  if (!found.ok()) {
    ApiError error = ErrorOfStatus(found.status());
    if (found.status().field() == "text") error.parameter = "prefix";
    return ErrorResponse(error);
  }
  return Json(FormatFacetSearchJson(found.value()));
}

ApiResponse Api::GetArticle(const std::string& id) {
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return Unavailable(lease.status());
  Result<Article> article = (*lease)->GetArticle(id);
  if (!article.ok()) return ErrorResponse(ErrorOfStatus(article.status()));
  return Json(FormatArticleJson(article.value()));
}

ApiResponse Api::Write(std::unique_ptr<WriteJob> job) {
  std::future<ApiResponse> done = job->done.get_future();
  if (std::optional<ApiError> refused = writer_.Submit(std::move(job))) {
    return ErrorResponse(*refused);
  }
  return done.get();
}

ApiResponse Api::PutArticle(const ApiRequest& request, const std::string& id) {
  // Read with its invalid UTF-8 repaired, as the reader will repair it (and
  // warn); the reader gets the bytes as sent.
  std::string repaired;
  const bool valid = IsValidUtf8(request.body);
  if (!valid) {
    repaired = request.body;
    RepairUtf8(repaired);
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(valid ? request.body : repaired).get(root)) {
    return ErrorResponse(
        Error(400, "invalid_json",
              std::string("the body is not JSON: ") + simdjson::error_message(error)));
  }
  if (!root.is_object())
    return ErrorResponse(Error(400, "invalid_json", "the body is not a JSON object"));
  std::string_view given_id;
  simdjson::error_code has_id = root["id"].get(given_id);
  if (has_id == simdjson::SUCCESS && given_id != id) {
    ApiError error = Error(400, "id_mismatch", "the body's \"id\" is not the id of the path");
    error.parameter = "id";
    return ErrorResponse(error);
  }
  auto job = std::make_unique<WriteJob>();
  job->kind = WriteJob::Kind::kArticle;
  job->id = id;
  // The article on one line, the form the JSON Lines reader takes, with
  // the path's id when the body gives none (or gives a non-string, which
  // the reader rejects with its own message).
  std::string line = simdjson::minify(root);
  if (!valid) {
    // simdjson's minifier takes any bytes (it does not read the strings).
    line.assign(request.body.size(), '\0');
    std::size_t length = 0;
    if (simdjson::minify(request.body.data(), request.body.size(), line.data(), length) !=
        simdjson::SUCCESS) {
      return ErrorResponse(Error(400, "invalid_json", "the body is not JSON"));
    }
    line.resize(length);
  }
  if (root["id"].error() == simdjson::NO_SUCH_FIELD) {
    std::string member;
    JsonWriter::AppendEscaped(member, id);
    line = "{\"id\":" + member + (line == "{}" ? "" : ",") + line.substr(1);
  }
  job->lines = line + "\n";
  return Write(std::move(job));
}

ApiResponse Api::PostArticles(const ApiRequest& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorResponse(Error(400, "empty_body", "the body holds no JSON Lines record"));
  }
  auto job = std::make_unique<WriteJob>();
  job->kind = WriteJob::Kind::kLines;
  job->lines = request.body;
  if (job->lines.back() != '\n') job->lines += '\n';
  return Write(std::move(job));
}

ApiResponse Api::DeleteArticle(const std::string& id) {
  auto job = std::make_unique<WriteJob>();
  job->kind = WriteJob::Kind::kDelete;
  job->id = id;
  return Write(std::move(job));
}

ApiResponse Api::Health() {
  std::string body;
  JsonWriter json(body);
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  const std::size_t queue = writer_.QueueDepth();
  json.BeginObject();
  json.Key("status").String(lease.ok() ? "ok" : "unavailable");
  json.Key("ready").Bool(lease.ok());
  if (lease.ok()) {
    json.Key("documents").Uint((*lease)->DocumentCount());
    json.Key("revision").Uint((*lease)->Revision());
  } else {
    json.Key("error").String(lease.status().message());
  }
  json.Key("write_queue").Uint(queue);
  json.Key("writes_accepted").Bool(!stub_ && queue < options_.limits.max_write_queue);
  json.EndObject();
  return Json(body + "\n", lease.ok() ? 200 : 503);
}

ApiResponse Api::Stats() {
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return Unavailable(lease.status());
  std::string body;
  JsonWriter json(body);
  json.BeginObject();
  json.Key("documents").Uint((*lease)->DocumentCount());
  json.Key("revision").Uint((*lease)->Revision());
  json.Key("uptime_seconds").Double(metrics_.UptimeSeconds());
  json.Key("requests").Uint(metrics_.RequestCount());
  json.Key("write_queue").Uint(writer_.QueueDepth());
  json.Key("write_queue_limit").Uint(options_.limits.max_write_queue);
  json.Key("writer_holds_lock").Bool(writer_.HoldsLock());
  json.Key("searchers_idle").Uint(pool_->Idle());
  json.Key("search_slots").Uint(search_slots_.slots());
  json.Key("searches_waiting").Uint(search_slots_.waiting());
  json.Key("articles").BeginObject();
  json.Key("added").Uint(metrics_.articles_added.load());
  json.Key("replaced").Uint(metrics_.articles_replaced.load());
  json.Key("unchanged").Uint(metrics_.articles_unchanged.load());
  json.Key("rejected").Uint(metrics_.articles_rejected.load());
  json.Key("deleted").Uint(metrics_.articles_deleted.load());
  json.EndObject();
  json.Key("commits").Uint(metrics_.commits.load());
  json.Key("last_commit_age_seconds");
  const double age = metrics_.LastCommitAge();
  if (age >= 0) {
    json.Double(age);
  } else {
    json.Null();
  }
  json.EndObject();
  return Json(body + "\n");
}

ApiResponse Api::PrometheusMetrics() {
  std::string out = metrics_.PrometheusRequests();
  Result<SearcherPool::Lease> lease = pool_->Acquire();
  auto gauge = [&out](const std::string& name, const std::string& help, const std::string& type,
                      const std::string& value) {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           value + "\n";
  };
  if (lease.ok()) {
    gauge("facette_documents", "Articles in the database.", "gauge",
          std::to_string((*lease)->DocumentCount()));
    gauge("facette_revision", "The database revision searched.", "gauge",
          std::to_string((*lease)->Revision()));
  }
  gauge("facette_write_queue_depth", "Write requests waiting or being applied.", "gauge",
        std::to_string(writer_.QueueDepth()));
  gauge("facette_searches_waiting", "Searches waiting for a search slot.", "gauge",
        std::to_string(search_slots_.waiting()));
  gauge("facette_commits_total", "Commits of the writer.", "counter",
        std::to_string(metrics_.commits.load()));
  const double age = metrics_.LastCommitAge();
  if (age >= 0) {
    gauge("facette_last_commit_age_seconds", "Seconds since the writer's last commit.", "gauge",
          std::to_string(age));
  }
  out += "# HELP facette_articles_written_total Articles written, by outcome.\n";
  out += "# TYPE facette_articles_written_total counter\n";
  const std::pair<const char*, std::uint64_t> outcomes[] = {
      {"added", metrics_.articles_added.load()},
      {"replaced", metrics_.articles_replaced.load()},
      {"unchanged", metrics_.articles_unchanged.load()},
      {"rejected", metrics_.articles_rejected.load()},
      {"deleted", metrics_.articles_deleted.load()}};
  for (const auto& [name, count] : outcomes) {
    out += std::string("facette_articles_written_total{outcome=\"") + name + "\"} " +
           std::to_string(count) + "\n";
  }
  ApiResponse response = Json(std::move(out));
  response.content_type = "text/plain; version=0.0.4";
  return response;
}

}  // namespace facette::server
