// Baseline B, SQLite FTS5: an FTS5 table over title and body
// (tokenize='unicode61 remove_diacritics 2'), an articles table (id, date,
// month) sharing its rowid, and an entities side table (article_id, type,
// name key) indexed both ways. Indexing: prepared INSERTs in transactions of
// 10,000 articles, the B-tree indexes built once at the end. A query puts its
// matches (rowid, bm25) once into a temporary table, then reads COUNT(*), the
// three GROUP BY facets over all matches and the top 10 ORDER BY bm25. The
// facet joins are CROSS JOINs, which SQLite reads as "this loop order": the
// matches outside, an index lookup per match inside (left to itself, the
// planner walks every entity of the type to get the GROUP BY order for free,
// milliseconds even for a query with three matches).
//
// Entity names are keyed with facette's CanonicalEntityKey (see
// stock_xapian.cc). Ids are assumed unique (bench corpora are): no upsert.
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/corpus_reader.h"
#include "bench/engines.h"
#include "bench/query_mix.h"
#include "schema/entity_key.h"

namespace facette::bench {
namespace {

constexpr std::uint64_t kTransactionSize = 10000;

class Connection {
 public:
  explicit Connection(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("sqlite: cannot open " + path + ": " + message);
    }
  }
  ~Connection() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error("sqlite: " + message + " in: " + sql);
    }
  }

  // A prepared statement, cached by its SQL text, reset and unbound.
  sqlite3_stmt* Prepare(const std::string& sql) {
    auto [it, inserted] = statements_.emplace(sql, nullptr);
    if (inserted) {
      if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &it->second, nullptr) != SQLITE_OK) {
        statements_.erase(it);
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sql);
      }
    } else {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
    }
    return it->second;
  }

  // Steps a statement; true while it has a row.
  bool Step(sqlite3_stmt* statement) {
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }

  void StepToEnd(sqlite3_stmt* statement) {
    while (Step(statement)) {
    }
  }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> statements_;
};

void BindText(sqlite3_stmt* statement, int index, std::string_view text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string DatabaseFile(const std::string& db) { return db + "/fts5.sqlite"; }

class SqliteFts5Engine : public QueryEngine {
 public:
  explicit SqliteFts5Engine(const std::string& db)
      : connection_(DatabaseFile(db), SQLITE_OPEN_READWRITE) {
    connection_.Exec("CREATE TEMP TABLE matches(rowid INTEGER PRIMARY KEY, score REAL)");
  }

  QueryOutcome Run(const BenchQuery& query) override {
    connection_.Exec("DELETE FROM temp.matches");
    std::string sql = "INSERT INTO temp.matches ";
    const bool has_text = !query.text.empty();
    if (has_text) {
      sql += "SELECT fts.rowid, bm25(fts) FROM fts JOIN articles a ON a.rowid = fts.rowid";
    } else {
      sql += "SELECT a.rowid, 0.0 FROM articles a";
    }
    if (!query.person.empty()) {
      sql += " JOIN entities ep ON ep.article_id = a.rowid AND ep.type = 0 AND ep.name = ?2";
    }
    if (!query.organization.empty()) {
      sql += " JOIN entities eo ON eo.article_id = a.rowid AND eo.type = 1 AND eo.name = ?3";
    }
    sql += has_text ? " WHERE fts MATCH ?1" : " WHERE 1";
    if (!query.from.empty()) sql += " AND a.date >= ?4";
    if (!query.to.empty()) sql += " AND a.date <= ?5";
    sqlite3_stmt* insert = connection_.Prepare(sql);
    std::string match = "\"" + query.text + "\"";
    if (has_text) BindText(insert, 1, match);
    if (!query.person.empty()) BindText(insert, 2, CanonicalEntityKey(query.person));
    if (!query.organization.empty()) {
      BindText(insert, 3, CanonicalEntityKey(query.organization));
    }
    if (!query.from.empty()) BindText(insert, 4, query.from);
    if (!query.to.empty()) BindText(insert, 5, query.to);
    connection_.StepToEnd(insert);

    QueryOutcome outcome;
    sqlite3_stmt* count = connection_.Prepare("SELECT COUNT(*) FROM temp.matches");
    if (connection_.Step(count)) {
      outcome.total = static_cast<std::uint64_t>(sqlite3_column_int64(count, 0));
    }
    sqlite3_stmt* top = connection_.Prepare(
        std::string("SELECT a.id FROM temp.matches m JOIN articles a ON a.rowid = m.rowid ") +
        (SortsNewestFirst(query) ? "ORDER BY a.date DESC, m.score, m.rowid"
                                 : "ORDER BY m.score, m.rowid") +
        " LIMIT 10 OFFSET " + std::to_string(HitOffset(query)));
    while (connection_.Step(top)) {
      outcome.top.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(top, 0)));
    }
    sqlite3_stmt* entities = connection_.Prepare(
        "SELECT e.name, COUNT(*) AS c FROM temp.matches m CROSS JOIN entities e "
        "ON e.article_id = m.rowid AND e.type = ?1 GROUP BY e.name ORDER BY c DESC, e.name "
        "LIMIT 10");
    for (int type = 0; type < 2; ++type) {
      sqlite3_reset(entities);
      sqlite3_bind_int(entities, 1, type);
      std::uint64_t values = 0;
      while (connection_.Step(entities)) ++values;
      (type == 0 ? outcome.person_values : outcome.organization_values) = values;
    }
    sqlite3_stmt* months = connection_.Prepare(
        "SELECT a.month, COUNT(*) AS c FROM temp.matches m CROSS JOIN articles a "
        "ON a.rowid = m.rowid GROUP BY a.month ORDER BY c DESC, a.month LIMIT 10");
    while (connection_.Step(months)) ++outcome.month_values;
    return outcome;
  }

  std::uint64_t DocumentCount() override {
    sqlite3_stmt* count = connection_.Prepare("SELECT COUNT(*) FROM articles");
    return connection_.Step(count) ? static_cast<std::uint64_t>(sqlite3_column_int64(count, 0)) : 0;
  }

 private:
  Connection connection_;
};

}  // namespace

