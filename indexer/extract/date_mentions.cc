// Placeholder until the date extractor lands (issue 5): finds nothing.
#include "indexer/extract/date_mentions.h"

namespace facette {

std::vector<DateMention> FindDateMentions(std::string_view, const std::optional<Date>&) {
  return {};
}

}  // namespace facette
