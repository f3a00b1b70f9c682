// Unicode folding for matching: compatibility decomposition, accents
// removed, full case folding, ligatures expanded ("Œuvre" -> "oeuvre",
// "ÉTATS" -> "etats"). Used for entity keys, person titles and French month
// names; the French analyzer applies the same folding to terms.
#ifndef FACETTE_ANALYSIS_FOLD_H_
#define FACETTE_ANALYSIS_FOLD_H_

#include <string>
#include <string_view>

namespace facette {

// Folds UTF-8 text. Characters other than letters are kept as they are
// (after compatibility decomposition). Invalid UTF-8 becomes U+FFFD.
std::string FoldText(std::string_view utf8);

// FoldText, then every run of characters that are not letters or digits
// made one space, trimmed: a key that matches names however they are
// spelt, punctuated or spaced ("M." -> "m", "L'Ancien" -> "l ancien"). ""
// when there is no letter or digit. Entity keys are these
// (schema/entity_key.h).
std::string FoldToKey(std::string_view text);

// Collapses runs of Unicode white space into one ASCII space, trims both
// ends, and puts the text in NFC. Used for display labels and titles.
std::string CleanSpaces(std::string_view utf8);

}  // namespace facette

#endif  // FACETTE_ANALYSIS_FOLD_H_
