// Query building (query_builder.h). Field names and prefixes come from the
// schema table; nothing here knows a prefix by heart.
#include "query/query_builder.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/person_titles.h"
#include "analysis/utf8.h"
#include "query/more_like_this.h"
#include "query/query_syntax.h"
#include "query/wildcards.h"
#include "schema/dates.h"
#include "schema/entity_key.h"
#include "schema/fields.h"
#include "schema/mentioned_dates.h"
#include "schema/text_terms.h"

namespace facette {
namespace {

// The canonical key of an entity name, through the alias table; "" when
// the name has no letter or digit.
std::string EntityKey(const AliasTable& aliases, EntityType type, std::string_view name) {
  // Person names lose their titles, as the indexer's do ("M. Macron").
  std::string key =
      CanonicalEntityKey(type == EntityType::kPerson ? StripPersonTitles(name) : std::string(name));
  if (key.empty()) return key;
  return aliases.CanonicalKey(type, key);
}

// Whether `key` is the last words of a longer key of `containing` (the
// entities whose keys contain its words): a surname of several words ("le
// pen" of "marine le pen"), never a full name, as NameMerges reads it too.
bool EndsALongerName(std::string_view key,
                     const std::vector<const EntityNames::Entity*>& containing) {
  return std::any_of(containing.begin(), containing.end(), [key](const EntityNames::Entity* e) {
    const std::string_view longer = e->key;
    return longer.size() > key.size() && longer.substr(longer.size() - key.size()) == key &&
           longer[longer.size() - key.size() - 1] == ' ';
  });
}

// Resolves name filters to the entities they match (BuildQueryParts) and
// records what each matched.
class NameResolver {
 public:
  NameResolver(const Xapian::Database& db, const AliasTable& aliases, const NamesSource& names,
               std::vector<ResolvedName>& resolved)
      : db_(db), aliases_(aliases), source_(names), resolved_(resolved) {}

