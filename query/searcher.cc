// facette::Searcher (facette/searcher.h): opening a database, following it
// to newer revisions and to another database put at its path, retrying
// when an indexer commits under a read, and reading stored articles. The
// search itself is search_run.cc.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "query/searcher_rep.h"
#include "query/shard_stub.h"
#include "schema/database_files.h"
#include "schema/document_data.h"
#include "schema/entity_key.h"
#include "schema/fields.h"
#include "schema/version.h"

namespace facette {
namespace {

// How many times opening or searching is retried when the indexer commits
// under it, with a pause growing from 1 ms to about 50 ms: commits can come
// every few milliseconds during a bulk import.
constexpr int kModifiedRetries = 20;

void PauseBeforeRetry(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt * attempt / 8));
}

Status NoDatabase(const std::string& path) {
  return Status::NotFound(path + ": no database here (create it with facette-index)");
}

// The directory `path` leads to now.
Result<DirectoryIdentity> IdentityOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return NoDatabase(path);
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  return DirectoryIdentity{st.st_dev, st.st_ino};
}

// What searching `db` needs besides the handle: the analyzer that wrote it
// is this one, and its alias table can be read.
Status ReadSearchState(const Xapian::Database& db, const std::string& path, AliasTable& aliases) {
  Status analyzer = CheckAnalyzerVersion(db, path);
  if (!analyzer.ok()) return analyzer;
  Result<AliasTable> parsed =
      AliasTable::Parse(db.get_metadata(std::string(kAliasesKey)), path + " (aliases)");
  if (!parsed.ok()) return parsed.status();
  aliases = std::move(parsed.value());
  return Status::Ok();
}

// The public Article of stored data: every list given.
Article ToArticle(StoredArticle stored) {
  Article article;
  article.id = std::move(stored.id);
  article.title = std::move(stored.title);
  article.body = std::move(stored.body);
  article.date = std::move(stored.date);
  article.url = std::move(stored.url);
  article.source = std::move(stored.source);
  for (EntityType type : kEntityTypes) {
    article.entities[Index(type)] = std::move(stored.entities[Index(type)]);
  }
  article.dates_mentioned = std::move(stored.dates_mentioned);
  return article;
}

// A number never given before in this process (Rep::shards_state).
std::uint64_t NewShardsState() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

}  // namespace

Result<Searcher::Rep::Opened> Searcher::Rep::OpenDatabase(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return NoDatabase(path);
  if (IsStubFile(path)) return OpenStub(path);
  // Xapian reports a database it may not read as missing or locked.
  Status access = CheckDatabaseAccess(path, /*write=*/false);
  if (!access.ok()) return access;
  for (int attempt = 0;; ++attempt) {
    try {
      Result<DirectoryIdentity> before = IdentityOf(path);
      if (!before.ok()) return before.status();
      Opened opened{Xapian::Database(path), before.value(), AliasTable(), {}, Status::Ok()};
      // Another database put at the path while Xapian opened it: the
      // handle may hold files of either.
      Result<DirectoryIdentity> after = IdentityOf(path);
      if (!after.ok()) return after.status();
      if (after.value() != before.value()) {
        if (attempt == kModifiedRetries) return Status::DatabaseError(path + ": kept changing");
        PauseBeforeRetry(attempt);
        continue;
      }
      Status version = CheckSchemaVersion(opened.db, path, /*allow_empty=*/false);
      if (!version.ok()) return version;
      opened.search_status = ReadSearchState(opened.db, path, opened.aliases);
      return opened;
    } catch (const Xapian::DatabaseNotFoundError&) {
      return Status::NotFound(path + ": not a facette database (no Xapian database found)");
    } catch (const Xapian::DatabaseModifiedError& e) {
      // The indexer committed while we opened: open the new revision.
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(path + ": " + e.get_description());
      }
      PauseBeforeRetry(attempt);
    } catch (const Xapian::DatabaseCorruptError& e) {
      // Xapian can report a block that a concurrent commit reused this way;
      // a real corruption persists and is reported after the retries.
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(path + ": " + e.get_description());
      }
      PauseBeforeRetry(attempt);
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path + ": " + e.get_description());
    }
  }
}

