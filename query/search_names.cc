// The names of a search's options in text (facette/search.h). Facet names
// come from the schema table, so that the query language, the options and
// the JSON output agree (the table's names are string literals, so their
// data() is a C string).
#include <algorithm>
#include <optional>
#include <string>

#include "facette/search.h"
#include "schema/fields.h"

namespace facette {

FacetKind FacetOf(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return FacetKind::kPerson;
    case EntityType::kOrganization:
      return FacetKind::kOrganization;
    case EntityType::kLocation:
      break;
  }
  return FacetKind::kLocation;
}

std::optional<FacetKind> ParseFacetKind(std::string_view name) {
  const FieldSpec* field = FindFieldByName(name);
  if (field == nullptr) return std::nullopt;
  if (field->entity) return FacetOf(*field->entity);
  if (field->id == FieldId::kDate) return FacetKind::kDate;
  if (field->id == FieldId::kMentionedDate) return FacetKind::kMentioned;
  return std::nullopt;
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  const FieldSpec* field = FindFieldByName(name);
  if (field == nullptr) return std::nullopt;
  return field->entity;
}

Result<std::vector<FacetKind>> ParseFacetList(std::string_view list) {
  std::vector<FacetKind> facets;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = std::min(list.find(',', start), list.size());
    std::string_view name = list.substr(start, end - start);
    start = end + 1;
    if (name == "none" || name.empty()) continue;
    std::optional<FacetKind> kind = ParseFacetKind(name);
    if (!kind) {
      return Status::InvalidArgument("unknown facet \"" + std::string(name) +
                                         "\" (person, organization, location, date, mentioned "
                                         "or none)",
                                     "facets");
    }
    facets.push_back(*kind);
  }
  return facets;
}

std::optional<SortOrder> ParseSortOrder(std::string_view name) {
  if (name == "auto") return SortOrder::kAuto;
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "newest") return SortOrder::kNewest;
  if (name == "oldest") return SortOrder::kOldest;
  if (name == "recent") return SortOrder::kRecent;
  return std::nullopt;
}

std::optional<DateGranularity> ParseDateGranularity(std::string_view name) {
  if (name == "auto") return DateGranularity::kAuto;
  if (name == "year") return DateGranularity::kYear;
  if (name == "month") return DateGranularity::kMonth;
  if (name == "day") return DateGranularity::kDay;
  return std::nullopt;
}

const char* FacetName(FacetKind kind) {
  switch (kind) {
    case FacetKind::kPerson:
      return EntityTypeName(EntityType::kPerson);
    case FacetKind::kOrganization:
      return EntityTypeName(EntityType::kOrganization);
    case FacetKind::kLocation:
      return EntityTypeName(EntityType::kLocation);
    case FacetKind::kDate:
      return Field(FieldId::kDate).name.data();
    case FacetKind::kMentioned:
      break;
  }
  return Field(FieldId::kMentionedDate).name.data();
}

const char* EntityTypeName(EntityType type) { return EntityField(type).name.data(); }

std::vector<std::string> EntityTypeNames(EntityType type) {
  const FieldSpec& field = EntityField(type);
  std::vector<std::string> names;
  for (std::string_view name : {field.name, field.alias1, field.alias2}) {
    if (!name.empty()) names.emplace_back(name);
  }
  return names;
}

}  // namespace facette
