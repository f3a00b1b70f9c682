// Annotated corpora other than the shared gold, read into GoldArticles so
// that the trainer can add them to its articles (../shared/ner-extra/ner,
// whose README gives their sources and licences):
//   *.conllu  Sequoia (CoNLL-U; the last column PARSEME:NE: "1:PERS" on an
//             entity's first token, "1" on the next ones)
//   *.bio     Europeana Newspapers ("token TAG" lines, I-PER/I-ORG/I-LOC/O)
//   *.tsv     HIPE-2022 (NewsEye; NE-COARSE-LIT column, B-/I- pers, org,
//             loc; NoSpaceAfter in MISC; a document per hipe2022:document_id)
// Tokens are joined into a text with the spacing French text has (a space
// between tokens, none before , . ) and after ( or an apostrophe), contracted
// articles are contracted again (Sequoia's "de le" is "du"), and the
// entities get the byte offsets of their tokens. PERS/PER, ORG and LOC are
// kept; products, events and other types are left out (the shared gold
// has them as MISC, which the tagger does not learn).
#ifndef FACETTE_INDEXER_EXTRACT_TOOLS_NER_CORPORA_H_
#define FACETTE_INDEXER_EXTRACT_TOOLS_NER_CORPORA_H_

#include <cstddef>
#include <string>
#include <vector>

#include "facette/status.h"
#include "indexer/extract/tools/ner_gold.h"

namespace facette::ner {

// Reads an annotated corpus in the format its extension names (above), cut
// into articles of about `sentences` sentences (Sequoia: of one source
// document; Europeana has no sentence breaks: a full stop ends one). An
// error names the file, or the line that is not what its format says.
Result<std::vector<GoldArticle>> ReadExtraCorpus(const std::string& path,
                                                 std::size_t sentences = 20);

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_TOOLS_NER_CORPORA_H_