  // The query of the articles naming an entity `name` matches (an empty
  // query when it matches nothing: see Resolve); nullopt when the name has
  // no letter or digit.
  std::optional<Xapian::Query> Resolve(EntityType type, const std::string& name) {
    std::string key = EntityKey(aliases_, type, name);
    if (key.empty()) return std::nullopt;
    const std::string prefix(EntityField(type).prefix);
    // "la SNCF", "l'ONU": an organisation or place typed with the article
    // a sentence gives it is the entity without it, when that one is known
    // and the name with it is not ("Les Républicains" keeps its article).
    // Persons keep theirs: "le pen" is a part of "Marine Le Pen".
    if (type != EntityType::kPerson && !db_.term_exists(prefix + key)) {
      const std::string_view rest = KeyWithoutArticle(key);
      if (!rest.empty()) {
        std::string known = aliases_.CanonicalKey(type, std::string(rest));
        if (db_.term_exists(prefix + known)) key = std::move(known);
      }
    }
    const ResolvedName& found = Lookup(type, name, key);
    if (found.entities.empty()) return Xapian::Query();
    std::vector<Xapian::Query> terms;
    for (const auto& entity : found.entities) terms.emplace_back(prefix + entity.first);
    for (const NameMerges::Merge& merge : found.merged) terms.emplace_back(prefix + merge.key);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

 private:
  const ResolvedName& Lookup(EntityType type, const std::string& name, const std::string& key) {
    for (const ResolvedName& done : resolved_) {
      if (done.type == type && done.text == name) return done;
    }
    ResolvedName resolved{type, name, key, {}, {}};
    const std::string prefix(EntityField(type).prefix);
    const std::string term = prefix + key;
    std::vector<const EntityNames::Entity*> containing;
    bool part_of_name = false;
    if (type == EntityType::kPerson) {
      containing = Names().names.Containing(type, key);
      part_of_name = key.find(' ') == std::string::npos || EndsALongerName(key, containing);
    }
    if (!part_of_name && db_.term_exists(term)) {
      resolved.entities.emplace_back(key, db_.get_termfreq(term));
    } else {
      if (type != EntityType::kPerson) containing = Names().names.Containing(type, key);
      for (const EntityNames::Entity* entity : containing) {
        resolved.entities.emplace_back(entity->key, entity->articles);
      }
    }
    if (!Names(type).merges.All(type).empty()) {
      std::vector<std::string> keys;
      for (const auto& entity : resolved.entities) keys.push_back(entity.first);
      resolved.entities = KeysWithMerges(db_, Names().merges, type, keys, &resolved.merged);
    }
    resolved_.push_back(std::move(resolved));
    return resolved_.back();
  }

  // The names of the revision; only persons have merges, so other types
  // read them only when a name is not exactly an entity.
  const RevisionNames& Names(EntityType type) {
    static const RevisionNames kNone;
    return type == EntityType::kPerson ? Names() : kNone;
  }
  const RevisionNames& Names() {
    if (names_ == nullptr) {
      if (!source_) own_ = RevisionNames::Read(db_);
      names_ = source_ ? &source_() : own_.get();
    }
    return *names_;
  }

  const Xapian::Database& db_;
  const AliasTable& aliases_;
  const NamesSource& source_;
  std::shared_ptr<const RevisionNames> own_;
  const RevisionNames* names_ = nullptr;  // own_ or the source's
  std::vector<ResolvedName>& resolved_;
};

// Every document. Not a copy of Xapian::Query::MatchAll: copies of a query
// share its internals, whose reference counts are not atomic, and that one
// static would be shared by the searchers of every thread.
Xapian::Query MatchAllQuery() { return Xapian::Query(std::string()); }

// Field processors report a bad value here rather than by throwing
// Xapian::QueryParserError: Xapian 1.4's QueryParser leaks its pending terms
// when a processor throws. The first error wins; the query is then refused.
struct FieldErrors {
  std::string first;
  std::string field;  // of the first error, to point at it in the query
  std::string value;
  Xapian::Query Fail(std::string message, std::string_view in_field = {},
                     std::string_view with_value = {}) {
    if (first.empty()) {
      first = std::move(message);
      field = in_field;
      value = with_value;
    }
    return Xapian::Query();  // MatchNothing, not shared: see MatchAllQuery
  }
};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Where `field`:`value` is written in `query` (the byte offset of the value,
// after an opening quote), else of the first `field:`; npos when the field
// is not written at all.
std::size_t LocateFieldValue(std::string_view query, std::string_view field,
                             std::string_view value) {
  std::size_t first = std::string::npos;
  for (std::size_t at = 0; !field.empty() && at + field.size() < query.size(); ++at) {
    if (at > 0 && std::string_view(" \t(+-").find(query[at - 1]) == std::string_view::npos) {
      continue;
    }
    bool same = query[at + field.size()] == ':';
    for (std::size_t k = 0; same && k < field.size(); ++k) same = Lower(query[at + k]) == field[k];
    if (!same) continue;
    std::size_t start = at + field.size() + 1;
    if (first == std::string::npos) first = at;
    std::string_view rest = query.substr(start);
    for (std::string_view quote : {"\"", "«", "“"}) {
      if (rest.substr(0, quote.size()) == quote) {
        start += quote.size();
        rest.remove_prefix(quote.size());
        break;
      }
    }
    while (!rest.empty() && rest.front() == ' ' && value.substr(0, 1) != " ") {
      ++start;
      rest.remove_prefix(1);
    }
    if (rest.substr(0, value.size()) == value) return start;
  }
  return first;
}

// person:"Sam Altman", org:openai: the entities the value matches
// (NameResolver).
class EntityFieldProcessor : public Xapian::FieldProcessor {
 public:
  EntityFieldProcessor(NameResolver& names, EntityType type, std::string field, FieldErrors& errors)
      : names_(names), type_(type), field_(std::move(field)), errors_(errors) {}
  Xapian::Query operator()(const std::string& value) override {
    std::optional<Xapian::Query> matched = names_.Resolve(type_, value);
    if (!matched) {
      return errors_.Fail(field_ + ":\"" + value + "\": no letter or digit to search for", field_,
                          value);
    }
    // A name that matches nothing: no article (Xapian's empty query would
    // be MatchNothing too, but is dropped from an OR).
    return matched->empty() ? NoArticleQuery() : *matched;
  }

 private:
  NameResolver& names_;
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
      return errors_.Fail("source:\"" + value + "\": no letter or digit to search for", "source",
                          value);
    }
    return Xapian::Query(prefix_ + key);
  }

