// Titles and honorifics that French news put before person names ("M.",
// "Mme", "le président", "le Premier ministre", "Cheikh"): not part of the
// name, so taken off on both sides — the indexer's entity resolution and the
// query's person filters ("--person 'M. Macron'").
#ifndef FACETTE_ANALYSIS_PERSON_TITLES_H_
#define FACETTE_ANALYSIS_PERSON_TITLES_H_

#include <string>
#include <string_view>

namespace facette {

// `name` (spaces collapsed, NFC) without the titles and honorifics it starts
// with; an article ("le", "la", "l'") goes only before a title, so "Le Pen"
// stays whole. `name` itself when nothing would be left.
std::string StripPersonTitles(std::string_view name);

}  // namespace facette

#endif  // FACETTE_ANALYSIS_PERSON_TITLES_H_
