// The tagger's lexicon (NerModel::lexicon, LexiconBit): names from lists
// made outside the training articles, so that the tagger knows a first
// name, a surname or a town that no training article names. Read from the
// gazetteers of the shared NER data (../shared/ner-extra/gaz, whose README
// gives their sources and licences; indexer/extract/model/README.md repeats
// them), all re-derivable from Debian and npm packages:
//   fr_prenoms_hunspell.tsv     first names                 kLexFirstName
//   fr_patronymes_hunspell.txt  surnames                    kLexSurname
//   fr_communes.tsv             French communes             kLexPlace, or
//                               (under place_population)    kLexSmallPlace
//   fr_departements.txt, fr_regions.txt,
//   villes_monde_geonames.txt   places                      kLexPlace
//   pays_fr.tsv                 countries                   kLexCountry
//   fr_epci.txt                 intercommunal bodies        kLexOrganization
//   fr_nompropres_hunspell.txt  other proper nouns          kLexProperNoun
// Each name is cut into the tagger's tokens (ner_tokens.h) and kept as the
// hash of its folded words, with kPhrasePrefix on every proper prefix.
#ifndef FACETTE_INDEXER_EXTRACT_TOOLS_NER_LEXICON_H_
#define FACETTE_INDEXER_EXTRACT_TOOLS_NER_LEXICON_H_

#include <cstdint>
#include <string>

#include "facette/status.h"
#include "indexer/extract/ner_model.h"

namespace facette::ner {

struct LexiconOptions {
  // Communes of at least this many inhabitants are places (kLexPlace), the
  // others small places (kLexSmallPlace).
  std::uint32_t place_population = 10000;
  // The bits kept (LexiconBit); the others are not read. Default: all.
  std::uint8_t bits = 0x7F;
};

// Reads the lists of `directory`; an error names the file that cannot be
// read, or the line that has not the columns it should.
Result<Gazetteer> ReadLexicon(const std::string& directory, const LexiconOptions& options = {});

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_TOOLS_NER_LEXICON_H_