 private:
  std::string prefix_;
  FieldErrors& errors_;
};

// The days [first, last] of the range from..to (either end may be missing:
// then the first or last date of `db`) clipped to the dates of `db`'s
// articles; nullopt when no article can be in it. The range must be valid.
std::optional<std::pair<Date, Date>> ClipDateRange(const Xapian::Database& db,
                                                   const std::optional<PartialDate>& from,
                                                   const std::optional<PartialDate>& to) {
  // Every article's date lies within the slot's bounds (Xapian keeps them).
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  std::optional<Date> low = DateFromSlotValue(db.get_value_lower_bound(slot));
  std::optional<Date> high = DateFromSlotValue(db.get_value_upper_bound(slot));
  if (!low || !high) return std::nullopt;  // no article has a date
  Date first = from ? FirstDay(*from) : *low;
  Date last = to ? LastDay(*to) : *high;
  if (first < *low) first = *low;
  if (*high < last) last = *high;
  if (last < first) return std::nullopt;
  return std::pair{first, last};
}

// Articles published within [from, to] (either end may be missing: then
// the first or last date of `db`). An OR of the year, month and day terms
// that tile the range (TilePeriods): their posting lists hold just the
// articles of the range, where a value range reads the date of every
// article (a range alone, as in the multi-select pass of a filter-only
// search, scanned the whole index). `days`, when given, receives the
// clipped range. (The searcher may replace the terms by the date column:
// date_range_source.h.)
Result<Xapian::Query> DateRangeQuery(const Xapian::Database& db,
                                     const std::optional<PartialDate>& from,
                                     const std::optional<PartialDate>& to,
                                     std::optional<std::pair<Date, Date>>* days = nullptr) {
  if (!from && !to) return Xapian::Query();
  if (from && to && LastDay(*to) < FirstDay(*from)) {
    return Status::InvalidArgument("the date range ends (" + FormatIsoDate(LastDay(*to)) +
                                   ") before it starts (" + FormatIsoDate(FirstDay(*from)) + ")");
  }
  std::optional<std::pair<Date, Date>> clipped = ClipDateRange(db, from, to);
  if (!clipped) return NoArticleQuery();
  std::vector<Xapian::Query> parts;
  for (const PartialDate& period : TilePeriods(clipped->first, clipped->second)) {
    parts.emplace_back(DateTermFor(period));
  }
  if (parts.empty()) return NoArticleQuery();
  if (days != nullptr) *days = clipped;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// A date or a range of dates as written after `date:` or `mentioned:`:
// "2016", "2016-02", "7 février 2016", "2016-01..2016-03", "..2016-06",
// "2016-06..".
struct DateSpec {
  std::optional<PartialDate> from;  // the date itself when not a range
  std::optional<PartialDate> to;
  bool range = false;
};

// Messages say what is wrong with the value, without naming its field (the
// caller does); `field`, when not empty, is the query-language field the
// value was written after.
Result<DateSpec> ParseDateSpec(std::string_view field, const std::string& value) {
  DateSpec spec;
  std::size_t dots = value.find("..");
  spec.range = dots != std::string::npos;
  std::string left = spec.range ? value.substr(0, dots) : value;
  std::string right = spec.range ? value.substr(dots + 2) : "";
  for (auto [text, bound] : {std::pair{&left, &spec.from}, {&right, &spec.to}}) {
    if (text->empty()) continue;
    Result<PartialDate> date = ParsePartialDate(*text);
    if (!date.ok()) return Status::InvalidArgument(date.status().message());
    *bound = date.value();
  }
  if (!spec.range && !spec.from) {
    return Status::InvalidArgument(field.empty()
                                       ? "a date is needed"
                                       : "a date is needed after \"" + std::string(field) + ":\"");
  }
  if (spec.range && !spec.from && !spec.to) {
    return Status::InvalidArgument("a range needs at least one end");
  }
  if (spec.from && spec.to && LastDay(*spec.to) < FirstDay(*spec.from)) {
    return Status::InvalidArgument("the date range ends (" + FormatIsoDate(LastDay(*spec.to)) +
                                   ") before it starts (" + FormatIsoDate(FirstDay(*spec.from)) +
                                   ")");
  }
  return spec;
}

// date:2016, date:2016-02, date:"7 février 2016", date:2016-01..2016-03,
// date:..2016-06, date:2016-06..
class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  DateFieldProcessor(const Xapian::Database& db, FieldErrors& errors) : db_(db), errors_(errors) {}
  Xapian::Query operator()(const std::string& value) override {
    Result<DateSpec> spec = ParseDateSpec("date", value);
    if (!spec.ok()) return errors_.Fail("date: " + spec.status().message(), "date", value);
    if (!spec->range) return Xapian::Query(DateTermFor(*spec->from));
    Result<Xapian::Query> range = DateRangeQuery(db_, spec->from, spec->to);
    if (!range.ok()) return errors_.Fail("date: " + range.status().message(), "date", value);
    return range.value();
  }

 private:
  Xapian::Database db_;
  FieldErrors& errors_;
};

// The terms of the articles mentioning a date of `value` (a DateSpec): the
// date's term at its precision, or those of the range tiled by whole
// periods (mentioned_dates.h). Open ends stop at the first and last years
// mentioned in `db`. `field` as for ParseDateSpec.
Result<std::vector<std::string>> MentionedTerms(const Xapian::Database& db, std::string_view field,
                                                const std::string& value) {
  Result<DateSpec> spec = ParseDateSpec(field, value);
  if (!spec.ok()) return spec.status();
  if (!spec->range) return std::vector<std::string>{MentionedDateTermFor(*spec->from)};
  const std::string year_prefix(kMentionedYearPrefix);
  std::string first_year, last_year;  // the year terms, in order
  for (Xapian::TermIterator t = db.allterms_begin(year_prefix); t != db.allterms_end(year_prefix);
       ++t) {
    last_year = *t;
    if (first_year.empty()) first_year = last_year;
  }
  if (first_year.empty()) return std::vector<std::string>{};
  std::optional<PartialDate> low = MentionedDateFromKey(first_year.substr(year_prefix.size()));
  std::optional<PartialDate> high = MentionedDateFromKey(last_year.substr(year_prefix.size()));
  if (!low || !high) return std::vector<std::string>{};
  Date first = spec->from ? FirstDay(*spec->from) : FirstDay(*low);
  Date last = spec->to ? LastDay(*spec->to) : LastDay(*high);
  if (first < FirstDay(*low)) first = FirstDay(*low);
  if (LastDay(*high) < last) last = LastDay(*high);
  const Xapian::Query tiles = MentionedDateRangeQuery(first, last);
  return std::vector<std::string>(tiles.get_unique_terms_begin(), tiles.get_unique_terms_end());
}

// The articles having any of `terms`: the OR of those some article has,
// each once. A range over centuries tiles into a term per year, most of
// them mentioned by no article, and Xapian 1.4's OR of many terms that
// match nothing costs about the square of their number: they are left out.
Xapian::Query AnyExistingTerm(const Xapian::Database& db, std::vector<std::string> terms) {
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  terms.erase(std::remove_if(terms.begin(), terms.end(),
                             [&db](const std::string& term) { return !db.term_exists(term); }),
              terms.end());
  if (terms.empty()) return NoArticleQuery();
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// mentioned:2016-02, mentioned:2016..2017: MentionedTerms.
class MentionedFieldProcessor : public Xapian::FieldProcessor {
 public:
  MentionedFieldProcessor(const Xapian::Database& db, std::string field, FieldErrors& errors)
      : db_(db), field_(std::move(field)), errors_(errors) {}
  Xapian::Query operator()(const std::string& value) override {
    Result<std::vector<std::string>> terms = MentionedTerms(db_, field_, value);
    if (!terms.ok()) return errors_.Fail(field_ + ": " + terms.status().message(), field_, value);
    return AnyExistingTerm(db_, std::move(terms.value()));
  }

 private:
  const Xapian::Database& db_;
  std::string field_;
  FieldErrors& errors_;
};

void AddFieldPrefixes(Xapian::QueryParser& parser, const Xapian::Database& db, NameResolver& names,
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
            field, (new EntityFieldProcessor(names, *spec.entity, field, errors))->release(),
            &grouping);
      } else if (spec.id == FieldId::kSource) {
        parser.add_boolean_prefix(
            field, (new SourceFieldProcessor(std::string(spec.prefix), errors))->release(),
            &grouping);
      } else if (spec.id == FieldId::kDate) {
        parser.add_boolean_prefix(field, (new DateFieldProcessor(db, errors))->release(),
                                  &grouping);
      } else if (spec.id == FieldId::kMentionedDate) {
        parser.add_boolean_prefix(
            field, (new MentionedFieldProcessor(db, field, errors))->release(), &grouping);
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
  const std::size_t cut = utf8::CharStart(query, kShown);
  return "\"" + query.substr(0, cut) + "…\" (" + std::to_string(query.size()) + " bytes)";
}

// A query refused at `problem`: a BadQuery at its offset (the caller shows
// the query with a caret: PointAt).
Status SyntaxError(const SyntaxProblem& problem) {
  return Status::BadQuery("syntax error in the query: " + problem.message, problem.offset);
}

// A query refused without knowing where: Xapian's parser says what is
// wrong, not where, and FindSyntaxProblem found nothing to point at.
Status Unreadable(const std::string& query, const std::string& why) {
  return Status::InvalidArgument("cannot parse the query " + QuoteStart(query) + ": " + why,
                                 "query");
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

// The OR of what `names` match (NameResolver); empty when none is given,
// and when none matches anything: `nothing` (NoArticleQuery for a filter,
// empty for an exclusion, which then excludes nothing). A name with no
// letter or digit is an InvalidArgument of the request's `field`.
Result<Xapian::Query> AnyOf(NameResolver& resolver, EntityType type,
                            const std::vector<std::string>& names, const std::string& field,
                            const Xapian::Query& nothing) {
  if (names.empty()) return Xapian::Query();
  std::vector<Xapian::Query> alternatives;
  for (const std::string& name : names) {
    std::optional<Xapian::Query> matched = resolver.Resolve(type, name);
    if (!matched) {
      return Status::InvalidArgument("\"" + name + "\": no letter or digit to search for", field);
    }
    if (!matched->empty()) alternatives.push_back(*matched);
  }
  if (alternatives.empty()) return nothing;
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

// A date bound of the request ("" for none), read by ParsePartialDate; an
// InvalidArgument of `field` when it cannot be read.
Result<std::optional<PartialDate>> RequestDate(const std::string& text, const char* field) {
  if (text.empty()) return std::optional<PartialDate>();
  Result<PartialDate> date = ParsePartialDate(text);
  if (!date.ok()) return Status::InvalidArgument(date.status().message(), field);
  return std::optional<PartialDate>(date.value());
}

}  // namespace

Xapian::Query QueryParts::Combine(std::optional<EntityType> without) const {
  std::vector<Xapian::Query> filters;
  for (EntityType type : kEntityTypes) {
    if (without == type || selections[Index(type)].empty()) continue;
    filters.push_back(selections[Index(type)]);
  }
  if (!date_range.empty()) filters.push_back(date_range);
  if (!mentioned.empty()) filters.push_back(mentioned);
  Xapian::Query query = text;
  if (!filters.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }
  if (!excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, excluded);
  return query;
}

Result<QueryParts> BuildQueryParts(const Xapian::Database& db, const AliasTable& aliases,
                                   const SearchRequest& request, const NamesSource& names) {
  QueryParts parts;
  NameResolver resolver(db, aliases, names, parts.names);
  // The request's filters first, so that they come first in parts.names.
  std::array<Xapian::Query, kEntityTypeCount> exclusions;
  for (EntityType type : kEntityTypes) {
    const std::string name = EntityTypeName(type);
    Result<Xapian::Query> selected =
        AnyOf(resolver, type, request.entity_filters[Index(type)], name, NoArticleQuery());
    if (!selected.ok()) return selected.status();
    parts.selections[Index(type)] = selected.value();
  }
  for (EntityType type : kEntityTypes) {
    Result<Xapian::Query> not_selected =
        AnyOf(resolver, type, request.entity_exclusions[Index(type)],
              "not_" + std::string(EntityTypeName(type)), Xapian::Query());
    if (!not_selected.ok()) return not_selected.status();
    exclusions[Index(type)] = not_selected.value();
  }
  parts.text = MatchAllQuery();
  bool blank = request.query.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!blank) {
    Xapian::QueryParser parser;
    ConfigureQueryParser(parser);
    parser.set_database(db);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    FieldErrors errors;
    AddFieldPrefixes(parser, db, resolver, errors);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                     Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;
    // Xapian would refuse some of these without saying where, and re-read
    // others as plain words: find them first, to point at them.
    if (std::optional<SyntaxProblem> problem = FindSyntaxProblem(request.query)) {
      return SyntaxError(*problem);
    }
    try {
      parts.text =
          parser.parse_query(NormalizeQueryString(RewriteOnlyExclusions(request.query)), flags);
    } catch (const Xapian::QueryParserError& e) {
      return Unreadable(request.query, e.get_msg());
    }
    if (!errors.first.empty()) {
      std::size_t at = LocateFieldValue(request.query, errors.field, errors.value);
      if (at != std::string::npos) return SyntaxError(SyntaxProblem{at, errors.first});
      return Unreadable(request.query, errors.first);
    }
    // The words as typed (folded, unstemmed), for spelling suggestions: a
    // stemmed term maps back to its words through the parser.
    for (auto term = parts.text.get_unique_terms_begin(); term != parts.text.get_unique_terms_end();
         ++term) {
      const std::string& t = *term;
      const TermParts split = SplitTerm(t);
      // Words of the text only (body or title), not the boolean filters.
      if (split.word.empty() || FindFreeTextField(split.prefix) == nullptr) continue;
      if (!split.stemmed) {
        parts.words.emplace_back(split.word);
        continue;
      }
      for (auto w = parser.unstem_begin(t); w != parser.unstem_end(t); ++w) {
        parts.words.push_back(*w);
      }
    }
    std::sort(parts.words.begin(), parts.words.end());
    parts.words.erase(std::unique(parts.words.begin(), parts.words.end()), parts.words.end());
    // Xapian keeps the stop words of a query made only of them; a query
    // with nothing left at all (only punctuation) matches everything.
    if (parts.text.empty()) parts.text = MatchAllQuery();
  }
  std::vector<Xapian::Query> excluded;
  if (!request.like_id.empty()) {
    const std::string like_id(TrimmedId(request.like_id));  // as Upsert keeps it
    Result<Xapian::Query> like = MoreLikeThisQuery(db, like_id);
    if (!like.ok()) return like.status();
    // With a query too, an article must match both (the query as a
    // filter that also weighs); the article itself is never a hit.
    parts.text =
        blank ? like.value() : Xapian::Query(Xapian::Query::OP_AND, parts.text, like.value());
    excluded.emplace_back(std::string(Field(FieldId::kId).prefix) + like_id);
  }
  parts.unexpanded = parts.text;
  parts.text = ExpandWildcards(parts.unexpanded, db, parts.notices);
  // Only wildcards that match nothing: a text that matches nothing, not
  // the empty query (MatchNothing), which an empty part means here.
  if (parts.text.empty()) parts.text = NoArticleQuery();
  for (const Xapian::Query& not_selected : exclusions) {
    if (!not_selected.empty()) excluded.push_back(not_selected);
  }
  if (!excluded.empty()) {
    parts.excluded = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
  }
  Result<std::optional<PartialDate>> from = RequestDate(request.from, "from");
  if (!from.ok()) return from.status();
  Result<std::optional<PartialDate>> to = RequestDate(request.to, "to");
  if (!to.ok()) return to.status();
  Result<Xapian::Query> dates = DateRangeQuery(db, *from, *to, &parts.date_days);
  if (!dates.ok()) return dates.status();
  parts.date_range = dates.value();
  if (!request.date.empty()) {
    // A date or a period as date: reads it; with from/to, articles must be
    // in both: the latest start and the earliest end.
    Result<DateSpec> spec = ParseDateSpec("", request.date);
    if (!spec.ok()) return Status::InvalidArgument(spec.status().message(), "date");
    std::optional<PartialDate> first = spec->from, last = spec->range ? spec->to : spec->from;
    if (*from && (!first || FirstDay(*first) < FirstDay(**from))) first = *from;
    if (*to && (!last || LastDay(**to) < LastDay(*last))) last = *to;
    parts.date_days.reset();
    if (first && last && LastDay(*last) < FirstDay(*first)) {
      parts.date_range = NoArticleQuery();
    } else {
      dates = DateRangeQuery(db, first, last, &parts.date_days);
      if (!dates.ok()) return dates.status();
      parts.date_range = dates.value();
    }
  }
  // The mentioned values are OR-ed: one OR of all their terms.
  std::vector<std::string> mentioned;
  for (const std::string& value : request.mentioned) {
    Result<std::vector<std::string>> terms = MentionedTerms(db, "", value);
    if (!terms.ok()) return Status::InvalidArgument(terms.status().message(), "mentioned");
    mentioned.insert(mentioned.end(), terms->begin(), terms->end());
  }
  if (!request.mentioned.empty()) parts.mentioned = AnyExistingTerm(db, std::move(mentioned));
  return parts;
}

Result<Xapian::Query> BuildQuery(const Xapian::Database& db, const AliasTable& aliases,
                                 const SearchRequest& request) {
  Result<QueryParts> parts = BuildQueryParts(db, aliases, request);
  if (!parts.ok()) return parts.status();
  return parts->Combine();
}

}  // namespace facette
