// facette-query: full-text and faceted search over a facette database.
// Options are declared here; Searcher (searcher.h) does the work and the
// formatters (format.h) print it; errors end up in one funnel.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "query/format.h"
#include "query/searcher.h"
#include "schema/dates.h"

namespace {

constexpr int kExitMatches = 0;
constexpr int kExitNoMatch = 1;
constexpr int kExitError = 2;

const char* kDescription =
    "Search a facette database of French articles: free text in Xapian's query syntax "
    "(AND, OR, NOT, \"phrases\", word*, title:, person:, org:, location:, date:, id:) "
    "and facet filters. Prints the hits and exact facet counts over all matches.";

const char* kFooter = R"(Examples:
  facette-query "réforme des retraites"
  facette-query --person "François Hollande" --org "Parti socialiste" --from 2016-06
  facette-query --format json --limit 0 --person macron        facets only, as JSON
  facette-query 'title:attentat AND location:paris' --to 2016

Filters on different facets combine with AND; several values of one facet with OR.
Names match whatever their case, accents or punctuation ("openai" finds "OpenAI").
--from/--to take YYYY, YYYY-MM, YYYY-MM-DD or French dates ("février 2016").
The database is --db, else $FACETTE_DB, else ./facette.db.
Exit status: 0 some article matches; 1 none matches; 2 error (usage, query, database).)";

std::string DefaultDatabase() {
  const char* env = std::getenv("FACETTE_DB");
  return env != nullptr && *env != '\0' ? env : "./facette.db";
}

int Fail(const std::string& message) {
  std::cerr << "facette-query: " << message << '\n';
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-query");
  app.footer(kFooter);
  std::string db_path = DefaultDatabase();
  std::vector<std::string> words;
  facette::SearchRequest request;
  std::string from_text, to_text, format = "text";

  app.add_option("query", words, "Query words (joined with spaces)");
  app.add_option("--db", db_path, "Database directory (default: $FACETTE_DB or ./facette.db)");
  app.add_option("--person", request.entity_filters[facette::Index(facette::EntityType::kPerson)],
                 "Only articles naming this person (repeatable: OR)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  app.add_option("--org,--organization",
                 request.entity_filters[facette::Index(facette::EntityType::kOrganization)],
                 "Only articles naming this organisation (repeatable: OR)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  app.add_option("--location",
                 request.entity_filters[facette::Index(facette::EntityType::kLocation)],
                 "Only articles naming this place (repeatable: OR)")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
  app.add_option("--from", from_text, "Published on or after this date");
  app.add_option("--to", to_text, "Published on or before this date");
  // Xapian counts documents in 32 bits: keep paging within that.
  app.add_option("--limit", request.limit, "Hits to show (default 10; 0: totals and facets only)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1000000}));
  app.add_option("--offset", request.offset, "Hits to skip (default 0)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{4000000000}));
  app.add_option("--facet-size", request.facet_size, "Values per entity facet (default 10)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1000000}));
  app.add_option("--format", format, "Output: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitMatches : kExitError;
  }

  for (const std::string& word : words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += word;
  }
  for (auto [text, bound] : {std::pair{&from_text, &request.from}, {&to_text, &request.to}}) {
    if (text->empty()) continue;
    auto date = facette::ParsePartialDate(*text);
    if (!date.ok()) {
      return Fail(std::string(bound == &request.from ? "--from" : "--to") + ": " +
                  date.status().message());
    }
    *bound = date.value();
  }

  auto searcher = facette::Searcher::Open(db_path);
  if (!searcher.ok()) return Fail(searcher.status().message());
  auto result = (*searcher)->Search(request);
  if (!result.ok()) return Fail(result.status().message());

  std::cout << (format == "json" ? facette::FormatJson(result.value(), request)
                                 : facette::FormatText(result.value(), request));
  return result->total > 0 ? kExitMatches : kExitNoMatch;
} catch (const std::exception& e) {
  return Fail(e.what());
}
