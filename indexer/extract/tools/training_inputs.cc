#include "indexer/extract/tools/training_inputs.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "indexer/extract/tools/ner_corpora.h"

namespace facette::ner {

void AddTrainingInputOptions(CLI::App& app, TrainingInputs& inputs) {
  app.add_option("--extra", inputs.extra_paths,
                 "Other annotated corpora trained on too (ner_corpora.h: .conllu, .bio, .tsv)");
  app.add_option("--lexicon", inputs.lexicon_dir,
                 "Folder of the name lists of the lexicon (ner_lexicon.h); none when empty")
      ->capture_default_str();
  app.add_option("--lexicon-bits", inputs.lexicon_options.bits, "Lexicon bits kept (LexiconBit)")
      ->capture_default_str();
  app.add_option("--place-population", inputs.lexicon_options.place_population,
                 "Communes of at least this many inhabitants are places, the others small places")
      ->capture_default_str();
  const TrainOptions defaults;
  char shown[64];
  std::snprintf(shown, sizeof shown, "%g %g %g", defaults.type_offsets[0], defaults.type_offsets[1],
                defaults.type_offsets[2]);
  app.add_option("--type-offsets", inputs.type_offsets,
                 std::string("Added to the scores of the person, organisation and location tags "
                             "once trained (default ") +
                     shown + ")")
      ->expected(3);
}

Result<std::vector<ExtraCorpus>> ReadTrainingInputs(const TrainingInputs& inputs,
                                                    TrainOptions* options) {
  if (!inputs.lexicon_dir.empty()) {
    auto lexicon = ReadLexicon(inputs.lexicon_dir, inputs.lexicon_options);
    if (!lexicon.ok()) return lexicon.status();
    options->lexicon = std::move(lexicon).value();
  }
  if (inputs.type_offsets.size() == options->type_offsets.size()) {
    std::copy(inputs.type_offsets.begin(), inputs.type_offsets.end(),
              options->type_offsets.begin());
  }
  std::vector<ExtraCorpus> corpora;
  for (const std::string& path : inputs.extra_paths) {
    auto corpus = ReadExtraCorpus(path);
    if (!corpus.ok()) return corpus.status();
    corpora.push_back({path, std::move(corpus).value()});
  }
  return corpora;
}

}  // namespace facette::ner
