// The alias table: entity names that are one entity under another name
// ("SBG" -> "SoftBank Group", "Daech" -> "État islamique"). A TSV file, one
// alias per line: ALIAS <TAB> CANONICAL NAME [<TAB> TYPE], TYPE being person,
// organization or location (any type when absent); '#' starts a comment.
// Matching is by canonical key (entity_key.h), so "sbg" is "SBG".
//
// facette ships a small default table (schema/default_aliases.tsv); a user's
// table given at index time adds to it and wins on conflicts, and is kept in
// the database for the following runs until another one is given. The table
// in effect is stored in the metadata (kAliasesKey) so that the query side
// maps filter values the same way.
#ifndef FACETTE_SCHEMA_ALIAS_TABLE_H_
#define FACETTE_SCHEMA_ALIAS_TABLE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "schema/fields.h"
#include "facette/status.h"

namespace facette {

// The table in effect (default + user's), which the query side reads.
inline constexpr std::string_view kAliasesKey = "facette.aliases";
// The user's own table alone, kept so that later runs without --aliases go
// on using it.
inline constexpr std::string_view kUserAliasesKey = "facette.aliases.user";

class AliasTable {
 public:
  AliasTable() = default;

  // Parses TSV text; `name` names it in errors ("FILE:LINE: what is wrong").
  static Result<AliasTable> Parse(std::string_view tsv, const std::string& name);

  // The table shipped with facette.
  static const AliasTable& Default();

  // Adds every alias of `other`; `other` wins on conflicts.
  void Merge(const AliasTable& other);

  // The canonical name of the entity whose key is `key`, or nullptr when it
  // is no alias. An alias of an alias is followed to the end of the chain.
  const std::string* Find(EntityType type, const std::string& key) const;

  // The canonical key `key` stands for: itself when it is no alias.
  std::string CanonicalKey(EntityType type, const std::string& key) const;

  // TSV text that Parse reads back to an equal table.
  std::string Serialize() const;

  std::size_t size() const { return aliases_.size(); }
  bool operator==(const AliasTable& o) const { return aliases_ == o.aliases_; }

 private:
  // The (canonical name, key) at the end of the chain of aliases from `key`.
  const std::pair<std::string, std::string>* Lookup(EntityType type, const std::string& key) const;

  // (type or -1 for any, alias key) -> (canonical name, its key)
  std::map<std::pair<int, std::string>, std::pair<std::string, std::string>> aliases_;
};

}  // namespace facette

#endif  // FACETTE_SCHEMA_ALIAS_TABLE_H_
