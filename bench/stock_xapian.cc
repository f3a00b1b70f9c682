// Baseline A, "stock Xapian": what a competent user writes with Xapian 1.4
// alone. Indexing: TermGenerator with the French stemmer (STEM_SOME), the
// title also with prefix S, boolean entity terms XP/XO/XL, a month term XM, the
// date as YYYYMMDD in value slot 0, the id as Q term, replace_document by id,
// Xapian's default flush threshold and one final commit. Querying:
// QueryParser with the French stemmer, filters as boolean terms with
// OP_FILTER, the date range as OP_VALUE_RANGE, checkatleast = doccount for an
// exact total, and the facets counted by a MatchSpy that walks each matching
// document's termlist (skip_to each prefix).
//
// Its prefixes (S, Q, XP, XO, XL, XM) are this baseline's own database
// layout, spelled here on purpose: it is not a facette database, and does not
// follow schema/fields.h.
//
// Entity names are keyed with facette's CanonicalEntityKey in all three
// engines, so that the filter totals can be compared exactly; it costs a few
// microseconds per article, nothing next to the text analysis.
#include <xapian.h>

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench/corpus_reader.h"
#include "bench/engines.h"
#include "bench/query_mix.h"
#include "schema/entity_key.h"

namespace facette::bench {
namespace {

constexpr Xapian::valueno kDateSlot = 0;
// Term prefixes, in the order they sort: the facet spy skips to each in turn.
constexpr const char* kMonthPrefix = "XM";
constexpr const char* kEntityPrefixes[] = {"XP", "XO", "XL"};  // person, org, location

std::string DateValue(std::string_view date) {  // "YYYY-MM-DD" -> "YYYYMMDD"
  if (date.size() < 10) return {};
  std::string value;
  value.append(date.substr(0, 4)).append(date.substr(5, 2)).append(date.substr(8, 2));
  return value;
}

Xapian::Utf8Iterator Utf8(std::string_view text) {
  return Xapian::Utf8Iterator(text.data(), text.size());
}

// Counts, for every matching document, its terms with prefix XM, XO and XP.
class TermFacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*wt*/) override {
    static constexpr std::pair<const char*, std::size_t> kFacets[] = {
        {"XM", 0}, {"XO", 2}, {"XP", 1}};  // sorted by prefix
    Xapian::TermIterator it = doc.termlist_begin();
    const Xapian::TermIterator end = doc.termlist_end();
    for (const auto& [prefix, facet] : kFacets) {
      it.skip_to(prefix);
      for (; it != end; ++it) {
        const std::string term = *it;
        if (term.compare(0, 2, prefix) != 0) break;
        ++counts_[facet][term.substr(2)];
      }
    }
  }

  // The top `size` values of facet 0 (month), 1 (person) or 2 (organisation).
  std::vector<std::pair<std::string, std::uint64_t>> Top(std::size_t facet,
                                                         std::size_t size) const {
    std::vector<std::pair<std::string, std::uint64_t>> values(counts_[facet].begin(),
                                                              counts_[facet].end());
    auto by_count = [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    if (values.size() > size) {
      std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(size),
                        values.end(), by_count);
      values.resize(size);
    } else {
      std::sort(values.begin(), values.end(), by_count);
    }
    return values;
  }

 private:
  std::array<std::unordered_map<std::string, std::uint64_t>, 3> counts_;
};

class StockXapianEngine : public QueryEngine {
 public:
  explicit StockXapianEngine(const std::string& db) : db_(db) {
    parser_.set_database(db_);
    parser_.set_stemmer(Xapian::Stem("french"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }

  QueryOutcome Run(const BenchQuery& query) override {
    Xapian::Query text =
        query.text.empty() ? Xapian::Query::MatchAll : parser_.parse_query(query.text);
    std::vector<Xapian::Query> filters;
    if (!query.person.empty()) {
      filters.emplace_back(std::string("XP") + CanonicalEntityKey(query.person));
    }
    if (!query.organization.empty()) {
      filters.emplace_back(std::string("XO") + CanonicalEntityKey(query.organization));
    }
    if (!query.from.empty() || !query.to.empty()) {
      filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, kDateSlot, DateValue(query.from),
                           query.to.empty() ? std::string("99999999") : DateValue(query.to));
    }
    Xapian::Query full = text;
    if (!filters.empty()) {
      full = Xapian::Query(Xapian::Query::OP_FILTER, text,
                           Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(full);
    TermFacetSpy spy;
    enquire.add_matchspy(&spy);
    if (SortsNewestFirst(query)) {
      enquire.set_sort_by_value_then_relevance(kDateSlot, true);  // YYYYMMDD, descending
    }
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(HitOffset(query)), kTopSize,
                                         db_.get_doccount());
    QueryOutcome outcome;
    outcome.total = mset.get_matches_estimated();  // exact: checkatleast = doccount
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      std::string data = it.get_document().get_data();
      outcome.top.push_back(data.substr(0, data.find('\n')));
    }
    outcome.month_values = spy.Top(0, kFacetSize).size();
    outcome.person_values = spy.Top(1, kFacetSize).size();
    outcome.organization_values = spy.Top(2, kFacetSize).size();
    return outcome;
  }

  std::uint64_t DocumentCount() override { return db_.get_doccount(); }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
};

}  // namespace

void IndexStockXapian(const std::string& input, const std::string& db_path) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("french"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::string term;
  ForEachArticle(input, [&](const BenchArticle& article) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(Utf8(article.title), 1, "S");
    generator.index_text(Utf8(article.title));
    generator.increase_termpos();
    generator.index_text(Utf8(article.body));
    for (std::size_t type = 0; type < 3; ++type) {
      for (std::string_view name : article.entities[type]) {
        std::string key = CanonicalEntityKey(name);
        if (!key.empty()) doc.add_boolean_term(kEntityPrefixes[type] + key);
      }
    }
    std::string date = DateValue(article.date);
    if (!date.empty()) {
      doc.add_value(kDateSlot, date);
      doc.add_boolean_term(kMonthPrefix + date.substr(0, 6));
    }
    std::string data(article.id);
    data.append("\n").append(article.title);
    doc.set_data(data);
    term.assign("Q").append(article.id);
    doc.add_boolean_term(term);
    db.replace_document(term, doc);
  });
  db.commit();
}

std::unique_ptr<QueryEngine> OpenStockXapian(const std::string& db) {
  return std::make_unique<StockXapianEngine>(db);
}

}  // namespace facette::bench
