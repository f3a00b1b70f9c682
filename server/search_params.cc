// Search parameters from a query string or a JSON object (search_params.h).
#include "server/search_params.h"

#include <simdjson.h>

#include <cstdint>
#include <set>
#include <string>

#include "indexer/utf8_repair.h"

namespace facette::server {
namespace {

ApiError BadParam(const std::string& name, std::string message,
                  std::string code = "invalid_parameter") {
  ApiError error;
  error.status = 400;
  error.code = std::move(code);
  error.parameter = name;
  error.message = "parameter \"" + name + "\": " + message;
  return error;
}

ApiError BadJson(std::string message) {
  ApiError error;
  error.status = 400;
  error.code = "invalid_json";
  error.message = std::move(message);
  return error;
}

// A decimal integer of at most 19 digits, nothing else.
std::optional<std::uint64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// Reads the parameters of one search, one at a time.
class ParamReader {
 public:
  ParamReader(const Limits& limits, SearchRequest& request, ExtraParams* extras)
      : limits_(limits), request_(request), extras_(extras) {}

  std::optional<ApiError> Set(const std::string& name, const std::string& value) {
    if (!IsValidUtf8(name)) {
      ApiError error = BadParam("", "a parameter name is not valid UTF-8", "invalid_utf8");
      error.message = "a parameter name is not valid UTF-8";
      return error;
    }
    if (!IsValidUtf8(value)) return BadParam(name, "the value is not valid UTF-8", "invalid_utf8");
    if (std::vector<std::string>* list = ListOf(name)) {
      list->push_back(value);
      return std::nullopt;
    }
    if (!seen_.insert(name).second) return BadParam(name, "given more than once");
    if (extras_ != nullptr && extras_->names.count(name) > 0) {
      extras_->values[name] = value;
      return std::nullopt;
    }
    if (name == "q") {
      if (value.size() > limits_.max_query_bytes) {
        return BadParam(name, "longer than " + std::to_string(limits_.max_query_bytes) + " bytes",
                        "query_too_long");
      }
      request_.query = value;
    } else if (name == "from") {
      request_.from = value;
    } else if (name == "to") {
      request_.to = value;
    } else if (name == "date") {
      request_.date = value;
    } else if (name == "like") {
      request_.like_id = value;
    } else if (name == "limit" || name == "offset" || name == "facet_size") {
      std::optional<std::uint64_t> count = ParseCount(value);
      if (!count) return BadParam(name, "\"" + value + "\" is not a non-negative integer");
      const std::uint64_t most = name == "offset" ? std::uint64_t{4000000000} : limits_.max_limit;
      if (*count > most) return BadParam(name, "at most " + std::to_string(most));
      (name == "limit"    ? request_.limit
       : name == "offset" ? request_.offset
                          : request_.facet_size) = *count;
    } else if (name == "sort") {
      std::optional<SortOrder> sort = ParseSortOrder(value);
      if (!sort) {
        return BadParam(name, "\"" + value +
                                  "\" is not a sort order (auto, relevance, newest, oldest, "
                                  "recent)");
      }
      request_.sort = *sort;
    } else if (name == "date_granularity") {
      std::optional<DateGranularity> granularity = ParseDateGranularity(value);
      if (!granularity) {
        return BadParam(name, "\"" + value + "\" is not a granularity (auto, year, month, day)");
      }
      request_.date_granularity = *granularity;
    } else if (name == "facets") {
      Result<std::vector<FacetKind>> facets = ParseFacetList(value);
      if (!facets.ok()) return BadParam(name, facets.status().message());
      request_.facets = std::move(facets.value());
    } else {
      seen_.erase(name);
      ApiError error = BadParam(name, "unknown parameter", "unknown_parameter");
      error.message = "unknown parameter \"" + name + "\"";
      return error;
    }
    return std::nullopt;
  }

  // Whether `name` takes several values.
  bool IsList(const std::string& name) { return ListOf(name) != nullptr; }

  std::optional<ApiError> Finish() {
    if (request_.limit > limits_.max_limit ||
        request_.offset + request_.limit > std::uint64_t{4000000000}) {
      return BadParam("limit", "offset + limit is too large");
    }
    return std::nullopt;
  }

