// facette-export: writes every article of a facette database as JSON Lines
// in facette-index's input format. Options are declared here; RunExport
// (article_export.h) does the work; every error ends up in the one funnel
// below.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "query/article_export.h"

namespace {

// Exit statuses (documented in --help and the README).
constexpr int kExitOk = 0;
constexpr int kExitError = 1;  // the export stopped: its output is incomplete
constexpr int kExitUsage = 2;  // bad options

const char* kDescription =
    "Write every article of a facette database, with every stored field, as JSON Lines in "
    "the input format of facette-index (one object per line, in document-id order): "
    "indexing the export gives the same searches.";

const char* kFooter = R"(Examples:
  facette-export > articles.jsonl                  ./facette.db to standard output
  facette-export --db news.db -o news.jsonl        another database, to a file
  facette-export --db news.db -o news.jsonl --aliases news-aliases.tsv
  facette-index --db copy.db --jobs 1 --aliases news-aliases.tsv news.jsonl
                                                   the same searches on copy.db

Every field is written, empty lists included, so that indexing the export with the
default --extract auto extracts nothing again. Re-index with --jobs 1 to keep the
order of equal hits (a parallel import groups the articles by shard).
What does not come back as it was:
  - a body over 100,000 bytes: the database stores its first 100,000 (a warning
    names each article at that limit);
  - entity names as first given: the export has them as indexed (titles removed,
    aliases applied, short names completed, one name per entity), which index the same;
    but a name of the alias table that is itself an alias (Daesh -> EI -> État
    islamique) is resolved one step more when the export is indexed;
  - the title's white space (collapsed, NFC) and the time of a date-time (the day is
    kept): they index the same, but such a title makes its article count as replaced,
    not unchanged, when the export is indexed into the database it came from;
  - the alias table, unless written with --aliases and given back to facette-index;
  - an id that is not UTF-8 (a text file's path): written with U+FFFD (a warning).
The database is --db, else $FACETTE_DB, else ./facette.db (same rule as the other tools).
Exit status: 0 exported; 1 error (no database, not a facette database, a write error
such as a full disk, or an indexer committed during the export; the output is then
incomplete); 2 usage error.)";

std::string DefaultDatabase() {
  const char* env = std::getenv("FACETTE_DB");
  return env != nullptr && *env != '\0' ? env : "./facette.db";
}

int Fail(const std::string& message) {
  std::cerr << "facette-export: " << message << '\n';
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-export");
  app.footer(kFooter);
  facette::ExportOptions options;
  options.db_path = DefaultDatabase();
  bool quiet = false;
  app.add_option("--db", options.db_path,
                 "Database directory (default: $FACETTE_DB or ./facette.db)");
  app.add_option("-o,--output", options.output_path,
                 "Write to this file (default: standard output, also -)");
  app.add_option("--aliases", options.aliases_path,
                 "Also write the database's own alias table (what facette-index --aliases gave "
                 "it; empty when none) to this file, for facette-index --aliases");
  app.add_flag("-q,--quiet", quiet, "No summary line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  auto summary = facette::RunExport(options);
  if (!summary.ok()) return Fail(summary.status().message());
  for (const std::string& notice : summary->notices) {
    std::cerr << "facette-export: warning: " << notice << '\n';
  }
  if (!quiet) {
    std::cerr << "facette-export: " << summary->articles << " articles from " << options.db_path
              << '\n';
  }
  return kExitOk;
} catch (const std::exception& e) {
  return Fail(e.what());
}
