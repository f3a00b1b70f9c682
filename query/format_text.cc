// Text output (facette/format.h): what a journalist reads in a terminal.
#include <algorithm>
#include <cstdio>

#include "analysis/utf8.h"
#include "facette/format.h"
#include "query/snippet.h"
#include "query/visible_text.h"
#include "schema/fields.h"

namespace facette {
namespace {

constexpr std::size_t kWidth = 80;

// Cuts visible text `s` to at most `width` columns, ending with "…" when
// cut (a wide character that does not fit is left out whole).
std::string Fit(std::string_view s, std::size_t width) {
  if (DisplayWidth(s) <= width) return std::string(s);
  std::size_t columns = 0, i = 0;
  for (std::size_t length = 0; i < s.size(); i += length) {
    const std::size_t added = CharacterWidth(utf8::Decode(s, i, &length));
    if (columns + added > width - 1) break;
    columns += added;  // combining marks (0) stay with the character before
  }
  return std::string(s.substr(0, i)) + "…";
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

// "label: a, b, c" wrapped to kWidth with a hanging indent; the items are
// visible text.
void AppendWrapped(std::string& out, const std::string& indent, const std::string& label,
                   const std::vector<std::string>& items) {
  std::string line = indent + label;
  std::size_t hang = DisplayWidth(indent) + 2;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string item = items[i] + (i + 1 < items.size() ? "," : "");
    if (DisplayWidth(line) + 1 + DisplayWidth(item) > kWidth && DisplayWidth(line) > hang) {
      out += line + "\n";
      line = std::string(hang, ' ') + item;
    } else {
      line += " " + item;
    }
  }
  out += line + "\n";
}

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kNormal = "\x1b[22m";

// `snippet` as shown: its text through VisibleText piece by piece, so that
// its highlights still mark the same words.
Snippet Visible(const Snippet& snippet) {
  const std::string& text = snippet.text;
  Snippet shown;
  std::size_t copied = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    if (begin < copied || begin >= end || end > text.size()) continue;
    shown.text += VisibleText(std::string_view(text).substr(copied, begin - copied));
    const std::size_t shown_begin = shown.text.size();
    shown.text += VisibleText(std::string_view(text).substr(begin, end - begin));
    shown.highlights.emplace_back(shown_begin, shown.text.size());
    copied = end;
  }
  shown.text += VisibleText(std::string_view(text).substr(copied));
  return shown;
}

// The (visible) snippet wrapped to kWidth after `indent`, its highlights
// in bold when `color`: lines are cut at spaces, by columns of the plain
// text.
void AppendSnippet(std::string& out, const Snippet& snippet, const std::string& indent,
                   bool color) {
  const std::string& text = snippet.text;
  const std::size_t width = kWidth - DisplayWidth(indent);
  std::size_t line_begin = 0;
  while (line_begin < text.size()) {
    // The longest run of whole words that fits (at least one word).
    std::size_t line_end = line_begin, columns = 0;
    while (line_end < text.size()) {
      std::size_t word_end = text.find(' ', line_end + 1);
      if (word_end == std::string::npos) word_end = text.size();
      std::size_t added =
          DisplayWidth(std::string_view(text).substr(line_end, word_end - line_end));
      if (columns + added > width && line_end > line_begin) break;
      columns += added;
      line_end = word_end;
    }
    std::string line = indent;
    std::size_t copied = line_begin;
    for (const auto& [begin, end] : snippet.highlights) {
      std::size_t b = std::max(begin, line_begin), e = std::min(end, line_end);
      if (!color || b >= e) continue;
      line.append(text, copied, b - copied);
      line.append(kBold).append(text, b, e - b).append(kNormal);
      copied = e;
    }
    line.append(text, copied, line_end - copied);
    out += line + "\n";
    line_begin = line_end;
    while (line_begin < text.size() && text[line_begin] == ' ') ++line_begin;
  }
}

std::string FacetHeading(const Facet& facet) {
  if (facet.name == "person") return "Persons";
  if (facet.name == "organization") return "Organizations";
  if (facet.name == "location") return "Locations";
  if (facet.name == "date") {
    if (facet.granularity == "year") return "Years";
    if (facet.granularity == "day") return "Days";
    return "Months";
  }
  if (facet.name == "mentioned") return "Dates mentioned";
  return "Values";
}

// "Vouliez-vous dire : SUGGESTION ?" (SUGGESTION as given: visible text).
std::string SuggestionLine(const std::string& suggestion) {
  return "Vouliez-vous dire : " + suggestion + " ?";
}

// "Donald Trump (30)", each value through VisibleText.
std::vector<std::string> CountedItems(const std::vector<FacetValue>& values) {
  std::vector<std::string> items;
  for (const FacetValue& v : values) {
    items.push_back(VisibleText(v.value) + " (" + std::to_string(v.count) + ")");
  }
  return items;
}

// What each name filter matched: "person trump: Donald Trump (30), Trump
// (2)"; for one that matched nothing, that it did and the nearest names.
void AppendMatched(std::string& out, const std::vector<NameMatch>& matched) {
  for (const NameMatch& match : matched) {
    std::string label = match.facet + " " + VisibleText(match.text) + ":";
    std::vector<std::string> items = CountedItems(match.values);
    // "Donald Trump (32, with Trump)": a value that counts merged names.
    for (std::size_t i = 0; i < match.values.size(); ++i) {
      std::string with;
      for (const NameMerge& merge : match.merged) {
        if (merge.into != match.values[i].value) continue;
        with += (with.empty() ? ", with " : ", ") + VisibleText(merge.name);
      }
      if (!with.empty()) items[i].insert(items[i].size() - 1, with);
    }
    if (match.entities > match.values.size()) {
      items.push_back("… (" + std::to_string(match.entities) + " in all)");
    }
    if (match.entities == 0) {
      label += " no " + match.facet + " of this name" +
               (match.suggestions.empty() ? std::string(".") : std::string("; nearest:"));
      items = CountedItems(match.suggestions);
    }
    AppendWrapped(out, "", label, items);
  }
}

}  // namespace

