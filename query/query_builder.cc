// Query building (query_builder.h). Field names and prefixes come from the
// schema table; nothing here knows a prefix by heart.
#include "query/query_builder.h"

#include <string>
#include <vector>

#include "schema/dates.h"
#include "schema/entity_key.h"
#include "schema/fields.h"
#include "schema/text_analysis.h"

namespace facette {
namespace {

// A word* prefix query is expanded to at most this many of the most frequent
// matching words.
constexpr Xapian::termcount kMaxWildcardExpansion = 1000;

// person:"Sam Altman", org:openai: the value folded to its canonical key.
class EntityFieldProcessor : public Xapian::FieldProcessor {
 public:
  EntityFieldProcessor(std::string prefix, std::string field)
      : prefix_(std::move(prefix)), field_(std::move(field)) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string key = CanonicalEntityKey(value);
    if (key.empty()) {
      throw Xapian::QueryParserError(field_ + ":\"" + value + "\": no letter or digit to search for");
    }
    return Xapian::Query(prefix_ + key);
  }

 private:
  std::string prefix_;
  std::string field_;
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
  Xapian::Query operator()(const std::string& value) override {
    std::size_t dots = value.find("..");
    if (dots == std::string::npos) return Xapian::Query(DateTermFor(Parse(value)));
    std::string left = value.substr(0, dots);
    std::string right = value.substr(dots + 2);
    std::optional<PartialDate> from, to;
    if (!left.empty()) from = Parse(left);
    if (!right.empty()) to = Parse(right);
    if (!from && !to) throw Xapian::QueryParserError("date: a range needs at least one end");
    Result<Xapian::Query> range = DateRangeQuery(from, to);
    if (!range.ok()) throw Xapian::QueryParserError("date: " + range.status().message());
    return range.value();
  }

 private:
  static PartialDate Parse(const std::string& text) {
    Result<PartialDate> date = ParsePartialDate(text);
    if (!date.ok()) throw Xapian::QueryParserError("date: " + date.status().message());
    return date.value();
  }
};

void AddFieldPrefixes(Xapian::QueryParser& parser) {
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
      } else if (spec.entity || spec.id == FieldId::kSource) {
        parser.add_boolean_prefix(
            field, (new EntityFieldProcessor(std::string(spec.prefix), field))->release(),
            &grouping);
      } else if (spec.id == FieldId::kDate) {
        parser.add_boolean_prefix(field, (new DateFieldProcessor())->release(), &grouping);
      } else if (spec.flags & kBooleanFilter) {
        parser.add_boolean_prefix(field, std::string(spec.prefix), &grouping);
      }
    }
  }
}

}  // namespace

Result<Xapian::Query> BuildFilter(const SearchRequest& request) {
  std::vector<Xapian::Query> filters;
  for (EntityType type : kEntityTypes) {
    const auto& values = request.entity_filters[Index(type)];
    if (values.empty()) continue;
    std::vector<Xapian::Query> alternatives;
    for (const std::string& value : values) {
      std::string key = CanonicalEntityKey(value);
      if (key.empty()) {
        return Status::InvalidArgument("--" + std::string(EntityField(type).name) + " \"" + value +
                                       "\": no letter or digit to search for");
      }
      alternatives.emplace_back(std::string(EntityField(type).prefix) + key);
    }
    filters.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  Result<Xapian::Query> dates = DateRangeQuery(request.from, request.to);
  if (!dates.ok()) return dates.status();
  if (!dates->empty()) filters.push_back(dates.value());
  if (filters.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

Result<Xapian::Query> BuildQuery(const Xapian::Database& db, const SearchRequest& request) {
  Xapian::Query text = Xapian::Query::MatchAll;
  bool blank = request.query.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!blank) {
    Xapian::QueryParser parser;
    ConfigureQueryParser(parser);
    parser.set_database(db);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    AddFieldPrefixes(parser);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                     Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;
    try {
      text = parser.parse_query(NormalizeQueryString(request.query), flags);
    } catch (const Xapian::QueryParserError& e) {
      return Status::InvalidArgument("cannot parse the query \"" + request.query +
                                     "\": " + e.get_msg());
    }
    // Xapian keeps the stop words of a query made only of them; a query
    // with nothing left at all (only punctuation) matches everything.
    if (text.empty()) text = Xapian::Query::MatchAll;
  }
  Result<Xapian::Query> filter = BuildFilter(request);
  if (!filter.ok()) return filter.status();
  if (filter->empty()) return text;
  return Xapian::Query(Xapian::Query::OP_FILTER, text, filter.value());
}

}  // namespace facette
