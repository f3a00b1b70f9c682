// Dates that a French article mentions ("7 février 2025", "le 3 février",
// "février 2025", "1er janvier 2016", "2018", "lundi", "hier", "mardi
// dernier", "la semaine prochaine"), normalised to ISO days, months or years,
// the missing year or the relative day inferred from the publication date.
#ifndef FACETTE_INDEXER_EXTRACT_DATE_MENTIONS_H_
#define FACETTE_INDEXER_EXTRACT_DATE_MENTIONS_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/dates.h"

namespace facette {

struct DateMention {
  std::size_t begin = 0;  // byte offsets of the expression in the text
  std::size_t end = 0;
  // The day, month or year meant.
  PartialDate value;
  // How the date was found: written in full ("7 février 2025", "2018"), its
  // year taken from the publication date ("le 3 février", "lundi 22
  // octobre"), or relative to the publication day ("hier", "lundi dernier",
  // "le mois prochain"). The shared gold annotates the first two kinds only.
  enum class Kind { kAbsolute, kYearInferred, kDeictic };
  Kind kind = Kind::kAbsolute;
};

// Every date expression of `text`, in text order. Expressions that need the
// publication date (kYearInferred, kDeictic) are skipped when `published` is
// empty.
std::vector<DateMention> FindDateMentions(std::string_view text,
                                          const std::optional<Date>& published);

// The same mentions handed to `sink` one at a time, in text order. The text
// is read a window of tokens at a time: memory does not grow with its length.
// `sink` must not find dates on the same thread (the buffers are per thread).
void FindDateMentions(std::string_view text, const std::optional<Date>& published,
                      const std::function<void(const DateMention&)>& sink);

}  // namespace facette

#endif  // FACETTE_INDEXER_EXTRACT_DATE_MENTIONS_H_
