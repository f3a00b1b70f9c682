// Reading the annotated articles (ner_gold.h).
#include "indexer/extract/tools/ner_gold.h"

#include <simdjson.h>

#include <fstream>

#include "analysis/utf8.h"

namespace facette::ner {

std::optional<EntityType> GoldEntityType(std::string_view type) {
  if (type == "PER") return EntityType::kPerson;
  if (type == "ORG") return EntityType::kOrganization;
  if (type == "LOC") return EntityType::kLocation;
  return std::nullopt;
}

std::vector<std::size_t> CodePointByteOffsets(std::string_view utf8) {
  std::vector<std::size_t> offsets;
  offsets.reserve(utf8.size() + 1);
  for (std::size_t i = 0; i < utf8.size();) {
    offsets.push_back(i);
    std::size_t len = 1;
    utf8::Decode(utf8, i, &len);
    i += len;
  }
  offsets.push_back(utf8.size());
  return offsets;
}

bool IsHeldOutId(std::string_view id) { return id.substr(0, 13) == "winer-fr/2018"; }

Result<std::vector<GoldArticle>> ReadGoldFile(const std::string& path,
                                              std::size_t* held_out_skipped) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read");
  simdjson::dom::parser parser;
  std::vector<GoldArticle> articles;
  std::size_t skipped = 0;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(line_number) + ": ";
    simdjson::dom::element record;
    if (parser.parse(line).get(record) != simdjson::SUCCESS) {
      return Status::InvalidArgument(where + "bad JSON");
    }
    std::string_view id, text, date;
    if (record["id"].get_string().get(id) != simdjson::SUCCESS ||
        record["text"].get_string().get(text) != simdjson::SUCCESS) {
      return Status::InvalidArgument(where + "no \"id\" or \"text\"");
    }
    if (IsHeldOutId(id)) {
      ++skipped;
      continue;
    }
    GoldArticle article;
    article.id = id;
    article.text = text;
    if (record["date"].get_string().get(date) == simdjson::SUCCESS) article.date = date;
    const std::vector<std::size_t> bytes = CodePointByteOffsets(article.text);
    simdjson::dom::array entities;
    if (record["entities"].get_array().get(entities) == simdjson::SUCCESS) {
      for (simdjson::dom::element e : entities) {
        GoldEntity entity;
        std::string_view type, entity_text;
        std::int64_t start = 0, end = 0;
        if (e["type"].get_string().get(type) != simdjson::SUCCESS ||
            e["start"].get_int64().get(start) != simdjson::SUCCESS ||
            e["end"].get_int64().get(end) != simdjson::SUCCESS) {
          return Status::InvalidArgument(where + "entity without type, start or end");
        }
        if (start < 0 || end < start || static_cast<std::size_t>(end) >= bytes.size()) {
          return Status::InvalidArgument(where + "entity offsets out of range");
        }
        bool top_level = true;
        if (e["top_level"].get_bool().get(top_level) != simdjson::SUCCESS) top_level = true;
        entity.type = type;
        entity.begin = bytes[static_cast<std::size_t>(start)];
        entity.end = bytes[static_cast<std::size_t>(end)];
        entity.top_level = top_level;
        entity.text = article.text.substr(entity.begin, entity.end - entity.begin);
        if (e["text"].get_string().get(entity_text) == simdjson::SUCCESS &&
            entity_text != entity.text) {
          return Status::InvalidArgument(where + "entity text \"" + std::string(entity_text) +
                                         "\" is not the text at its offsets");
        }
        article.entities.push_back(std::move(entity));
      }
    }
    articles.push_back(std::move(article));
  }
  if (held_out_skipped != nullptr) *held_out_skipped = skipped;
  return articles;
}

}  // namespace facette::ner
