// The annotated articles the entity tagger is trained and evaluated on, in
// the format of the shared corpus's winer-fr-ner.dev.jsonl: {"id", "text",
// "date", "entities": [{"type", "text", "start", "end", "top_level"}]} with
// offsets in Unicode code points, converted here to byte offsets.
#ifndef FACETTE_INDEXER_EXTRACT_TOOLS_NER_GOLD_H_
#define FACETTE_INDEXER_EXTRACT_TOOLS_NER_GOLD_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"
#include "schema/fields.h"

namespace facette::ner {

struct GoldEntity {
  std::string type;       // "PER", "ORG", "LOC", "MISC", "DATE", "TIME"
  std::size_t begin = 0;  // byte offsets in GoldArticle::text
  std::size_t end = 0;
  bool top_level = true;
  std::string text;
};

struct GoldArticle {
  std::string id;
  std::string text;  // title + "\n\n" + body
  std::string date;  // publication date, YYYY-MM-DD
  std::vector<GoldEntity> entities;
};

// PER/ORG/LOC as an entity type; nullopt for the other gold types.
std::optional<EntityType> GoldEntityType(std::string_view type);

// The byte offset of each code point of `utf8`, plus utf8.size() at the end
// (so that offset `count` is valid). An invalid byte counts as one code point.
std::vector<std::size_t> CodePointByteOffsets(std::string_view utf8);

// Whether an article id is of the held-out 2018 part ("winer-fr/2018..."),
// which nothing may be trained or tuned on.
bool IsHeldOutId(std::string_view id);

// Reads a gold file. Articles of the held-out part are skipped (their count
// in *held_out_skipped). An error names the line at fault: bad JSON,
// offsets out of range or not matching the entity text.
Result<std::vector<GoldArticle>> ReadGoldFile(const std::string& path,
                                              std::size_t* held_out_skipped = nullptr);

}  // namespace facette::ner

#endif  // FACETTE_INDEXER_EXTRACT_TOOLS_NER_GOLD_H_