Result<Searcher::Rep::Opened> Searcher::Rep::OpenStub(const std::string& path) {
  Result<std::vector<ShardLine>> lines = ReadStubFile(path);
  if (!lines.ok()) return lines.status();
  Result<DirectoryIdentity> identity = IdentityOf(path);
  if (!identity.ok()) return identity.status();
  Opened opened{Xapian::Database(), identity.value(), AliasTable(), {}, Status::Ok()};
  for (const ShardLine& line : lines.value()) {
    const std::string name = path + ":" + std::to_string(line.line) + ": shard " + ShardName(line);
    try {
      Xapian::Database shard = OpenShard(line);
      Status version = CheckSchemaVersion(shard, name, /*allow_empty=*/true);
      if (!version.ok()) return version;
      // Without rank slots its facets would count nothing (fields.h).
      if (!WritesRankSlots(shard)) {
        return Status::VersionMismatch(
            name +
            ": not indexed as a shard (without the rank slots a sharded search counts facets "
            "with): index its articles again into a new database as a shard "
            "(docs/scale-out.md)");
      }
      opened.db.add_database(shard);
      opened.shards.push_back(std::move(shard));
    } catch (const Xapian::DatabaseNotFoundError&) {
      return Status::NotFound(name + ": not a facette database (no Xapian database found)");
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(name + ": " + e.get_description());
    }
  }
  try {
    // The analyzer version and the alias table are read from the first
    // shard, as Xapian reads a sharded database's metadata: every shard is
    // written by the same indexer with the same aliases (docs/scale-out.md).
    opened.search_status = ReadSearchState(opened.db, path, opened.aliases);
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(path + ": " + e.get_description());
  }
  return opened;
}

Result<bool> Searcher::Rep::RefreshShards() {
  bool changed = false;
  for (Xapian::Database& shard : shards) changed = shard.reopen() || changed;
  changed = db.reopen() || changed;
  if (!changed) return false;
  shards_state = NewShardsState();
  labels.clear();
  AliasTable new_aliases;
  search_status = ReadSearchState(db, path, new_aliases);
  if (search_status.ok()) aliases = std::move(new_aliases);
  rank_slots_used = UsedRankSlots(db);
  return true;
}

Searcher::Rep::Rep(std::string path_in, const SearcherOptions& options_in, Opened opened)
    : path(std::move(path_in)),
      options(options_in),
      db(std::move(opened.db)),
      identity(opened.identity),
      aliases(std::move(opened.aliases)),
      search_status(std::move(opened.search_status)),
      shards(std::move(opened.shards)) {
  if (sharded()) {
    rank_slots_used = UsedRankSlots(db);
    shards_state = NewShardsState();
  }
}

void Searcher::Rep::Adopt(Opened opened) {
  db = std::move(opened.db);
  identity = opened.identity;
  aliases = std::move(opened.aliases);
  search_status = std::move(opened.search_status);
  shards = std::move(opened.shards);
  rank_slots_used = sharded() ? UsedRankSlots(db) : std::vector<Xapian::valueno>{};
  shards_state = sharded() ? NewShardsState() : 0;
  labels.clear();
  // Everything read from the other database goes with it.
  column_file.reset();
  column_delta.reset();
  columns_stamp.reset();
  columns_found = false;
  columns_damage = Status::Ok();
  columns_damage_noted = false;
  names.reset();
  names_key.clear();
  extra.clear();
}

Result<bool> Searcher::Rep::Refresh() {
  Result<DirectoryIdentity> now = IdentityOf(path);
  if (!now.ok()) return now.status();
  if (now.value() == identity && sharded()) return RefreshShards();
  if (now.value() == identity) {
    const Xapian::rev revision = db.get_revision();
    const std::string uuid = db.get_uuid();
    db.reopen();
    // Put in place while the revision file was read: the handle may now
    // mix both databases.
    Result<DirectoryIdentity> after = IdentityOf(path);
    if (!after.ok()) return after.status();
    if (after.value() == identity && db.get_uuid() == uuid) {
      if (db.get_revision() == revision) return false;
      // A commit may have stored another alias table.
      AliasTable new_aliases;
      search_status = ReadSearchState(db, path, new_aliases);
      if (search_status.ok()) aliases = std::move(new_aliases);
      return true;
    }
  }
  // Another database at the path (a parallel import swapped in the one it
  // built, or the database was made again).
  Result<Opened> opened = OpenDatabase(path);
  if (!opened.ok()) return opened.status();
  Adopt(std::move(opened.value()));
  return true;
}

