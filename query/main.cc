// facette-query: full-text and faceted search over a facette database.
// A thin client of the public API: options are declared here and mapped to
// a SearchRequest; Searcher (facette/searcher.h) does the work and the
// formatters (facette/format.h) print it; errors end up in one funnel,
// which adds the option at fault to the library's message.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "facette/format.h"
#include "facette/search.h"
#include "facette/searcher.h"

namespace {

constexpr int kExitMatches = 0;
constexpr int kExitNoMatch = 1;
constexpr int kExitError = 2;

const char* kDescription =
    "Search a facette database of French articles: free text in Xapian's query syntax "
    "(AND, OR, NOT, \"phrases\", word*, title:, person:, org:, location:, date:, mentioned:, "
    "id:) "
    "and facet filters. Prints the hits and exact facet counts over all matches.";

const char* kFooter = R"(Examples:
  facette-query "réforme des retraites"
  facette-query --person "François Hollande" --org "Parti socialiste" --from 2016-06
  facette-query --format json --limit 0 --person macron        facets only, as JSON
  facette-query 'title:attentat AND location:paris' --to 2016
  facette-query --org "Parti socialiste" --not-person Hollande     negative filter
  facette-query --facet-search person son                         completions, with counts
  facette-query --person "Manuel Valls" --sort oldest --format ids      ids, oldest first
  facette-query --explain 'title:attentat -paris'                  the parsed query
  facette-query 'person:"Manuel Valls" AND person:"François Hollande"'   both persons
  facette-query attentat --sort recent           relevance, recent articles boosted
  facette-query --like winer-fr/2017_04_22-002 --from 2017     similar articles
  facette-query gouvernemnt        suggests "gouvernement" (the query run is unchanged)
  facette-query attentat --color always | less -R                bold matched words
  facette-query --mentioned 2017-05 élection     articles that talk about May 2017
  facette-query --date "février 2017" --person trump       published in February 2017

Filters on different facets combine with AND; several values of one facet with OR.
A facet with a selection is counted without it, so its other values show what they
would add (multi-select). Names match whatever their case, accents or punctuation
("openai" finds "OpenAI"), and aliases ("SBG" finds "SoftBank Group"). A name that is
not exactly a known one (or a person's surname: one word, or the end of a longer name
such as "Le Pen") matches every name containing its words: --person trump finds Donald
Trump, Ivanka Trump and Trump; --person "le pen" Marine Le Pen too; the output says what
each name matched, and suggests names when it matched none.
--from/--to take YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY, MM/YYYY or French dates
("février 2016", "fév 2016", "7 février 2016"); they filter
by publication date, and so does --date, a date or a range FROM..TO in one value.
--mentioned (and mentioned:) filters by the dates an article talks about: a month finds
the month and its days.
The database is --db, else $FACETTE_DB, else ./facette.db.
Each hit shows the passage of its body that best matches the query, its matched words
in bold on a terminal (--color; NO_COLOR turns colour off). A query that cannot be read
is shown with a caret under the problem. JSON fields: docs/json-output.md.
Exit status: 0 some article matches; 1 none matches; 2 error (usage, query, database).)";

// --color: auto colours only a terminal (not a dumb one), and not when
// NO_COLOR is set to anything (https://no-color.org); always and never win
// over both.
bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) == 1;
}

