// One article upserted on the calling thread (article_upsert.h).
#include "indexer/article_upsert.h"

#include <utility>

#include "indexer/extraction.h"

namespace facette {

Result<IndexWriter::Outcome> ArticleUpserter::Upsert(ParsedArticle& article, IndexWriter& writer,
                                                     std::vector<Warning>& warnings) {
  ExtractInto(article, extract_);
  BuiltDocument built = builder_.Build(article);
  for (Warning& warning : built.warnings) warnings.push_back(std::move(warning));
  return writer.Upsert(built);
}

}  // namespace facette
