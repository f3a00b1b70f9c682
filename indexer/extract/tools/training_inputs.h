// What both training tools (facette-train-ner, facette-eval-extract) read
// besides the gold file: other annotated corpora trained on too, and the
// lexicon's name lists. One set of command-line options for both, read once.
#ifndef FACETTE_INDEXER_EXTRACT_TOOLS_TRAINING_INPUTS_H_
#define FACETTE_INDEXER_EXTRACT_TOOLS_TRAINING_INPUTS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "facette/status.h"
#include "indexer/extract/tools/ner_gold.h"
#include "indexer/extract/tools/ner_lexicon.h"
#include "indexer/extract/tools/ner_trainer.h"

namespace facette::ner {

struct TrainingInputs {
  std::vector<std::string> extra_paths;  // ner_corpora.h formats
  std::string lexicon_dir;               // none when empty
  LexiconOptions lexicon_options;
  std::vector<double> type_offsets;  // PER ORG LOC (TrainOptions); the defaults when empty
};

// One annotated corpus of --extra, as read.
struct ExtraCorpus {
  std::string path;
  std::vector<GoldArticle> articles;
};

// Declares --extra, --lexicon, --lexicon-bits, --place-population and
// --type-offsets on `app`, stored into `inputs` (which must outlive the
// parse).
void AddTrainingInputOptions(CLI::App& app, TrainingInputs& inputs);

// Reads the lexicon into `options->lexicon` (left as is when no folder is
// given), sets the type offsets given, and reads the extra corpora, in the
// order given. An error names the file.
Result<std::vector<ExtraCorpus>> ReadTrainingInputs(const TrainingInputs& inputs,
                                                    TrainOptions* options);

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_TOOLS_TRAINING_INPUTS_H_
