// Extraction during indexing (extraction.h).
#include "indexer/extraction.h"

#include <string>

#include "indexer/extract/date_mentions.h"
#include "indexer/extract/entity_tagger.h"

namespace facette {

std::optional<ExtractMode> ParseExtractMode(std::string_view text) {
  if (text == "auto") return ExtractMode::kAuto;
  if (text == "always") return ExtractMode::kAlways;
  if (text == "never") return ExtractMode::kNever;
  return std::nullopt;
}

void ExtractInto(Article& article, ExtractMode mode) {
  if (mode == ExtractMode::kNever) return;
  bool dates = mode == ExtractMode::kAlways || !article.has_dates_mentioned;
  bool entities = mode == ExtractMode::kAlways || !article.has_entity_lists;
  if (!dates && !entities) return;
  // The text as the extractors were built for: title, blank line, body
  // (the layout of the shared gold).
  std::string text = article.title;
  if (!text.empty() && !article.body.empty()) text += "\n\n";
  text += article.body;
  if (entities) {
    for (EntityMention& mention : EntityTagger::BuiltIn().Tag(text)) {
      article.entities[Index(mention.type)].push_back(std::move(mention.text));
    }
  }
  if (dates) {
    std::optional<Date> published;
    if (article.has_date) published = article.date;
    for (DateMention& mention : FindDateMentions(text, published)) {
      article.dates_mentioned.push_back(mention.value);
    }
  }
}

}  // namespace facette
