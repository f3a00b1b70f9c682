// Query building (query_builder.h). Field names and prefixes come from the
// schema table; nothing here knows a prefix by heart.
#include "query/query_builder.h"

#include <string>
#include <vector>

#include "schema/dates.h"
#include "schema/entity_key.h"
#include "schema/fields.h"
#include "schema/person_titles.h"
#include "schema/text_analysis.h"

namespace facette {
namespace {

// A word* prefix query is expanded to at most this many of the most frequent
// matching words.
constexpr Xapian::termcount kMaxWildcardExpansion = 1000;

// The filter term of an entity name: its canonical key, through the alias
// table; "" when the name has no letter or digit.
std::string EntityTerm(const AliasTable& aliases, EntityType type, std::string_view name) {
  // Person names lose their titles, as the indexer's do ("M. Macron").
  std::string key = CanonicalEntityKey(type == EntityType::kPerson ? StripPersonTitles(name)
                                                                   : std::string(name));
  if (key.empty()) return key;
  return std::string(EntityField(type).prefix) + aliases.CanonicalKey(type, key);
}

// Field processors report a bad value here rather than by throwing
// Xapian::QueryParserError: Xapian 1.4's QueryParser leaks its pending terms
// when a processor throws. The first error wins; the query is then refused.
struct FieldErrors {
  std::string first;
  Xapian::Query Fail(std::string message) {
    if (first.empty()) first = std::move(message);
    return Xapian::Query::MatchNothing;
  }
};

// person:"Sam Altman", org:openai: the value folded to its canonical key.
class EntityFieldProcessor : public Xapian::FieldProcessor {
 public:
  EntityFieldProcessor(const AliasTable& aliases, EntityType type, std::string field,
                       FieldErrors& errors)
      : aliases_(aliases), type_(type), field_(std::move(field)), errors_(errors) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string term = EntityTerm(aliases_, type_, value);
    if (term.empty()) {
      return errors_.Fail(field_ + ":\"" + value + "\": no letter or digit to search for");
    }
    return Xapian::Query(term);
  }

 private:
  const AliasTable& aliases_;
  EntityType type_;
  std::string field_;
  FieldErrors& errors_;
};

// source:"Le Monde": folded like an entity name, without aliases.
class SourceFieldProcessor : public Xapian::FieldProcessor {
 public:
  SourceFieldProcessor(std::string prefix, FieldErrors& errors)
      : prefix_(std::move(prefix)), errors_(errors) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string key = CanonicalEntityKey(value);
    if (key.empty()) {
      return errors_.Fail("source:\"" + value + "\": no letter or digit to search for");
    }
    return Xapian::Query(prefix_ + key);
  }

 private:
  std::string prefix_;
  FieldErrors& errors_;
};

Result<Xapian::Query> DateRangeQuery(const std::optional<PartialDate>& from,
                                     const std::optional<PartialDate>& to) {
  Xapian::valueno slot = Field(FieldId::kDate).slot;
  if (from && to) {
    Date first = FirstDay(*from);
    Date last = LastDay(*to);
    if (last < first) {
      return Status::InvalidArgument("the date range ends (" + FormatIsoDate(last) +
                                     ") before it starts (" + FormatIsoDate(first) + ")");
    }
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, DateSlotValue(first),
                         DateSlotValue(last));
  }
  if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, DateSlotValue(FirstDay(*from)));
  if (to) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, DateSlotValue(LastDay(*to)));
  return Xapian::Query();
}

// date:2016, date:2016-02, date:"7 février 2016", date:2016-01..2016-03,
// date:..2016-06, date:2016-06..
class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateFieldProcessor(FieldErrors& errors) : errors_(errors) {}
  Xapian::Query operator()(const std::string& value) override {
    std::size_t dots = value.find("..");
    std::string left = dots == std::string::npos ? value : value.substr(0, dots);
    std::string right = dots == std::string::npos ? "" : value.substr(dots + 2);
    std::optional<PartialDate> from, to;
    for (auto [text, bound] : {std::pair{&left, &from}, {&right, &to}}) {
      if (text->empty()) continue;
      Result<PartialDate> date = ParsePartialDate(*text);
      if (!date.ok()) return errors_.Fail("date: " + date.status().message());
      *bound = date.value();
    }
    if (dots == std::string::npos) {
      if (!from) return errors_.Fail("date: a date is needed after \"date:\"");
      return Xapian::Query(DateTermFor(*from));
    }
    if (!from && !to) return errors_.Fail("date: a range needs at least one end");
    Result<Xapian::Query> range = DateRangeQuery(from, to);
    if (!range.ok()) return errors_.Fail("date: " + range.status().message());
    return range.value();
  }

 private:
  FieldErrors& errors_;
};

