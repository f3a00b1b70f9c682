// Extract, build, write: one validated article upserted on the calling
// thread, the way Indexer::Upsert and a one-thread import both do it.
#ifndef FACETTE_INDEXER_ARTICLE_UPSERT_H_
#define FACETTE_INDEXER_ARTICLE_UPSERT_H_

#include <vector>

#include "facette/index.h"
#include "facette/status.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "schema/alias_table.h"

namespace facette {

class ArticleUpserter {
 public:
  // Entity names go through `aliases`, which must outlive the upserter;
  // `rank_slots` as DocumentBuilder's (the writer's IndexWriter::RankSlots).
  ArticleUpserter(const AliasTable& aliases, ExtractMode extract, bool rank_slots)
      : builder_(aliases, rank_slots), extract_(extract) {}

  // Extracts what the mode says into `article` (extraction.h), builds its
  // document (document_builder.h) and upserts it with `writer`. What the
  // build left out (names too long to be facet values) is appended to
  // `warnings`. Fails on an error of the database.
  Result<IndexWriter::Outcome> Upsert(ParsedArticle& article, IndexWriter& writer,
                                      std::vector<Warning>& warnings);

 private:
  DocumentBuilder builder_;
  ExtractMode extract_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_ARTICLE_UPSERT_H_
