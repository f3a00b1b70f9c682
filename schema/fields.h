// The schema table: the single source of truth for every field of a facette
// index. The indexer's terms and values, the query parser's prefixes, the
// facet counters and the JSON field names are all derived from kFields.
// docs/schema.md describes the same schema in prose.
#ifndef FACETTE_SCHEMA_FIELDS_H_
#define FACETTE_SCHEMA_FIELDS_H_

#include <xapian.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "facette/article.h"

namespace facette {

// How a field is indexed. A field may combine several of these.
enum FieldFlags : unsigned {
  kFreeText = 1u << 0,       // analysed text: stemmed + unstemmed terms, positions
  kBooleanFilter = 1u << 1,  // exact-match filter terms: prefix + normalised value
  kSortable = 1u << 2,       // has a value slot used for sorting and ranges
  kCounted = 1u << 3,        // has a value slot that facets count
  kEntity = 1u << 4,         // values are entity names: folded to canonical keys
  kStored = 1u << 5,         // kept in the document data, shown in results
  kInternal = 1u << 6,       // bookkeeping, not part of the query language
};

// EntityType, kEntityTypes and Index(EntityType) are public
// (facette/article.h).

enum class FieldId {
  kId,
  kTitle,
  kBody,
  kPerson,
  kOrganization,
  kLocation,
  kDate,
  kUrl,
  kSource,
  kContentHash,
  kMentionedDate,
};

inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

// Xapian's limit on the length of a term (glass backend): a document with a
// longer term is refused.
inline constexpr std::size_t kMaxTermBytes = 245;

// The longest boolean term (prefix included) made from an input value, such
// as a url or a source: a longer one is left out of the document (never a
// reason to refuse it). Entity terms have a lower limit, kMaxEntityTermBytes
// (schema/version.h).
inline constexpr std::size_t kMaxBooleanTermBytes = 240;

// An article id becomes the id field's term, its prefix + id, which must fit
// kMaxTermBytes: longer ids are rejected at input.
inline constexpr std::size_t kMaxIdBytes = 240;

// An id as an article keeps it, and as it is looked up and deleted: without
// the ASCII white space around it (other control characters stay, for the
// validation to refuse).
inline std::string_view TrimmedId(std::string_view id) {
  auto blank = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!id.empty() && blank(id.front())) id.remove_prefix(1);
  while (!id.empty() && blank(id.back())) id.remove_suffix(1);
  return id;
}

struct FieldSpec {
  FieldId id;
  // Name in the query language (`person:"Sam Altman"`) and in facet output.
  std::string_view name;
  // Other accepted names in the query language, "" when none.
  std::string_view alias1;
  std::string_view alias2;
  // Key of the field in JSON (input records and output hits), "" when none.
  std::string_view json_name;
  // Xapian term prefix, Omega's conventions: single capitals for well-known
  // fields, X + capitals for our own. "" = unprefixed (the body text).
  std::string_view prefix;
  // Value slot, or kNoSlot.
  Xapian::valueno slot;
  unsigned flags;
  // For kEntity fields: which entity type.
  std::optional<EntityType> entity;
};

// The stems of a free-text field's words are indexed as kStemPrefix + the
// field's prefix + stem ("Zintellig" for the body, "ZSintellig" for the
// title): the form Xapian's QueryParser looks for with STEM_SOME.
inline constexpr std::string_view kStemPrefix = "Z";

// Dates are indexed as boolean terms at three granularities, with these
// prefixes (Omega's D/M/Y conventions), and as YYYYMMDD in the date slot.
inline constexpr std::string_view kYearPrefix = "Y";   // Y2016
inline constexpr std::string_view kMonthPrefix = "M";  // M201601
inline constexpr std::string_view kDayPrefix = "D";    // D20160101

// Dates an article mentions (found in its text or given by the producer) are
// a separate, multi-valued field: a mentioned day, month or year is indexed
// at its own precision and the coarser ones (schema/mentioned_dates.h), and
// its key ("YYYYMMDD", "YYYYMM" or "YYYY") is packed in the field's slot.
inline constexpr std::string_view kMentionedYearPrefix = "XMY";   // XMY2016
inline constexpr std::string_view kMentionedMonthPrefix = "XMM";  // XMM201601
inline constexpr std::string_view kMentionedDayPrefix = "XMD";    // XMD20160101

