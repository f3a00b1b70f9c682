// A search as an HTTP request gives it — query-string parameters (GET) or a
// JSON object (POST) — read into a SearchRequest. The names mirror
// facette-query's options (docs/http-api.md); both forms go through one
// setter, so they accept the same values and fail with the same errors.
#ifndef FACETTE_SERVER_SEARCH_PARAMS_H_
#define FACETTE_SERVER_SEARCH_PARAMS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facette/search.h"
#include "server/api_types.h"
#include "server/server_options.h"

namespace facette::server {

/// Parameters a route takes besides the search's (the facet route's
/// "prefix"): their values are put in `extras`, the last one winning.
struct ExtraParams {
  std::set<std::string> names;
  std::map<std::string, std::string> values;
};

/// Every parameter of a query string into `request` (which starts as the
/// default request). List parameters (person, not_person, mentioned...)
/// take every value given; the others may be given once. An unknown name,
/// a value that is not valid UTF-8, a number that is not a non-negative
/// integer, a limit over `limits`, an unknown sort, facet or granularity:
/// an ApiError naming the parameter.
std::optional<ApiError> ParseSearchParams(
    const std::vector<std::pair<std::string, std::string>>& params, const Limits& limits,
    SearchRequest& request, ExtraParams* extras = nullptr);

/// A JSON object {"q": "...", "person": ["..."], "limit": 5, ...}: strings,
/// non-negative integers, booleans... as the query string would give them;
/// lists as arrays of strings (or one string). Malformed JSON is an
/// ApiError with code "invalid_json".
std::optional<ApiError> ParseSearchJson(std::string_view json, const Limits& limits,
                                        SearchRequest& request);

/// The searches of a POST /multi-search body {"searches": [{...}, ...]}.
std::optional<ApiError> ParseMultiSearchJson(std::string_view json, const Limits& limits,
                                             std::vector<SearchRequest>& requests);

}  // namespace facette::server

#endif  // FACETTE_SERVER_SEARCH_PARAMS_H_
