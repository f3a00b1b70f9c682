// The read stage of an import: the files and streams it reads, in order,
// each through its reader (jsonl_reader.h, text_reader.h), which validates
// its records (article_validation.h) and sends them to a sink.
#ifndef FACETTE_INDEXER_IMPORT_SOURCES_H_
#define FACETTE_INDEXER_IMPORT_SOURCES_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "facette/status.h"
#include "indexer/article.h"
#include "indexer/inputs.h"
#include "schema/dates.h"

namespace facette {

struct ImportSource {
  InputFile file;  // what to open, its name in messages, format and text id
  // JSON Lines read from here instead of file.path (standard input, or the
  // stream of Indexer::ImportStream). Not owned.
  std::istream* stream = nullptr;
};

// The sources of `paths` (ExpandInputs, inputs.h): "-" reads
// `standard_input`, kInvalidArgument when it is null.
Result<std::vector<ImportSource>> SourcesOfPaths(const std::vector<std::string>& paths,
                                                 std::istream* standard_input);

// The date of text files without one of their own: `text` must be a full
// day (ParsePartialDate); nullopt for "". kInvalidArgument with field()
// "text_date" otherwise.
Result<std::optional<Date>> ParseTextDate(const std::string& text);

// Where the read stage sends records.
class SourceSink : public RecordSink {
 public:
  // A source that could not be read (its reason does not repeat its name):
  // not a record.
  virtual void OnUnreadable(Rejection&& rejection) = 0;
};

// Reads `sources` in order into `sink`; text files are dated `text_date`
// when it is given. A text file whose id an earlier, different one has
// (InputFile::same_id_as) is rejected without being read. Stops before the
// next source, and the readers before the next record, once the sink is
// Stopping().
void ReadSources(const std::vector<ImportSource>& sources, const std::optional<Date>& text_date,
                 SourceSink& sink);

}  // namespace facette

#endif  // FACETTE_INDEXER_IMPORT_SOURCES_H_