// clang-format off
inline constexpr std::array<FieldSpec, 11> kFields = {{
  // id          name        aliases                     json             prefix   slot     flags
  {FieldId::kId, "id", "", "", "id", "Q", kNoSlot, kBooleanFilter | kStored, std::nullopt},
  {FieldId::kTitle, "title", "", "", "title", "S", kNoSlot, kFreeText | kStored, std::nullopt},
  {FieldId::kBody, "body", "", "", "body", "", kNoSlot, kFreeText | kStored, std::nullopt},
  {FieldId::kPerson, "person", "persons", "", "persons", "XPER", 1,
   kBooleanFilter | kCounted | kEntity | kStored, EntityType::kPerson},
  {FieldId::kOrganization, "organization", "org", "organisation", "organizations", "XORG", 2,
   kBooleanFilter | kCounted | kEntity | kStored, EntityType::kOrganization},
  {FieldId::kLocation, "location", "loc", "", "locations", "XLOC", 3,
   kBooleanFilter | kCounted | kEntity | kStored, EntityType::kLocation},
  {FieldId::kDate, "date", "", "", "date", "D", 0,
   kBooleanFilter | kSortable | kCounted | kStored, std::nullopt},
  {FieldId::kUrl, "url", "", "", "url", "U", kNoSlot, kBooleanFilter | kStored, std::nullopt},
  {FieldId::kSource, "source", "", "", "source", "XSRC", kNoSlot, kBooleanFilter | kStored, std::nullopt},
  {FieldId::kContentHash, "", "", "", "", "", 4, kInternal, std::nullopt},
  {FieldId::kMentionedDate, "mentioned", "mentions", "", "dates_mentioned", "XMD", 5,
   kBooleanFilter | kCounted | kStored, std::nullopt},
}};
// clang-format on

// Rank slots: the keys of a multi-valued counted field (the three entity
// fields and the dates mentioned) are also written one per value slot, by
// rank within the article (its 1st person in the field's first rank slot,
// its 2nd in the next, ...), so that Xapian's built-in ValueCountMatchSpy,
// which counts one value per slot, can count them on a remote shard
// (docs/scale-out.md). The last rank slot holds the keys from that rank on,
// packed (schema/entity_key.h): a spy counts each such pack once, and the
// client unpacks it, so the counts stay exact past the last rank; only the
// number of distinct packs the spy sends grows. kRankSlots is chosen from
// the data (docs/scale-out.md): about 98% of the articles of the shared
// and bench corpora fit in it for every field.
inline constexpr unsigned kRankSlots = 16;

// The first of the kRankSlots rank slots of `id`, kNoSlot for a field
// without (not counted, or single-valued like the publication date).
Xapian::valueno FirstRankSlot(FieldId id);

// Only a database meant as a shard (listed in a stub file) pays for rank
// slots: this metadata key, "1", marks one, and every writer of a marked
// database writes them (indexer/index_writer.h), whatever its own options.
// A sharded search refuses a shard without it (its facets would be wrong).
inline constexpr std::string_view kRankSlotsKey = "facette.rank_slots";

// Whether `db` is marked as written with rank slots (kRankSlotsKey). For a
// database made of several (a stub), the first one's mark.
bool WritesRankSlots(const Xapian::Database& db);

// Whether every article of `db` that has keys of a multi-valued counted
// field also has them in its rank slots: a database indexed with rank
// slots from its start, or one with no such articles.
bool HasRankSlotsThroughout(const Xapian::Database& db);

// A term in its parts. Prefixes are capital letters (Omega's conventions),
// and the words of text fields are folded, so the prefix of such a term is
// its leading run of A-Z. (A boolean term whose value starts with a capital,
// such as an id, does not split this way: split only the terms of text
// fields, or test for a known prefix.)
struct TermParts {
  std::string_view prefix;  // the field's prefix, kStemPrefix removed: "" for the body
  std::string_view word;    // what follows the prefix
  bool stemmed = false;     // the term is a stem: its prefix started with kStemPrefix
};
TermParts SplitTerm(std::string_view term);

// Whether `term` starts with a prefix (a capital letter). The words of the
// body are the only unprefixed terms.
bool IsPrefixed(std::string_view term);

// The row of a field; every FieldId has exactly one (checked by the tests).
const FieldSpec& Field(FieldId id);

// The row of the field called `name` (or one of its aliases) in the query
// language, matched case-insensitively; nullptr when there is none.
const FieldSpec* FindFieldByName(std::string_view name);

// The row of the free-text field (title, body) whose terms have this
// prefix, kStemPrefix removed ("" for the body); nullptr when the prefix is
// no free-text field's.
const FieldSpec* FindFreeTextField(std::string_view prefix);

// The row of an entity type.
const FieldSpec& EntityField(EntityType type);

}  // namespace facette

#endif  // FACETTE_SCHEMA_FIELDS_H_
