// Text for a terminal, or for a reader that takes one line at a time.
// What facette-query prints comes from anywhere: ids, titles, bodies and
// names stored by whatever wrote the database, and the query itself. A
// control character in them would act on the terminal (clear the screen,
// set the window title) or break a line instead of showing; every string of
// the text and ids outputs goes through VisibleText first. Layout is in
// terminal columns (DisplayWidth), not bytes or code points.
#ifndef FACETTE_QUERY_VISIBLE_TEXT_H_
#define FACETTE_QUERY_VISIBLE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "facette/format.h"

namespace facette {

// VisibleText(text) is public (facette/format.h): every control character
// (C0, DEL, C1: IsControl in json_writer.h) written as its JSON escape,
// every byte that is not valid UTF-8 as U+FFFD.

// The columns the code point `c` takes on a terminal: 2 for East Asian wide
// and fullwidth characters (CJK, most emoji), 0 for combining marks and
// other zero-width characters (format characters, Hangul medial and final
// jamo), 1 for the others. Control characters count 0: VisibleText turns
// them into visible escapes before anything is measured.
std::size_t CharacterWidth(char32_t c);

// The columns of UTF-8 `text` (bytes that are not UTF-8 count one column,
// as the U+FFFD they are shown as).
std::size_t DisplayWidth(std::string_view text);

}  // namespace facette

#endif  // FACETTE_QUERY_VISIBLE_TEXT_H_