template <typename Fn>
auto Searcher::Rep::WithRetries(Fn&& fn) -> decltype(fn()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      // The indexer committed while we read: see the new revision and retry.
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(path + ": the database kept changing during the search");
      }
    } catch (const Xapian::DatabaseCorruptError& e) {
      // A block reused by a concurrent commit can be reported this way; a
      // real corruption persists and is reported after the retries.
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(path + ": " + e.get_description());
      }
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path + ": " + e.get_description());
    }
    PauseBeforeRetry(attempt);
    try {
      Result<bool> refreshed = Refresh();
      if (!refreshed.ok()) return refreshed.status();
    } catch (const Xapian::DatabaseModifiedError&) {
      // Committed again while we reopened (a slow reader, a writer that
      // commits often): the next attempt reopens once more.
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path + ": " + e.get_description());
    }
  }
}

Searcher::Searcher(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& path,
                                                 const SearcherOptions& options) {
  Result<Rep::Opened> opened = Rep::OpenDatabase(path);
  if (!opened.ok()) return opened.status();
  if (!options.articles_only && !opened->search_status.ok()) return opened->search_status;
  return std::unique_ptr<Searcher>(
      new Searcher(std::make_unique<Rep>(path, options, std::move(opened.value()))));
}

Result<SearchResult> Searcher::Search(const SearchRequest& request) {
  Rep& rep = *rep_;
  // The query is built inside the retries too: wildcard expansion reads
  // the vocabulary.
  Result<SearchResult> result = rep.WithRetries([&]() -> Result<SearchResult> {
    if (!rep.search_status.ok()) return rep.search_status;
    if (rep.sharded()) {
      Status shardable = rep.CheckShardable(request);
      if (!shardable.ok()) return shardable;
    }
    Result<QueryParts> parts = BuildQueryParts(
        rep.db, rep.aliases, request, [&rep]() -> const RevisionNames& { return rep.Names(); });
    if (!parts.ok()) return parts.status();
    if (rep.sharded()) return rep.RunSharded(parts.value(), request);
    rep.find_columns_again = true;
    rep.UseDateColumn(parts.value());
    return rep.RunOnce(parts.value(), request);
  });
  if (result.ok()) rep.NoteColumnsDamage(result->notices);
  return result;
}

Result<FacetSearchResult> Searcher::FacetSearch(const SearchRequest& request, EntityType facet,
                                                const std::string& text) {
  if (Index(facet) >= kEntityTypeCount) {
    return Status::InvalidArgument("facet search: no entity type " + std::to_string(Index(facet)),
                                   "facet");
  }
  if (CanonicalEntityKey(text).empty()) {
    return Status::InvalidArgument(
        "facet search \"" + text + "\": no letter or digit to search for", "text");
  }
  Rep& rep = *rep_;
  Result<FacetSearchResult> result = rep.WithRetries([&]() -> Result<FacetSearchResult> {
    if (!rep.search_status.ok()) return rep.search_status;
    Result<QueryParts> parts = BuildQueryParts(
        rep.db, rep.aliases, request, [&rep]() -> const RevisionNames& { return rep.Names(); });
    if (!parts.ok()) return parts.status();
    auto search = [&](const std::string& words) {
      return rep.sharded() ? rep.FacetSearchSharded(parts.value(), request, facet, words)
                           : rep.FacetSearchOnce(parts.value(), request, facet, words);
    };
    if (!rep.sharded()) {
      rep.find_columns_again = true;
      rep.UseDateColumn(parts.value());
    }
    FacetSearchResult found = search(text);
    // Other texts that mean the same values, as the name filters read them
    // (query_builder.h): "la fr" is what one types for "France" (an
    // organisation or place typed with its article), and "onu" or "l'onu"
    // for the name the alias table gives ("Organisation des Nations unies").
    const std::string typed = CanonicalEntityKey(text);
    std::vector<std::string> others;
    const std::string_view rest =
        facet == EntityType::kPerson ? std::string_view() : KeyWithoutArticle(typed);
    if (!rest.empty()) others.emplace_back(rest);
    for (const std::string& key : {typed, std::string(rest)}) {
      const std::string* canonical = key.empty() ? nullptr : rep.aliases.Find(facet, key);
      if (canonical != nullptr) others.push_back(*canonical);
    }
    if (!others.empty()) {
      std::vector<FacetSearchResult> more;
      for (const std::string& other : others) more.push_back(search(other));
      // Every list by (count, key), each value once.
      std::vector<std::pair<std::string, FacetValue>> keyed;
      for (FacetValue& value : found.values) {
        keyed.emplace_back(CanonicalEntityKey(value.value), std::move(value));
      }
      for (FacetSearchResult& other : more) {
        for (FacetValue& value : other.values) {
          keyed.emplace_back(CanonicalEntityKey(value.value), std::move(value));
        }
      }
      std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return a.second.count != b.second.count ? a.second.count > b.second.count
                                                : a.first < b.first;
      });
      keyed.erase(std::unique(keyed.begin(), keyed.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  keyed.end());
      found.values.clear();
      for (auto& [key, value] : keyed) {
        if (found.values.size() == request.facet_size) break;
        found.values.push_back(std::move(value));
      }
    }
    return found;
  });
  if (result.ok()) rep.NoteColumnsDamage(result->notices);
  return result;
}

