// The French stop list (stop_words.h).
#include "analysis/stop_words.h"

#include <array>

namespace facette {
namespace {

// Words too common to help ranking; dropped from queries (not from phrases,
// which Xapian keeps whole, nor from a query made only of stop words). Folded
// like query words ("à" -> "a", "où" -> "ou"). "été" is left out on
// purpose: it is also the noun "summer", and `ete` must find it.
constexpr std::array<const char*, 119> kFrenchStopWords = {
    "a",      "afin",   "ai",    "aie",    "aient", "ait",   "alors",  "as",     "au",     "aucun",
    "aussi",  "autre",  "aux",   "avec",   "avoir", "c",     "ca",     "ce",     "ceci",   "cela",
    "celle",  "celles", "celui", "ces",    "cet",   "cette", "ceux",   "chaque", "chez",   "comme",
    "d",      "dans",   "de",    "des",    "donc",  "dont",  "du",     "elle",   "elles",  "en",
    "encore", "est",    "et",    "etait",  "etre",  "eu",    "eux",    "il",     "ils",    "j",
    "je",     "l",      "la",    "le",     "les",   "leur",  "leurs",  "lors",   "lui",    "m",
    "ma",     "mais",   "me",    "meme",   "mes",   "moi",   "mon",    "n",      "ne",     "ni",
    "nos",    "notre",  "nous",  "on",     "ont",   "ou",    "par",    "pas",    "pour",   "qu",
    "quand",  "que",    "quel",  "quelle", "quels", "qui",   "s",      "sa",     "sans",   "se",
    "sera",   "ses",    "si",    "son",    "sont",  "sous",  "sur",    "t",      "ta",     "te",
    "tes",    "toi",    "ton",   "tous",   "tout",  "toute", "toutes", "tres",   "tu",     "un",
    "une",    "vos",    "votre", "vous",   "y",     "jusqu", "lorsqu", "puisqu", "quoiqu",
};

Xapian::SimpleStopper* MakeStopper() {
  auto* stopper = new Xapian::SimpleStopper();
  for (const char* word : kFrenchStopWords) stopper->add(word);
  return stopper;
}

}  // namespace

const Xapian::Stopper& FrenchStopper() {
  static const Xapian::SimpleStopper* stopper = MakeStopper();
  return *stopper;
}

}  // namespace facette