std::string FormatText(const SearchResult& result, const SearchRequest& request, TextStyle style) {
  std::string out;
  char buf[128];
  if (result.suggestion) {
    std::string shown = VisibleText(*result.suggestion);
    if (style.color) shown = std::string(kBold) + shown + std::string(kNormal);
    out += SuggestionLine(shown) + "\n";
  }
  AppendMatched(out, result.matched);
  if (result.total == 0) {
    out += "No article matches.\n";
    return out;
  }
  const char* articles_match = result.total > 1 ? "articles match" : "article matches";
  if (result.hits.empty()) {
    std::snprintf(buf, sizeof buf, "%llu %s.\n", static_cast<unsigned long long>(result.total),
                  articles_match);
    out += buf;
  } else {
    std::snprintf(buf, sizeof buf, "%llu %s; showing %llu-%llu.\n",
                  static_cast<unsigned long long>(result.total), articles_match,
                  static_cast<unsigned long long>(result.offset + 1),
                  static_cast<unsigned long long>(result.offset + result.hits.size()));
    out += buf;
  }
  std::uint64_t rank = result.offset;
  for (const Hit& hit : result.hits) {
    ++rank;
    out += "\n";
    std::snprintf(buf, sizeof buf, "%3llu. ", static_cast<unsigned long long>(rank));
    std::string meta = hit.date.empty() ? std::string("no date") : hit.date;
    if (hit.score > 0) {
      char score[32];
      std::snprintf(score, sizeof score, "  %.2f", hit.score);
      meta += score;
    }
    std::size_t title_width = kWidth - 5 - 2 - DisplayWidth(meta);
    std::string title = Fit(hit.title.empty() ? "(no title)" : VisibleText(hit.title), title_width);
    out += buf + title + std::string(title_width - DisplayWidth(title) + 2, ' ') + meta + "\n";
    out += "     " + Fit(VisibleText(hit.id), kWidth - 5) + "\n";
    AppendSnippet(out, Visible(hit.snippet), "     ", style.color);
    for (EntityType type : kEntityTypes) {
      const auto& names = hit.entities[Index(type)];
      if (names.empty()) continue;
      std::string label = std::string(EntityField(type).json_name) + ":";
      out += "     " + Fit(label + " " + VisibleText(Join(names)), kWidth - 5) + "\n";
    }
    if (!hit.dates_mentioned.empty()) {
      out +=
          "     " + Fit("mentions: " + VisibleText(Join(hit.dates_mentioned)), kWidth - 5) + "\n";
    }
  }
  for (const Facet& facet : result.facets) {
    if (facet.values.empty()) continue;
    std::vector<std::string> items = CountedItems(facet.values);
    std::string heading = FacetHeading(facet);
    if (facet.name == "date") {
      heading += " (" + std::to_string(facet.distinct) + "):";
    } else {
      heading += " (top " + std::to_string(facet.values.size()) + " of " +
                 std::to_string(facet.distinct) + (facet.exact ? "" : ", approximate") +
                 (facet.selection_excluded ? ", without the " + facet.name + " filter" : "") + "):";
    }
    out += "\n";
    AppendWrapped(out, "", heading, items);
  }
  (void)request;
  return out;
}

std::string FormatFacetSearchText(const FacetSearchResult& result) {
  if (result.values.empty()) return "No " + result.facet + " matches.\n";
  std::string out;
  for (const FacetValue& v : result.values) {
    const std::string value = VisibleText(v.value);
    const std::size_t columns = DisplayWidth(value);
    out +=
        value + std::string(columns < 40 ? 40 - columns : 1, ' ') + std::to_string(v.count) + "\n";
  }
  return out;
}

}  // namespace facette