Result<Article> Searcher::GetArticle(const std::string& given_id) {
  Rep& rep = *rep_;
  const std::string id(TrimmedId(given_id));  // as Upsert keeps it
  auto absent = [&] { return Status::NotFound("no article has the id \"" + id + "\""); };
  // No such term can exist (Xapian's limit), and looking it up could fail.
  if (id.empty() || id.size() > kMaxIdBytes) return absent();
  const std::string term = std::string(Field(FieldId::kId).prefix) + id;
  return rep.WithRetries([&]() -> Result<Article> {
    Xapian::PostingIterator posting = rep.db.postlist_begin(term);
    if (posting == rep.db.postlist_end(term)) return absent();
    std::optional<StoredArticle> stored =
        DecodeDocumentData(rep.db.get_document(*posting).get_data());
    if (!stored) {
      return Status::DatabaseError(rep.path + ": document " + std::to_string(*posting) +
                                   ": its data is not a facette article");
    }
    return ToArticle(std::move(*stored));
  });
}

Status Searcher::ForEachArticle(const std::function<Status(const Article&)>& visit) {
  Rep& rep = *rep_;
  try {
    for (Xapian::PostingIterator it = rep.db.postlist_begin(""); it != rep.db.postlist_end("");
         ++it) {
      std::optional<StoredArticle> stored = DecodeDocumentData(rep.db.get_document(*it).get_data());
      if (!stored) {
        return Status::DatabaseError(rep.path + ": document " + std::to_string(*it) +
                                     ": its data is not a facette article");
      }
      Status visited = visit(ToArticle(std::move(*stored)));
      if (!visited.ok()) return visited;
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    // One revision from start to end; a writer that commits often enough
    // invalidates it, and a second revision would mix.
    return Status::DatabaseError(rep.path +
                                 ": the database was changed by an indexer during the export; "
                                 "export it again when no indexer is writing");
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(rep.path + ": " + e.get_description());
  }
  return Status::Ok();
}

Result<std::string> Searcher::UserAliasTable() {
  Rep& rep = *rep_;
  return rep.WithRetries(
      [&]() -> Result<std::string> { return rep.db.get_metadata(std::string(kUserAliasesKey)); });
}

Result<bool> Searcher::Reopen() {
  Rep& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      Result<bool> refreshed = rep.Refresh();
      if (refreshed.ok() && !rep.options.articles_only && !rep.search_status.ok()) {
        return rep.search_status;
      }
      return refreshed;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(rep.path + ": " + e.get_description());
      }
    } catch (const Xapian::DatabaseCorruptError& e) {
      if (attempt == kModifiedRetries) {
        return Status::DatabaseError(rep.path + ": " + e.get_description());
      }
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(rep.path + ": " + e.get_description());
    }
    PauseBeforeRetry(attempt);
  }
}

std::uint64_t Searcher::Revision() const {
  try {
    return rep_->db.get_revision();
  } catch (const Xapian::Error&) {
    return 0;  // a backend without revisions
  }
}

std::uint64_t Searcher::DocumentCount() const { return rep_->db.get_doccount(); }

const std::string& Searcher::path() const { return rep_->path; }

}  // namespace facette