void IndexSqliteFts5(const std::string& input, const std::string& db) {
  Connection connection(DatabaseFile(db), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  connection.Exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
      "CREATE VIRTUAL TABLE fts USING fts5(title, body,"
      " tokenize = 'unicode61 remove_diacritics 2');"
      "CREATE TABLE articles(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, date TEXT,"
      " month TEXT);"
      "CREATE TABLE entities(article_id INTEGER NOT NULL, type INTEGER NOT NULL,"
      " name TEXT NOT NULL);");
  std::uint64_t rowid = 0;
  std::uint64_t pending = 0;
  connection.Exec("BEGIN");
  ForEachArticle(input, [&](const BenchArticle& article) {
    ++rowid;
    sqlite3_stmt* text = connection.Prepare("INSERT INTO fts(rowid, title, body) VALUES(?, ?, ?)");
    sqlite3_bind_int64(text, 1, static_cast<sqlite3_int64>(rowid));
    BindText(text, 2, article.title);
    BindText(text, 3, article.body);
    connection.StepToEnd(text);
    sqlite3_stmt* row =
        connection.Prepare("INSERT INTO articles(rowid, id, date, month) VALUES(?, ?, ?, ?)");
    sqlite3_bind_int64(row, 1, static_cast<sqlite3_int64>(rowid));
    BindText(row, 2, article.id);
    BindText(row, 3, article.date);
    BindText(row, 4, article.date.substr(0, std::min<std::size_t>(7, article.date.size())));
    connection.StepToEnd(row);
    sqlite3_stmt* entity =
        connection.Prepare("INSERT INTO entities(article_id, type, name) VALUES(?, ?, ?)");
    for (int type = 0; type < 3; ++type) {
      std::vector<std::string> keys;
      for (std::string_view name : article.entities[static_cast<std::size_t>(type)]) {
        std::string key = CanonicalEntityKey(name);
        if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
        sqlite3_reset(entity);
        sqlite3_bind_int64(entity, 1, static_cast<sqlite3_int64>(rowid));
        sqlite3_bind_int(entity, 2, type);
        BindText(entity, 3, key);
        connection.StepToEnd(entity);
        keys.push_back(std::move(key));
      }
    }
    if (++pending == kTransactionSize) {
      connection.Exec("COMMIT; BEGIN");
      pending = 0;
    }
  });
  connection.Exec("COMMIT");
  connection.Exec(
      "CREATE INDEX entities_by_name ON entities(type, name, article_id);"
      "CREATE INDEX entities_by_article ON entities(article_id, type, name);"
      "CREATE INDEX articles_by_date ON articles(date);"
      "PRAGMA wal_checkpoint(TRUNCATE);");
}

std::unique_ptr<QueryEngine> OpenSqliteFts5(const std::string& db) {
  return std::make_unique<SqliteFts5Engine>(db);
}

}  // namespace facette::bench
