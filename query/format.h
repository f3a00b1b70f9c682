// Output formats of a SearchResult: readable text for a terminal and one
// JSON object for programs (documented in docs/json-output.md).
#ifndef FACETTE_QUERY_FORMAT_H_
#define FACETTE_QUERY_FORMAT_H_

#include <string>

#include "query/search_types.h"

namespace facette {

// One JSON object followed by a newline.
std::string FormatJson(const SearchResult& result, const SearchRequest& request);

// How text is shown. color: the snippets' matched words in bold (ANSI
// escapes); main.cc turns it on for a terminal, off with NO_COLOR or
// --color never.
struct TextStyle {
  bool color = false;
};

// The spelling suggestion if any, then the hits (title, date and score, id,
// snippet with its matched words, entities), then facets; lines of at most
// about 80 columns.
std::string FormatText(const SearchResult& result, const SearchRequest& request,
                       TextStyle style = {});

// "Vouliez-vous dire : SUGGESTION ?"
std::string SuggestionLine(const std::string& suggestion);

// One JSON object per hit (the "hits" elements of FormatJson), one per line.
std::string FormatJsonLines(const SearchResult& result);

// The ids of the hits, one per line.
std::string FormatIds(const SearchResult& result);

// A facet value search: {"facet": "person", "values": [{"value", "count"}]}.
std::string FormatFacetSearchJson(const FacetSearchResult& result);
std::string FormatFacetSearchText(const FacetSearchResult& result);

}  // namespace facette

#endif  // FACETTE_QUERY_FORMAT_H_
