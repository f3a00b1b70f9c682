// Wildcard expansion (wildcards.h).
#include "query/wildcards.h"

#include <algorithm>
#include <map>
#include <queue>
#include <string_view>
#include <utility>

#include "schema/fields.h"

namespace facette {
namespace {

// The operators rebuilt around an expanded wildcard: they take nothing but
// their subqueries. QueryParser puts a wildcard under no other (not in a
// phrase, NEAR or a weight scale); one there would be left to Xapian, which
// expands it up to the parser's own limit.
bool Rebuildable(Xapian::Query::op op) {
  switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return true;
    default:
      return false;
  }
}

// The pattern of an OP_WILDCARD leaf ("" when it cannot be read): Xapian
// 1.4 has no accessor for it, and describes the leaf as
// "Query(WILDCARD <combining operator> <pattern>)".
std::string PatternOf(const Xapian::Query& wildcard) {
  const std::string description = wildcard.get_description();
  constexpr std::string_view kStart = "Query(WILDCARD ";
  if (description.rfind(kStart, 0) != 0 || description.back() != ')') return "";
  std::size_t space = description.find(' ', kStart.size());
  if (space == std::string::npos) return "";
  return description.substr(space + 1, description.size() - space - 2);
}

// The patterns of the wildcards of `query`, one per occurrence, in order.
void CollectPatterns(const Xapian::Query& query, std::vector<std::string>& patterns) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) {
    std::string pattern = PatternOf(query);
    if (!pattern.empty()) patterns.push_back(std::move(pattern));
    return;
  }
  if (!Rebuildable(query.get_type())) return;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    CollectPatterns(query.get_subquery(i), patterns);
  }
}

// A pattern's words: how many `db` has, and the most frequent of them
// (kMaxWildcardExpansion at most), most frequent first.
struct Words {
  std::size_t matching = 0;
  std::vector<std::string> most_frequent;
};

Words ReadWords(const Xapian::Database& db, const std::string& pattern) {
  using Entry = std::pair<Xapian::doccount, std::string>;
  // a before b: more frequent, then first in byte order.
  auto before = [](const Entry& a, const Entry& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  // The best kMaxWildcardExpansion so far, the worst of them on top.
  std::priority_queue<Entry, std::vector<Entry>, decltype(before)> best(before);
  Words words;
  for (Xapian::TermIterator t = db.allterms_begin(pattern); t != db.allterms_end(pattern); ++t) {
    ++words.matching;
    const Xapian::doccount frequency = t.get_termfreq();
    // Words come in byte order: one no more frequent than the worst kept
    // loses to it.
    if (best.size() == kMaxWildcardExpansion && frequency <= best.top().first) continue;
    best.push(Entry{frequency, *t});
    if (best.size() > kMaxWildcardExpansion) best.pop();
  }
  std::vector<Entry> sorted;
  for (; !best.empty(); best.pop()) sorted.push_back(best.top());
  std::sort(sorted.begin(), sorted.end(), before);
  for (Entry& entry : sorted) words.most_frequent.push_back(std::move(entry.second));
  return words;
}

// The largest share (at most kMaxWildcardExpansion, at least 1) such that
// the occurrences, each searching min(its words, share), search at most
// kMaxWildcardTotal words together. `counts`: each occurrence's words.
std::size_t Share(std::vector<std::size_t> counts) {
  std::sort(counts.begin(), counts.end());
  std::size_t budget = kMaxWildcardTotal;
  std::size_t left = counts.size();
  for (std::size_t count : counts) {
    // The smallest left: all of them searched whole if the budget allows
    // it for every one left, else the budget split evenly.
    if (count * left > budget) return std::max<std::size_t>(1, budget / left);
    budget -= count;
    --left;
  }
  return kMaxWildcardExpansion;
}

// The pattern as the user wrote it: the field's name for a prefixed one
// ("Scd" is "title:cd").
std::string Shown(const std::string& pattern) {
  const TermParts parts = SplitTerm(pattern);
  if (parts.prefix.empty() || parts.stemmed) return pattern;
  const FieldSpec* field = FindFreeTextField(parts.prefix);
  if (field == nullptr) return pattern;
  return std::string(field->name) + ":" + std::string(parts.word);
}

// `query` with its wildcards replaced by `expansions` (by pattern).
Xapian::Query Replace(const Xapian::Query& query,
                      const std::map<std::string, Xapian::Query>& expansions) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) {
    auto found = expansions.find(PatternOf(query));
    return found != expansions.end() ? found->second : query;
  }
  if (!Rebuildable(query.get_type()) || query.get_num_subqueries() == 0) return query;
  std::vector<Xapian::Query> subqueries;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    subqueries.push_back(Replace(query.get_subquery(i), expansions));
  }
  return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
}

}  // namespace

Xapian::Query ExpandWildcards(const Xapian::Query& query, const Xapian::Database& db,
                              std::vector<std::string>& notices) {
  std::vector<std::string> occurrences;
  CollectPatterns(query, occurrences);
  if (occurrences.empty()) return query;
  // Each distinct pattern read once; patterns in the order first written.
  std::map<std::string, Words> words;
  std::vector<std::string> patterns;
  std::vector<std::size_t> counts;
  for (const std::string& pattern : occurrences) {
    auto [it, added] = words.try_emplace(pattern);
    if (added) {
      it->second = ReadWords(db, pattern);
      patterns.push_back(pattern);
    }
    counts.push_back(it->second.most_frequent.size());
  }
  const std::size_t share = Share(std::move(counts));
  std::map<std::string, Xapian::Query> expansions;
  for (const std::string& pattern : patterns) {
    const Words& w = words.at(pattern);
    const std::size_t searched = std::min(share, w.most_frequent.size());
    auto begin = w.most_frequent.begin();
    // An empty query matches nothing (not Xapian::Query::MatchNothing,
    // whose shared internals other threads may be counting references to).
    expansions[pattern] = searched == 0
                              ? Xapian::Query()
                              : Xapian::Query(Xapian::Query::OP_SYNONYM, begin, begin + searched);
    if (searched == w.matching) continue;
    std::string note = Shown(pattern) + "* matches " + std::to_string(w.matching) +
                       " words: only the " + std::to_string(searched) +
                       " most frequent are searched (type more letters to narrow it";
    if (searched < w.most_frequent.size()) {  // fewer than its own bound: the share
      note += ", or write fewer wildcards: the " + std::to_string(occurrences.size()) +
              " of this query share " + std::to_string(kMaxWildcardTotal) + " words";
    }
    notices.push_back(note + ")");
  }
  return Replace(query, expansions);
}

}  // namespace facette
