// JSON output (facette/format.h), documented in docs/json-output.md, and the ids
// output, which quotes an id as a JSON string when it has to. The entity
// keys of hits come from the schema table.
#include "facette/format.h"
#include "query/json_writer.h"
#include "query/snippet.h"
#include "query/visible_text.h"
#include "schema/fields.h"

namespace facette {
namespace {

void WriteHit(JsonWriter& json, const Hit& hit) {
  json.BeginObject();
  json.Key("id").String(hit.id);
  json.Key("title").String(hit.title);
  json.Key("date");
  if (hit.date.empty()) {
    json.Null();
  } else {
    json.String(hit.date);
  }
  json.Key("score").Double(hit.score);
  json.Key("url").String(hit.url);
  json.Key("source").String(hit.source);
  for (EntityType type : kEntityTypes) {
    json.Key(EntityField(type).json_name).StringArray(hit.entities[Index(type)]);
  }
  json.Key(Field(FieldId::kMentionedDate).json_name).StringArray(hit.dates_mentioned);
  json.Key("snippet").BeginObject();
  json.Key("text").String(hit.snippet.text);
  json.Key("highlights").BeginArray();
  for (const auto& [begin, end] : hit.snippet.highlights) {
    json.BeginObject().Key("start").Uint(begin).Key("end").Uint(end).EndObject();
  }
  json.EndArray();
  json.Key("html").String(MarkSnippet(hit.snippet, "<mark>", "</mark>", /*html=*/true));
  json.EndObject();
  json.EndObject();
}

void WriteValues(JsonWriter& json, const std::vector<FacetValue>& values) {
  json.BeginArray();
  for (const FacetValue& value : values) {
    json.BeginObject().Key("value").String(value.value).Key("count").Uint(value.count).EndObject();
  }
  json.EndArray();
}

void WriteMerge(JsonWriter& json, const NameMerge& merge) {
  json.BeginObject()
      .Key("facet")
      .String(merge.facet)
      .Key("name")
      .String(merge.name)
      .Key("into")
      .String(merge.into)
      .Key("name_articles")
      .Uint(merge.name_articles)
      .Key("into_articles")
      .Uint(merge.into_articles)
      .Key("full_articles")
      .Uint(merge.full_articles)
      .EndObject();
}

// {"person": {"trump": [values]}, ...}: per facet, per name as given, the
// values `of` a match (those that `keep` keeps only); a facet none of
// whose names is kept is left out.
template <typename Of, typename Keep>
void WriteNames(JsonWriter& json, const std::vector<NameMatch>& matched, Of of, Keep keep) {
  json.BeginObject();
  for (EntityType type : kEntityTypes) {
    const std::string facet(EntityField(type).name);
    bool open = false;
    for (const NameMatch& match : matched) {
      if (match.facet != facet || !keep(match)) continue;
      if (!open) json.Key(facet).BeginObject();
      open = true;
      json.Key(match.text);
      WriteValues(json, of(match));
    }
    if (open) json.EndObject();
  }
  json.EndObject();
}

}  // namespace

std::string FormatJson(const SearchResult& result, const SearchRequest& request) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("total").Uint(result.total);
  json.Key("offset").Uint(result.offset);
  json.Key("limit").Uint(request.limit);
  json.Key("parsed_query").String(result.parsed_query);
  json.Key("suggestion");
  if (result.suggestion) {
    json.String(*result.suggestion);
  } else {
    json.Null();
  }
  json.Key("matched");
  WriteNames(
      json, result.matched, [](const NameMatch& m) -> const auto& { return m.values; },
      [](const NameMatch&) { return true; });
  json.Key("merged_names").BeginArray();
  for (const NameMerge& merge : result.merges) WriteMerge(json, merge);
  json.EndArray();
  json.Key("name_suggestions");
  WriteNames(
      json, result.matched, [](const NameMatch& m) -> const auto& { return m.suggestions; },
      [](const NameMatch& m) { return m.entities == 0; });
  json.Key("hits").BeginArray();
  for (const Hit& hit : result.hits) WriteHit(json, hit);
  json.EndArray();
  json.Key("facets").BeginObject();
  for (const Facet& facet : result.facets) {
    json.Key(facet.name).BeginObject();
    json.Key("distinct").Uint(facet.distinct);
    json.Key("exact").Bool(facet.exact);
    json.Key("selection_excluded").Bool(facet.selection_excluded);
    if (!facet.granularity.empty()) json.Key("granularity").String(facet.granularity);
    json.Key("values");
    WriteValues(json, facet.values);
    json.EndObject();
  }
  json.EndObject();
  json.EndObject();
  out.push_back('\n');
  return out;
}

std::string FormatJsonLines(const SearchResult& result) {
  std::string out;
  for (const Hit& hit : result.hits) {
    JsonWriter json(out);
    WriteHit(json, hit);
    out.push_back('\n');
  }
  return out;
}

std::string FormatIds(const SearchResult& result) {
  std::string out;
  for (const Hit& hit : result.hits) {
    // A JSON string when the id would not show as itself on one line, or
    // could be read as such a string.
    const bool as_is = hit.id.empty() || (hit.id.front() != '"' && VisibleText(hit.id) == hit.id);
    if (as_is) {
      out += hit.id;
    } else {
      JsonWriter::AppendEscaped(out, hit.id);
    }
    out.push_back('\n');
  }
  return out;
}

std::string FormatFacetSearchJson(const FacetSearchResult& result) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("facet").String(result.facet);
  json.Key("values");
  WriteValues(json, result.values);
  json.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace facette
