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
// about 80 terminal columns. Every string is shown through VisibleText
// (visible_text.h): a control character it holds is shown as an escape, and
// the bold of `style` is the only escape sequence written.
std::string FormatText(const SearchResult& result, const SearchRequest& request,
                       TextStyle style = {});

// "Vouliez-vous dire : SUGGESTION ?" (SUGGESTION as given: visible text).
std::string SuggestionLine(const std::string& suggestion);

// One JSON object per hit (the "hits" elements of FormatJson), one per line.
std::string FormatJsonLines(const SearchResult& result);

// The ids of the hits, one per line: each as it is, or, when it holds a
// control character or bytes that are not UTF-8, or starts with a double
// quote, as a JSON string ("two\nlines"; invalid bytes as U+FFFD). A line
// that starts with `"` is thus always a JSON string.
std::string FormatIds(const SearchResult& result);

// A facet value search: {"facet": "person", "values": [{"value", "count"}]}.
std::string FormatFacetSearchJson(const FacetSearchResult& result);
// The same as text: one "label  count" line per value (labels through
// VisibleText).
std::string FormatFacetSearchText(const FacetSearchResult& result);

}  // namespace facette

#endif  // FACETTE_QUERY_FORMAT_H_
