// The French stop list: words too common to help ranking, dropped from
// queries only (the index keeps every word, so that phrases such as "la
// Banque de France" match). Also used to leave such words out of "more like
// this" queries and out of the words a snippet marks.
#ifndef FACETTE_ANALYSIS_STOP_WORDS_H_
#define FACETTE_ANALYSIS_STOP_WORDS_H_

#include <xapian.h>

namespace facette {

// The stop list, folded like query words ("à" -> "a", "où" -> "ou").
// Built once; safe to call and to use from any thread.
const Xapian::Stopper& FrenchStopper();

}  // namespace facette

#endif  // FACETTE_ANALYSIS_STOP_WORDS_H_
