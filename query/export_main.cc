// facette-export: writes every article of a facette database as JSON Lines
// in facette-index's input format. A thin client of the public API: the
// Searcher (facette/searcher.h) reads the articles, FormatArticleJson
// (facette/format.h) makes their lines, and this file writes them, every
// write checked; every error ends up in the one funnel below.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "facette/format.h"
#include "facette/searcher.h"

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

// A file written with stdio, every failure a Status naming it: standard
// output for "-".
class OutputFile {
 public:
  static facette::Result<OutputFile> Open(const std::string& path) {
    if (path == "-") return OutputFile(stdout, "standard output");
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
      return facette::Status::IOError(path + ": cannot open for writing: " + Errno());
    }
    return OutputFile(file, path);
  }
  OutputFile(OutputFile&& o) noexcept : file_(o.file_), name_(std::move(o.name_)) {
    o.file_ = nullptr;
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  OutputFile& operator=(OutputFile&&) = delete;
  ~OutputFile() {
    if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  }

  facette::Status Write(std::string_view bytes) {
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
      return WriteError();
    }
    return facette::Status::Ok();
  }

  // Flushes (and closes a file): a write error that stdio buffered, a full
  // disk for one, shows here.
  facette::Status Close() {
    if (std::fflush(file_) != 0 || std::ferror(file_)) return WriteError();
    if (file_ == stdout) return facette::Status::Ok();
    std::FILE* file = file_;
    file_ = nullptr;
    if (std::fclose(file) != 0) return WriteError();
    return facette::Status::Ok();
  }

 private:
  OutputFile(std::FILE* file, std::string name) : file_(file), name_(std::move(name)) {}
  static std::string Errno() { return std::strerror(errno); }
  facette::Status WriteError() const {
    return facette::Status::IOError(name_ + ": cannot write: " + Errno());
  }

  std::FILE* file_;
  std::string name_;
};

facette::Status WriteWholeFile(const std::string& path, std::string_view contents) {
  facette::Result<OutputFile> out = OutputFile::Open(path);
  if (!out.ok()) return out.status();
  facette::Status written = out->Write(contents);
  if (!written.ok()) return written;
  return out->Close();
}

struct ExportSummary {
  std::uint64_t articles = 0;
  // One line per article that will not come back exactly as stored.
  std::vector<std::string> notices;
};

// The export: the alias table when asked, then every article, in the
// database's order (which a one-thread import of the output keeps).
facette::Status Export(facette::Searcher& searcher, const std::string& output_path,
                       const std::string& aliases_path, ExportSummary& summary) {
  if (!aliases_path.empty()) {
    facette::Result<std::string> aliases = searcher.UserAliasTable();
    if (!aliases.ok()) return aliases.status();
    facette::Status written = WriteWholeFile(aliases_path, aliases.value());
    if (!written.ok()) return written;
  }
  facette::Result<OutputFile> out = OutputFile::Open(output_path);
  if (!out.ok()) return out.status();
  facette::Status exported = searcher.ForEachArticle([&](const facette::Article& article) {
    ++summary.articles;
    return out->Write(facette::FormatArticleJson(article, &summary.notices));
  });
  if (!exported.ok()) return exported;
  return out->Close();
}

int Fail(const std::string& message) {
  std::cerr << "facette-export: " << message << '\n';
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app(kDescription, "facette-export");
  app.footer(kFooter);
  std::string db_path = facette::DefaultDatabasePath();
  std::string output_path = "-";
  std::string aliases_path;
  bool quiet = false;
  app.add_option("--db", db_path, "Database directory (default: $FACETTE_DB or ./facette.db)");
  app.add_option("-o,--output", output_path,
                 "Write to this file (default: standard output, also -)");
  app.add_option("--aliases", aliases_path,
                 "Also write the database's own alias table (what facette-index --aliases gave "
                 "it; empty when none) to this file, for facette-index --aliases");
  app.add_flag("-q,--quiet", quiet, "No summary line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  // Stored articles only: a database of another analyzer version can be
  // exported (and indexed again).
  facette::SearcherOptions searcher_options;
  searcher_options.articles_only = true;
  auto searcher = facette::Searcher::Open(db_path, searcher_options);
  if (!searcher.ok()) return Fail(searcher.status().message());
  ExportSummary summary;
  facette::Status exported = Export(**searcher, output_path, aliases_path, summary);
  if (!exported.ok()) return Fail(exported.message());
  for (const std::string& notice : summary.notices) {
    std::cerr << "facette-export: warning: " << notice << '\n';
  }
  if (!quiet) {
    std::cerr << "facette-export: " << summary.articles << " articles from " << db_path << '\n';
  }
  return kExitOk;
} catch (const std::exception& e) {
  return Fail(e.what());
}
