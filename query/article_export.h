// Export of a facette database: every article with every stored field
// (schema/document_data.h), written as JSON Lines in facette-index's input
// format (corpus/README.md), one object per line, in document-id order.
// Indexing the export into an empty database one thread at a time gives the
// same searches (hits, scores, order, facets) as the database exported; what
// cannot come back as it was is listed in README.md (facette-export).
#ifndef FACETTE_QUERY_ARTICLE_EXPORT_H_
#define FACETTE_QUERY_ARTICLE_EXPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "schema/document_data.h"
#include "facette/status.h"

namespace facette {

struct ExportOptions {
  std::string db_path;
  std::string output_path = "-";  // "-": standard output
  // When not empty, the database's own alias table (the one given to the
  // indexer with its alias option, not the default one) is also written
  // there, in the alias table's TSV format: indexing the export with it
  // keeps the aliases of query filters and of later imports.
  std::string aliases_path;
};

struct ExportSummary {
  std::uint64_t articles = 0;
  // One line per article that will not come back exactly as stored,
  // "ID: what and why" (a body at the stored limit, text that is not UTF-8).
  std::vector<std::string> notices;
};

// Writes the export. Errors name the database or the output: a database
// that is missing, not facette's or of another schema version, a document
// whose data cannot be read, a database changed by a writer during the
// export, a write that fails (a full disk). On error the output may be
// incomplete.
Result<ExportSummary> RunExport(const ExportOptions& options);

// Appends the JSON Lines record of `article`, newline included, to `out`,
// and to `notices` what will not round-trip. Invalid UTF-8 (an id of a text file
// named in another encoding, which databases written before ids had to be
// UTF-8 may hold) is written as U+FFFD so that the line is valid JSON.
void AppendExportRecord(const StoredArticle& article, std::string& out,
                        std::vector<std::string>& notices);

}  // namespace facette

#endif  // FACETTE_QUERY_ARTICLE_EXPORT_H_
