// Text analysis (text_analysis.h).
#include "schema/text_analysis.h"

#include <array>
#include <string>

namespace facette {
namespace {

// Words too common to help ranking; dropped from queries (not from phrases,
// which Xapian keeps whole).
constexpr std::array<const char*, 122> kFrenchStopWords = {
    "a", "à", "afin", "ai", "aie", "aient", "ait", "alors", "as", "au", "aucun", "aussi",
    "autre", "aux", "avec", "avoir", "ce", "ceci", "cela", "celle", "celles", "celui", "ces",
    "cet", "cette", "ceux", "chaque", "chez", "comme", "d", "dans", "de", "des", "donc", "dont",
    "du", "elle", "elles", "en", "encore", "est", "et", "été", "être", "eu", "eux", "il", "ils",
    "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "même",
    "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "où", "par",
    "pas", "pour", "qu", "quand", "que", "quel", "quelle", "quels", "qui", "s", "sa", "sans",
    "se", "ses", "si", "son", "sont", "sous", "sur", "t", "ta", "te", "tes", "toi", "ton", "tous",
    "tout", "toute", "toutes", "très", "tu", "un", "une", "vos", "votre", "vous", "y", "c",
    "était", "sera", "ses", "cela", "ça", "lors",
};

Xapian::SimpleStopper* MakeStopper() {
  auto* stopper = new Xapian::SimpleStopper();
  for (const char* word : kFrenchStopWords) stopper->add(word);
  return stopper;
}

// Positions left between two fields so that no phrase matches across them.
constexpr Xapian::termpos kFieldGap = 100;

}  // namespace

TextIndexer::TextIndexer() {
  generator_.set_stemmer(Xapian::Stem("french"));
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

void TextIndexer::StartDocument(Xapian::Document& doc) {
  generator_.set_document(doc);
  generator_.set_termpos(0);
}

void TextIndexer::Index(std::string_view text, std::string_view prefix) {
  if (generator_.get_termpos() != 0) generator_.increase_termpos(kFieldGap);
  generator_.index_text(Xapian::Utf8Iterator(text.data(), text.size()), 1,
                        std::string(prefix));
}

const Xapian::Stopper& FrenchStopper() {
  static const Xapian::SimpleStopper* stopper = MakeStopper();
  return *stopper;
}

std::string NormalizeQueryString(std::string_view query) { return std::string(query); }

void ConfigureQueryParser(Xapian::QueryParser& parser) {
  parser.set_stemmer(Xapian::Stem("french"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&FrenchStopper());
}

}  // namespace facette