 private:
  // The list `name` fills: entity filters by the facet's names, exclusions
  // after "not_", and "mentioned"; nullptr for other names.
  std::vector<std::string>* ListOf(const std::string& name) {
    if (name == "mentioned") return &request_.mentioned;
    const bool negative = name.rfind("not_", 0) == 0;
    const std::string facet = negative ? name.substr(4) : name;
    if (facet.empty() || facet.back() == 's') return nullptr;  // "persons": the query language's
    std::optional<EntityType> type = ParseEntityType(facet);
    if (!type || facet != ToLower(facet)) return nullptr;
    return negative ? &request_.entity_exclusions[Index(*type)]
                    : &request_.entity_filters[Index(*type)];
  }
  static std::string ToLower(std::string text) {
    for (char& c : text) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
  }

  const Limits& limits_;
  SearchRequest& request_;
  ExtraParams* extras_;
  std::set<std::string> seen_;
};

// One JSON value as the text of a parameter: a string as it is, an integer
// in decimal, a boolean as true/false.
std::optional<ApiError> JsonScalar(const std::string& name, simdjson::dom::element value,
                                   std::string& text) {
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      text = std::string(std::string_view(value));
      return std::nullopt;
    case simdjson::dom::element_type::UINT64:
      text = std::to_string(std::uint64_t(value));
      return std::nullopt;
    case simdjson::dom::element_type::INT64:
      text = std::to_string(std::int64_t(value));
      return std::nullopt;
    case simdjson::dom::element_type::BOOL:
      text = bool(value) ? "true" : "false";
      return std::nullopt;
    default:
      return BadParam(name, "expects a string or an integer");
  }
}

std::optional<ApiError> ReadSearchObject(simdjson::dom::object object, const Limits& limits,
                                         SearchRequest& request) {
  ParamReader reader(limits, request, nullptr);
  for (simdjson::dom::key_value_pair field : object) {
    const std::string name(field.key);
    if (field.value.is_null()) continue;
    if (field.value.is_array()) {
      if (!reader.IsList(name)) {
        if (std::optional<ApiError> error = reader.Set(name, "")) {
          if (error->code == "unknown_parameter" || error->code == "invalid_utf8") return error;
        }
        return BadParam(name, "takes one value, not an array");
      }
      for (simdjson::dom::element element : simdjson::dom::array(field.value)) {
        std::string text;
        if (std::optional<ApiError> error = JsonScalar(name, element, text)) return error;
        if (std::optional<ApiError> error = reader.Set(name, text)) return error;
      }
      continue;
    }
    std::string text;
    if (std::optional<ApiError> error = JsonScalar(name, field.value, text)) return error;
    if (std::optional<ApiError> error = reader.Set(name, text)) return error;
  }
  return reader.Finish();
}

}  // namespace

std::optional<ApiError> ParseSearchParams(
    const std::vector<std::pair<std::string, std::string>>& params, const Limits& limits,
    SearchRequest& request, ExtraParams* extras) {
  ParamReader reader(limits, request, extras);
  for (const auto& [name, value] : params) {
    if (std::optional<ApiError> error = reader.Set(name, value)) return error;
  }
  return reader.Finish();
}

std::optional<ApiError> ParseSearchJson(std::string_view json, const Limits& limits,
                                        SearchRequest& request) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return BadJson(std::string("the body is not JSON: ") + simdjson::error_message(error));
  }
  if (!root.is_object()) return BadJson("the body is not a JSON object");
  return ReadSearchObject(simdjson::dom::object(root), limits, request);
}

std::optional<ApiError> ParseMultiSearchJson(std::string_view json, const Limits& limits,
                                             std::vector<SearchRequest>& requests) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return BadJson(std::string("the body is not JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::array searches;
  if (!root.is_object() || root["searches"].get(searches) != simdjson::SUCCESS) {
    return BadJson("the body is not a JSON object with an array \"searches\"");
  }
  for (simdjson::dom::key_value_pair field : simdjson::dom::object(root)) {
    if (field.key != "searches") {
      ApiError error = BadParam(std::string(field.key), "unknown member", "unknown_parameter");
      error.message = "unknown member \"" + std::string(field.key) + "\"";
      return error;
    }
  }
  if (searches.size() > limits.max_multi_searches) {
    return BadParam("searches", "at most " + std::to_string(limits.max_multi_searches) +
                                    " searches in one request");
  }
  std::size_t index = 0;
  for (simdjson::dom::element search : searches) {
    requests.emplace_back();
    std::optional<ApiError> error;
    if (!search.is_object()) {
      error = BadJson("search " + std::to_string(index) + " is not a JSON object");
    } else {
      error = ReadSearchObject(simdjson::dom::object(search), limits, requests.back());
    }
    if (error) {
      error->search = index;
      return error;
    }
    ++index;
  }
  return std::nullopt;
}

}  // namespace facette::server
