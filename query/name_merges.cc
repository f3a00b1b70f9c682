// Short person names merged into full names (name_merges.h).
#include "query/name_merges.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "schema/fields.h"

namespace facette {
namespace {

// A merged key's full key covers at least this share of the articles of
// all the longer keys ending with its words, and at least kMinArticles.
constexpr Xapian::doccount kDominantPercent = 90;
constexpr Xapian::doccount kMinArticles = 2;

}  // namespace

NameMerges NameMerges::Compute(const EntityNames& names) {
  NameMerges out;
  constexpr EntityType kType = EntityType::kPerson;
  // Per key that is the last words of longer keys: the articles of those
  // keys, and the one with the most (ties by key).
  struct Longer {
    Xapian::doccount articles = 0;
    const EntityNames::Entity* best = nullptr;
  };
  std::unordered_map<std::string_view, Longer> by_suffix;
  for (const EntityNames::Entity& full : names.Entities(kType)) {
    for (std::size_t at = full.key.find(' '); at != std::string::npos;
         at = full.key.find(' ', at + 1)) {
      const std::string_view suffix = std::string_view(full.key).substr(at + 1);
      if (names.Find(kType, suffix) == nullptr) continue;
      Longer& longer = by_suffix[suffix];
      longer.articles += full.articles;
      if (longer.best == nullptr || full.articles > longer.best->articles) longer.best = &full;
    }
  }
  for (const auto& [suffix, longer] : by_suffix) {
    const Xapian::doccount best = longer.best->articles;
    if (best < kMinArticles || best * 100 < longer.articles * kDominantPercent) continue;
    out.persons_.push_back(Merge{kType, std::string(suffix), longer.best->key,
                                 names.Find(kType, suffix)->articles, best, longer.articles});
  }
  std::sort(out.persons_.begin(), out.persons_.end(),
            [](const Merge& a, const Merge& b) { return a.key < b.key; });
  // A full key that is merged itself would vanish: those into it stay.
  std::vector<Merge> kept;
  kept.reserve(out.persons_.size());
  for (const Merge& merge : out.persons_) {
    if (out.Of(kType, merge.into) == nullptr) kept.push_back(merge);
  }
  out.persons_ = std::move(kept);
  out.by_into_.resize(out.persons_.size());
  for (std::uint32_t i = 0; i < out.by_into_.size(); ++i) out.by_into_[i] = i;
  std::sort(out.by_into_.begin(), out.by_into_.end(), [&out](std::uint32_t a, std::uint32_t b) {
    const Merge& x = out.persons_[a];
    const Merge& y = out.persons_[b];
    return x.into != y.into ? x.into < y.into : x.key < y.key;
  });
  return out;
}

const NameMerges::Merge* NameMerges::Of(EntityType type, std::string_view key) const {
  const std::vector<Merge>& merges = All(type);
  auto at = std::lower_bound(merges.begin(), merges.end(), key,
                             [](const Merge& m, std::string_view k) { return m.key < k; });
  return at != merges.end() && at->key == key ? &*at : nullptr;
}

std::vector<const NameMerges::Merge*> NameMerges::Into(EntityType type,
                                                       std::string_view into) const {
  std::vector<const Merge*> out;
  if (type != EntityType::kPerson) return out;
  auto at = std::lower_bound(
      by_into_.begin(), by_into_.end(), into,
      [this](std::uint32_t i, std::string_view k) { return persons_[i].into < k; });
  for (; at != by_into_.end() && persons_[*at].into == into; ++at) out.push_back(&persons_[*at]);
  return out;
}

const std::vector<NameMerges::Merge>& NameMerges::All(EntityType type) const {
  static const std::vector<Merge> kNone;
  return type == EntityType::kPerson ? persons_ : kNone;
}

std::uint64_t ArticlesAddedByMerges(const Xapian::Database& db, std::string_view prefix,
                                    const std::vector<const NameMerges::Merge*>& merges,
                                    const std::vector<Xapian::docid>* docs) {
  std::vector<Xapian::docid> added;
  for (const NameMerges::Merge* merge : merges) {
    const std::string term = std::string(prefix) + merge->key;
    const std::string full_term = std::string(prefix) + merge->into;
    Xapian::PostingIterator full = db.postlist_begin(full_term);
    const Xapian::PostingIterator full_end = db.postlist_end(full_term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    auto next = docs != nullptr ? docs->begin() : std::vector<Xapian::docid>::const_iterator();
    for (Xapian::PostingIterator it = db.postlist_begin(term); it != end;) {
      const Xapian::docid id = *it;
      if (docs != nullptr) {
        // Leapfrog: each list skips to the other's next document.
        next = std::lower_bound(next, docs->end(), id);
        if (next == docs->end()) break;
        if (*next != id) {
          it.skip_to(*next);
          continue;
        }
      }
      if (full != full_end) full.skip_to(id);
      if (full == full_end || *full != id) added.push_back(id);
      ++it;
    }
  }
  std::sort(added.begin(), added.end());
  return static_cast<std::uint64_t>(std::unique(added.begin(), added.end()) - added.begin());
}

std::vector<std::pair<std::string, Xapian::doccount>> KeysWithMerges(
    const Xapian::Database& db, const NameMerges& merges, EntityType type,
    const std::vector<std::string>& keys, std::vector<NameMerges::Merge>* merged) {
  const std::string prefix(EntityField(type).prefix);
  std::vector<std::string> full_keys;
  for (const std::string& key : keys) {
    const NameMerges::Merge* merge = merges.Of(type, key);
    const std::string& full = merge != nullptr ? merge->into : key;
    if (std::find(full_keys.begin(), full_keys.end(), full) == full_keys.end()) {
      full_keys.push_back(full);
    }
  }
  std::vector<std::pair<std::string, Xapian::doccount>> out;
  for (const std::string& full : full_keys) {
    const std::vector<const NameMerges::Merge*> into = merges.Into(type, full);
    Xapian::doccount articles = db.get_termfreq(prefix + full);
    if (!into.empty()) {
      articles += static_cast<Xapian::doccount>(ArticlesAddedByMerges(db, prefix, into, nullptr));
    }
    out.emplace_back(full, articles);
    if (merged != nullptr) {
      for (const NameMerges::Merge* merge : into) merged->push_back(*merge);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (merged != nullptr) {
    std::sort(merged->begin(), merged->end(),
              [](const NameMerges::Merge& a, const NameMerges::Merge& b) { return a.key < b.key; });
  }
  return out;
}

MergedCounts CountWithMerges(
    const FacetCounts& counts, const std::vector<NameMerges::Merge>& merges, std::size_t n,
    const std::function<std::uint64_t(const MergeList& group, const MergeList& applied)>& added,
    const std::function<bool(std::string_view)>& keep) {
  MergedCounts out;
  out.distinct = counts.distinct();
  // The counts of the merged keys and of their full keys, each looked up
  // (a walk over every key counted costs more: tens of thousands of names).
  std::vector<std::string_view> keys;
  keys.reserve(merges.size() * 2);
  for (const NameMerges::Merge& merge : merges) {
    keys.push_back(merge.key);
    keys.push_back(merge.into);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const std::vector<std::uint64_t> raw = counts.CountsOf(keys);
  auto raw_of = [&](std::string_view key) {
    return raw[static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), key) -
                                        keys.begin())];
  };
  // Per full key, the merges into it whose key was counted.
  std::map<std::string_view, std::vector<const NameMerges::Merge*>> present;
  for (const NameMerges::Merge& merge : merges) {
    if (raw_of(merge.key) == 0) continue;
    present[merge.into].push_back(&merge);
    out.applied.push_back(&merge);
  }
  std::vector<std::string_view> touched;
  std::vector<std::pair<std::string_view, std::uint64_t>> changed;
  for (const auto& [into, into_merges] : present) {
    const std::uint64_t before = raw_of(into);
    if (before == 0) ++out.distinct;
    changed.emplace_back(into, before + added(into_merges, out.applied));
    touched.push_back(into);
    for (const NameMerges::Merge* merge : into_merges) {
      touched.push_back(merge->key);
      --out.distinct;
    }
  }
  std::sort(touched.begin(), touched.end());
  // The best of the keys left as they are, then the full keys' new counts.
  out.top = counts.Top(n, [&](std::string_view key) {
    return !std::binary_search(touched.begin(), touched.end(), key) && keep(key);
  });
  for (const auto& [key, count] : changed) {
    if (keep(key)) out.top.emplace_back(std::string(key), count);
  }
  std::sort(out.top.begin(), out.top.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.top.size() > n) out.top.resize(n);
  return out;
}

}  // namespace facette
