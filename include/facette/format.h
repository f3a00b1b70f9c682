// SPDX-License-Identifier: GPL-2.0-or-later
// facette: search results and articles as text for a terminal or as JSON
// for programs (docs/json-output.md). The command-line tools print exactly
// these strings. Pure functions of their arguments: any thread may call
// them at any time.
#ifndef FACETTE_FORMAT_H_
#define FACETTE_FORMAT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "facette/article.h"
#include "facette/export.h"
#include "facette/search.h"

namespace facette {

/// One JSON object and a newline: total, offset, the request's limit,
/// parsed_query, suggestion, hits and facets (docs/json-output.md). Every
/// string is valid JSON and UTF-8 whatever the stored bytes (bytes that are
/// not UTF-8 become U+FFFD, control characters are escaped).
FACETTE_EXPORT std::string FormatJson(const SearchResult& result, const SearchRequest& request);
/// One JSON object per hit (the "hits" elements of FormatJson), each
/// followed by a newline.
FACETTE_EXPORT std::string FormatJsonLines(const SearchResult& result);
/// The ids of the hits, one per line: each as it is, or, when it holds a
/// control character or bytes that are not UTF-8, or starts with a double
/// quote, as a JSON string ("two\nlines"; invalid bytes as U+FFFD). A line
/// that starts with `"` is thus always a JSON string, and there is always
/// one line per hit.
FACETTE_EXPORT std::string FormatIds(const SearchResult& result);

/// How FormatText shows text.
struct TextStyle {
  /// The snippets' matched words in bold (ANSI escapes). Default: off.
  bool color = false;
};
/// For a terminal: the spelling suggestion if any ("Vouliez-vous dire :
/// …"), the hits (title, date and score, id, snippet with its matched
/// words, entities), then each facet that has values; lines of at most
/// about 80 terminal columns. Every stored string is shown through
/// VisibleText, so the bold of `style` is the only escape sequence written.
FACETTE_EXPORT std::string FormatText(const SearchResult& result, const SearchRequest& request,
                                      TextStyle style = {});

/// {"facet": "person", "values": [{"value": …, "count": …}]} and a newline.
FACETTE_EXPORT std::string FormatFacetSearchJson(const FacetSearchResult& result);
/// One line per value, its label (through VisibleText) and its count in a
/// column; "No FACET matches." when there is none.
FACETTE_EXPORT std::string FormatFacetSearchText(const FacetSearchResult& result);

/// `article` as one line of the JSON Lines input format (corpus/README.md)
/// and a newline: id, title, date (null when ""), body, url, source, then
/// the lists that are given (an Article from Searcher::GetArticle gives
/// them all, so that indexing the line extracts nothing again). Text that
/// is not UTF-8 is written with U+FFFD. When `notices` is given, a line is
/// appended to it for each thing that will not come back as it was when the
/// line is indexed: "ID: what and why" (text that was not UTF-8; a body at
/// the stored limit of 100,000 bytes, which a longer one was cut to).
FACETTE_EXPORT std::string FormatArticleJson(const Article& article,
                                             std::vector<std::string>* notices = nullptr);

/// `text` safe to show on a terminal, on one line: each control character
/// (C0, DEL, C1) written as its JSON escape ("\n", "\u001b"), each byte
/// that is not UTF-8 as U+FFFD, every other character kept.
FACETTE_EXPORT std::string VisibleText(std::string_view text);

/// Two lines for a terminal, each starting with two spaces, no final
/// newline: `query` (a window of about 70 columns around `position` when it
/// is longer, cut at characters and marked with "…"; white space shown as
/// spaces, other control characters as escapes) and a caret under the
/// character at byte `position`, counted in terminal columns (two for a
/// wide character, none for a combining mark). For a kBadQuery Status:
/// PointAt(query, *status.position()).
FACETTE_EXPORT std::string PointAt(std::string_view query, std::size_t position);

}  // namespace facette

#endif  // FACETTE_FORMAT_H_