// A message for the terminal: its lines through VisibleText (it may quote
// the query or a stored string), its line breaks kept.
std::string Visible(const std::string& message) {
  std::string out;
  for (std::size_t begin = 0; begin <= message.size();) {
    std::size_t end = std::min(message.find('\n', begin), message.size());
    if (begin > 0) out += '\n';
    out += facette::VisibleText(std::string_view(message).substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

int Fail(const std::string& message) {
  std::cerr << "facette-query: " << Visible(message) << '\n';
  return kExitError;
}

// The option a request field (Status::field(), facette/search.h) comes
// from; "" when it is not one option's.
std::string OptionOf(const std::string& field) {
  if (field == "like_id") return "--like";
  if (field.rfind("not_", 0) == 0) return "--not-" + field.substr(4);
  for (const char* name : {"from", "to", "date", "mentioned", "facets"}) {
    if (field == name) return "--" + field;
  }
  for (facette::EntityType type : facette::kEntityTypes) {
    if (field == facette::EntityTypeName(type)) return "--" + field;
  }
  return "";
}

// A failed search: the option at fault before the library's message, and
// a query that cannot be read shown with a caret under the problem.
int Fail(const facette::Status& status, const std::string& query) {
  std::string message = status.message();
  if (status.code() == facette::Status::Code::kBadQuery && status.position()) {
    message += "\n" + facette::PointAt(query, *status.position());
  }
  const std::string option = OptionOf(status.field());
  if (status.code() == facette::Status::Code::kInvalidArgument && !option.empty()) {
    message = option + ": " + message;
  }
  return Fail(message);
}

// Notes on how the query was run, whatever the output format.
// "Merged: Trump → Donald Trump (Donald Trump: 30 articles, 94% of the
// articles of the person names ending in Trump)".
std::string MergeLine(const facette::NameMerge& merge) {
  const std::uint64_t percent =
      merge.full_articles == 0 ? 100 : merge.into_articles * 100 / merge.full_articles;
  return "Merged: " + Visible(merge.name) + " \u2192 " + Visible(merge.into) + " (" +
         Visible(merge.into) + ": " + std::to_string(merge.into_articles) + " articles, " +
         std::to_string(percent) + "% of the articles of the " + merge.facet + " names ending in " +
         Visible(merge.name) + ")";
}

void PrintNotices(const std::vector<std::string>& notices) {
  for (const std::string& notice : notices) {
    std::cerr << "facette-query: note: " << Visible(notice) << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-query");
  app.footer(kFooter);
  std::string db_path = facette::DefaultDatabasePath();
  std::vector<std::string> words;
  facette::SearchRequest request;
  std::string format = "text";

  app.add_option("query", words, "Query words (joined with spaces)");
  app.add_option("--db", db_path, "Database directory (default: $FACETTE_DB or ./facette.db)");
  // --person/--org/--location and --not-*, named as the query language
  // names the facets.
  for (facette::EntityType type : facette::kEntityTypes) {
    std::string names, not_names;
    for (const std::string& name : facette::EntityTypeNames(type)) {
      if (name.back() == 's') continue;  // "persons" is for the query language
      names += (names.empty() ? "--" : ",--") + name;
      not_names += (not_names.empty() ? "--not-" : ",--not-") + name;
    }
    std::string what = type == facette::EntityType::kPerson         ? "person"
                       : type == facette::EntityType::kOrganization ? "organisation"
                                                                    : "place";
    app.add_option(names, request.entity_filters[facette::Index(type)],
                   "Only articles naming this " + what + " (repeatable: OR)")
        ->expected(1)
        ->allow_extra_args(false)
        ->take_all();
    app.add_option(not_names, request.entity_exclusions[facette::Index(type)],
                   "No article naming this " + what + " (repeatable)")
        ->expected(1)
        ->allow_extra_args(false)
        ->take_all();
  }
  app.add_option("--from", request.from, "Published on or after this date");
  app.add_option("--to", request.to, "Published on or before this date");
  app.add_option("--date", request.date,
                 "Published on this date or in this period: 2017, \"février 2017\", "
                 "2016-06..2016-08, ..2016-06 (as date: in the query)");
  app.add_option("--mentioned", request.mentioned,
                 "Only articles mentioning this date or range (2016-02, \"7 février 2016\", "
                 "2016-01..2016-03; repeatable: OR)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  // Xapian counts documents in 32 bits: keep paging within that.
  app.add_option("--limit", request.limit, "Hits to show (default 10; 0: totals and facets only)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1000000}));
  app.add_option("--offset", request.offset, "Hits to skip (default 0)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{4000000000}));
  app.add_option("--facet-size", request.facet_size, "Values per entity facet (default 10)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1000000}));
  unsigned threads = 0;
  app.add_option("--threads", threads,
                 "Threads a search of a large database (50,000+ articles) is split over "
                 "(default 0: one per core, at most 4; 1: no split)")
      ->check(CLI::Range(0u, facette::kMaxSearchThreads));
  app.add_option("--format", format,
                 "Output: text (default), json (one object), jsonl (one hit per line), ids")
      ->check(CLI::IsMember({"text", "json", "jsonl", "ids"}));
  std::string sort = "auto";
  app.add_option("--sort", sort,
                 "Order of hits: relevance (default with query words), newest (default "
                 "without), oldest, recent (relevance plus a boost that halves every 60 days "
                 "before the newest article)")
      ->check(CLI::IsMember({"auto", "relevance", "newest", "oldest", "recent"}));
  app.add_option("--like", request.like_id,
                 "ID: articles like this one (its most characteristic words), the article "
                 "itself excluded; combines with the query and filters");
  std::string color = "auto";
  app.add_option("--color,--colour", color,
                 "Bold matched words in text output: auto (a terminal, unless NO_COLOR is set), "
                 "always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  bool explain = false;
  app.add_flag("--explain", explain,
               "Print the query as Xapian parsed it, with the filters applied, and the short "
               "names counted under a full name, before the results");
  std::string facets_text;
  CLI::Option* facets_option =
      app.add_option("--facets", facets_text,
                     "Facets to count, comma-separated: person,organization,location,date,"
                     "mentioned (default: all; none or an empty list: no facet)");
  std::string granularity = "auto";
  app.add_option("--date-granularity", granularity,
                 "Date facet buckets: auto (years, months or days, as the matches span), year, "
                 "month, day")
      ->check(CLI::IsMember({"auto", "year", "month", "day"}));
  std::vector<std::string> facet_search;
  app.add_option("--facet-search", facet_search,
                 "FACET TEXT: the values of FACET (person, organization, location) with a word "
                 "starting with TEXT, counted under the query and filters")
      ->expected(2)
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitMatches : kExitError;
  }

  for (const std::string& word : words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += word;
  }
  if (facets_option->count() > 0) {  // given, even empty: the facets listed (the API's rule)
    auto facets = facette::ParseFacetList(facets_text);
    if (!facets.ok()) return Fail(facets.status(), request.query);
    request.facets = std::move(facets.value());
  }
  // The option's check above admits only names these read.
  request.sort = facette::ParseSortOrder(sort).value_or(facette::SortOrder::kAuto);
  request.date_granularity =
      facette::ParseDateGranularity(granularity).value_or(facette::DateGranularity::kAuto);
  // Snippets and suggestions only where they are shown.
  request.snippets = format != "ids";
  request.suggestions = format == "text" || format == "json";

  facette::SearcherOptions searcher_options;
  searcher_options.threads = threads;
  auto searcher = facette::Searcher::Open(db_path, searcher_options);
  if (!searcher.ok()) return Fail(searcher.status().message());
  if (!facet_search.empty()) {
    std::optional<facette::EntityType> facet = facette::ParseEntityType(facet_search[0]);
    if (!facet) {
      return Fail("--facet-search: \"" + facet_search[0] +
                  "\" is not an entity facet (person, organization, location)");
    }
    auto found = (*searcher)->FacetSearch(request, *facet, facet_search[1]);
    if (!found.ok()) return Fail(found.status(), request.query);
    PrintNotices(found->notices);
    std::cout << (format == "text" ? facette::FormatFacetSearchText(found.value())
                                   : facette::FormatFacetSearchJson(found.value()));
    return found->values.empty() ? kExitNoMatch : kExitMatches;
  }
  auto result = (*searcher)->Search(request);
  if (!result.ok()) return Fail(result.status(), request.query);
  PrintNotices(result->notices);

  if (explain) {
    std::ostream& out = format == "text" ? std::cout : std::cerr;
    out << "Query: " << Visible(result->parsed_query) << "\n";
    for (const facette::NameMerge& merge : result->merges) out << MergeLine(merge) << "\n";
    if (format == "text") out << "\n";
  }
  if (format == "json") {
    std::cout << facette::FormatJson(result.value(), request);
  } else if (format == "jsonl") {
    std::cout << facette::FormatJsonLines(result.value());
  } else if (format == "ids") {
    std::cout << facette::FormatIds(result.value());
  } else {
    std::cout << facette::FormatText(result.value(), request, {UseColor(color)});
  }
  return result->total > 0 ? kExitMatches : kExitNoMatch;
} catch (const std::exception& e) {
  return Fail(e.what());
}
