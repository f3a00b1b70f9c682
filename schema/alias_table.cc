// The alias table (alias_table.h).
#include "schema/alias_table.h"

#include "schema/entity_key.h"

namespace facette {

// Generated from schema/default_aliases.tsv at configure time.
extern const char* const kDefaultAliasesTsv;

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The entity type called `name` (any name or alias of its field, in any
// case), or -2.
int TypeIndex(std::string_view name) {
  const FieldSpec* spec = FindFieldByName(name);
  if (spec == nullptr || !spec->entity) return -2;
  return static_cast<int>(Index(*spec->entity));
}

}  // namespace

Result<AliasTable> AliasTable::Parse(std::string_view tsv, const std::string& name) {
  AliasTable table;
  std::size_t start = 0, line_number = 0;
  while (start < tsv.size()) {
    std::size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    ++line_number;
    std::string where = name + ":" + std::to_string(line_number) + ": ";
    if (line_number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return Status::InvalidArgument(where + "expected ALIAS<TAB>CANONICAL NAME[<TAB>TYPE]");
    }
    std::string_view alias = Trim(line.substr(0, tab));
    std::string_view rest = line.substr(tab + 1);
    std::size_t tab2 = rest.find('\t');
    std::string_view canonical = Trim(rest.substr(0, tab2));
    int type = -1;
    if (tab2 != std::string_view::npos) {
      std::string_view type_name = Trim(rest.substr(tab2 + 1));
      type = TypeIndex(type_name);
      if (type == -2) {
        return Status::InvalidArgument(where + "unknown entity type \"" + std::string(type_name) +
                                       "\" (person, organization or location)");
      }
    }
    std::string alias_key = CanonicalEntityKey(alias);
    std::string canonical_key = CanonicalEntityKey(canonical);
    if (alias_key.empty() || canonical_key.empty()) {
      return Status::InvalidArgument(where +
                                     "an alias and its canonical name need letters or digits");
    }
    if (alias_key == canonical_key) continue;  // same entity already
    table.aliases_[{type, alias_key}] = {EntityLabel(canonical), canonical_key};
  }
  return table;
}

const AliasTable& AliasTable::Default() {
  static const AliasTable* table = [] {
    Result<AliasTable> parsed = Parse(kDefaultAliasesTsv, "default_aliases.tsv");
    // The shipped table is checked by the tests; an error here is a bug.
    return new AliasTable(parsed.ok() ? parsed.value() : AliasTable());
  }();
  return *table;
}

void AliasTable::Merge(const AliasTable& other) {
  for (const auto& [key, value] : other.aliases_) {
    if (key.first == -1) {
      // An alias for any type overrides the typed ones of the same name.
      for (EntityType type : kEntityTypes) {
        aliases_.erase({static_cast<int>(Index(type)), key.second});
      }
    }
    aliases_[key] = value;
  }
}

const std::pair<std::string, std::string>* AliasTable::Lookup(EntityType type,
                                                              const std::string& key) const {
  // An alias may name another alias ("Daesh" -> "EI" -> "État islamique"):
  // follow the chain to its end, at most one step per alias (a cycle stops
  // where it would come back).
  const std::pair<std::string, std::string>* found = nullptr;
  const std::string* current = &key;
  for (std::size_t steps = 0; steps < aliases_.size(); ++steps) {
    auto it = aliases_.find({static_cast<int>(Index(type)), *current});
    if (it == aliases_.end()) it = aliases_.find({-1, *current});
    if (it == aliases_.end() || it->second.second == key) break;
    found = &it->second;
    current = &found->second;
  }
  return found;
}

const std::string* AliasTable::Find(EntityType type, const std::string& key) const {
  const std::pair<std::string, std::string>* found = Lookup(type, key);
  return found == nullptr ? nullptr : &found->first;
}

std::string AliasTable::CanonicalKey(EntityType type, const std::string& key) const {
  const std::pair<std::string, std::string>* found = Lookup(type, key);
  return found == nullptr ? key : found->second;
}

std::string AliasTable::Serialize() const {
  std::string out;
  for (const auto& [key, value] : aliases_) {
    out += key.second;
    out += '\t';
    out += value.first;
    if (key.first >= 0) {
      out += '\t';
      out += EntityField(kEntityTypes[static_cast<std::size_t>(key.first)]).name;
    }
    out += '\n';
  }
  return out;
}

}  // namespace facette