void AddFieldPrefixes(Xapian::QueryParser& parser, const AliasTable& aliases,
                      FieldErrors& errors) {
  for (const FieldSpec& spec : kFields) {
    if (spec.flags & kInternal) continue;
    // Filters of one field, whatever name or alias they were written with,
    // are OR-ed together (Xapian ANDs filters of different groupings).
    const std::string grouping(spec.name);
    for (std::string_view name : {spec.name, spec.alias1, spec.alias2}) {
      if (name.empty()) continue;
      // Lower case: NormalizeQueryString writes field names that way.
      std::string field(name);
      if (spec.flags & kFreeText) {
        // "body:" maps to the unprefixed terms, like a plain word.
        parser.add_prefix(field, std::string(spec.prefix));
      } else if (spec.entity) {
        parser.add_boolean_prefix(
            field, (new EntityFieldProcessor(aliases, *spec.entity, field, errors))->release(), &grouping);
      } else if (spec.id == FieldId::kSource) {
        parser.add_boolean_prefix(
            field, (new SourceFieldProcessor(std::string(spec.prefix), errors))->release(), &grouping);
      } else if (spec.id == FieldId::kDate) {
        parser.add_boolean_prefix(field, (new DateFieldProcessor(errors))->release(), &grouping);
      } else if (spec.flags & kBooleanFilter) {
        parser.add_boolean_prefix(field, std::string(spec.prefix), &grouping);
      }
    }
  }
}

// The query in quotes, cut after 200 bytes (at a character boundary): a
// refused 100 KB query gets a one-line message.
std::string QuoteStart(const std::string& query) {
  constexpr std::size_t kShown = 200;
  if (query.size() <= kShown) return "\"" + query + "\"";
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(query[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + query.substr(0, cut) + "…\" (" + std::to_string(query.size()) + " bytes)";
}

// Xapian reads a query made only of excluded terms ("-person:X", "-a -b")
// as if the minus signs were not there; users mean "everything but". Such a
// query is rewritten "NOT X NOT Y", which FLAG_PURE_NOT understands.
std::string RewriteOnlyExclusions(const std::string& query) {
  std::vector<std::string> tokens;
  std::string token;
  int depth = 0;
  bool quoted = false;
  for (char c : query + " ") {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    if (!quoted && depth == 0 && (c == ' ' || c == '\t')) {
      if (!token.empty()) tokens.push_back(token);
      token.clear();
    } else {
      token.push_back(c);
    }
  }
  if (tokens.empty()) return query;
  std::string rewritten;
  for (const std::string& t : tokens) {
    if (t.size() < 2 || t[0] != '-') return query;
    rewritten += (rewritten.empty() ? "NOT " : " NOT ") + t.substr(1);
  }
  return rewritten;
}

// The OR of the terms of `names`; empty when there are none.
Result<Xapian::Query> AnyOf(const AliasTable& aliases, EntityType type,
                            const std::vector<std::string>& names, const char* option) {
  std::vector<Xapian::Query> alternatives;
  for (const std::string& name : names) {
    std::string term = EntityTerm(aliases, type, name);
    if (term.empty()) {
      return Status::InvalidArgument(std::string(option) + std::string(EntityField(type).name) +
                                     " \"" + name + "\": no letter or digit to search for");
    }
    alternatives.emplace_back(term);
  }
  if (alternatives.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

}  // namespace

Xapian::Query QueryParts::Combine(std::optional<EntityType> without) const {
  std::vector<Xapian::Query> filters;
  for (EntityType type : kEntityTypes) {
    if (without == type || selections[Index(type)].empty()) continue;
    filters.push_back(selections[Index(type)]);
  }
  if (!date_range.empty()) filters.push_back(date_range);
  Xapian::Query query = text;
  if (!filters.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }
  if (!excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, excluded);
  return query;
}

Result<QueryParts> BuildQueryParts(const Xapian::Database& db, const AliasTable& aliases,
                                   const SearchRequest& request) {
  QueryParts parts;
  parts.text = Xapian::Query::MatchAll;
  bool blank = request.query.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!blank) {
    Xapian::QueryParser parser;
    ConfigureQueryParser(parser);
    parser.set_database(db);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    FieldErrors errors;
    AddFieldPrefixes(parser, aliases, errors);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                     Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;
    try {
      parts.text =
          parser.parse_query(NormalizeQueryString(RewriteOnlyExclusions(request.query)), flags);
    } catch (const Xapian::QueryParserError& e) {
      return Status::InvalidArgument("cannot parse the query " + QuoteStart(request.query) +
                                     ": " + e.get_msg());
    }
    if (!errors.first.empty()) {
      return Status::InvalidArgument("cannot parse the query " + QuoteStart(request.query) +
                                     ": " + errors.first);
    }
    // Xapian keeps the stop words of a query made only of them; a query
    // with nothing left at all (only punctuation) matches everything.
    if (parts.text.empty()) parts.text = Xapian::Query::MatchAll;
  }
  std::vector<Xapian::Query> excluded;
  for (EntityType type : kEntityTypes) {
    Result<Xapian::Query> selected =
        AnyOf(aliases, type, request.entity_filters[Index(type)], "--");
    if (!selected.ok()) return selected.status();
    parts.selections[Index(type)] = selected.value();
    Result<Xapian::Query> not_selected =
        AnyOf(aliases, type, request.entity_exclusions[Index(type)], "--not-");
    if (!not_selected.ok()) return not_selected.status();
    if (!not_selected->empty()) excluded.push_back(not_selected.value());
  }
  if (!excluded.empty()) {
    parts.excluded = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
  }
  Result<Xapian::Query> dates = DateRangeQuery(request.from, request.to);
  if (!dates.ok()) return dates.status();
  parts.date_range = dates.value();
  return parts;
}

Result<Xapian::Query> BuildQuery(const Xapian::Database& db, const AliasTable& aliases,
                                 const SearchRequest& request) {
  Result<QueryParts> parts = BuildQueryParts(db, aliases, request);
  if (!parts.ok()) return parts.status();
  return parts->Combine();
}

}  // namespace facette
