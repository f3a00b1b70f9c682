// End to end: facette-export writes a database back out in facette-index's
// input format. The round trip (index, export, index the export into a new
// database) must give the same facette-query JSON for every query of a
// table covering every kind of request; exporting the copy must give the
// same bytes; indexing the export into the database it came from must find
// every article unchanged. Also what cannot round-trip (a body over the
// stored limit, a title's white space, an id that is not UTF-8), the alias
// table, the exit statuses and write errors.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "e2e_support.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "schema/alias_table.h"

namespace facette::e2e {
namespace {

namespace fs = std::filesystem;

using test::CorpusFile;

std::string ExportBinary() { return std::string(FACETTE_BINARY_DIR) + "/query/facette-export"; }

// The fields of the input format (corpus/README.md), in the order the
// export writes them.
const std::vector<std::string> kInputFields = {
    "id",     "title",   "date",          "body",      "url",
    "source", "persons", "organizations", "locations", "dates_mentioned"};

// An exported line as the test reads it.
struct Record {
  std::string id, title, body, url, source;
  std::optional<std::string> date;  // null: no date
  std::array<std::vector<std::string>, 3> entities;
  std::vector<std::string> dates_mentioned;
};

// Parses every line of an export (simdjson also checks that it is UTF-8)
// and checks that each has every field of the input format, in order.
std::vector<Record> ParseExport(const std::string& text) {
  std::vector<Record> records;
  simdjson::dom::parser parser;
  std::istringstream in(text);
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    simdjson::dom::object object;
    if (parser.parse(line).get_object().get(object) != simdjson::SUCCESS) {
      ADD_FAILURE() << "line " << number << " is not a JSON object: " << line.substr(0, 200);
      continue;
    }
    std::vector<std::string> keys;
    for (simdjson::dom::key_value_pair field : object) keys.emplace_back(field.key);
    EXPECT_EQ(keys, kInputFields) << "line " << number;
    auto string = [&](const char* key) {
      std::string_view s;
      bool ok = object[key].get_string().get(s) == simdjson::SUCCESS;
      EXPECT_TRUE(ok) << "\"" << key << "\" is not a string, line " << number;
      return std::string(ok ? s : "");
    };
    auto strings = [&](const char* key) {
      std::vector<std::string> values;
      simdjson::dom::array array;
      if (object[key].get_array().get(array) != simdjson::SUCCESS) {
        ADD_FAILURE() << "\"" << key << "\" is not an array, line " << number;
        return values;
      }
      for (simdjson::dom::element e : array) {
        std::string_view s;
        EXPECT_EQ(e.get_string().get(s), simdjson::SUCCESS) << key << " line " << number;
        values.emplace_back(s);
      }
      return values;
    };
    Record r;
    r.id = string("id");
    r.title = string("title");
    r.body = string("body");
    r.url = string("url");
    r.source = string("source");
    if (!object["date"].is_null()) r.date = string("date");
    static const char* kEntityKeys[] = {"persons", "organizations", "locations"};
    for (int t = 0; t < 3; ++t) r.entities[t] = strings(kEntityKeys[t]);
    r.dates_mentioned = strings("dates_mentioned");
    records.push_back(std::move(r));
  }
  return records;
}

// The string fields of each record of a JSON Lines file, by id (the test's
// own reading of the input).
std::map<std::string, std::map<std::string, std::string>> ReadInput(const std::string& path) {
  std::map<std::string, std::map<std::string, std::string>> articles;
  simdjson::dom::parser parser;
  std::istringstream in(ReadFile(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    simdjson::dom::object object = parser.parse(line).get_object();
    std::map<std::string, std::string> fields;
    for (simdjson::dom::key_value_pair field : object) {
      std::string_view s;
      if (field.value.get_string().get(s) == simdjson::SUCCESS) fields[std::string(field.key)] = s;
    }
    articles[fields["id"]] = fields;
  }
  return articles;
}

CommandResult Index(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {IndexBinary(), "--db", db});
  return RunCommand(args);
}

CommandResult Export(std::vector<std::string> args) {
  args.insert(args.begin(), ExportBinary());
  return RunCommand(args);
}

// Runs facette-export on `db` into `out` and returns what it wrote.
std::string ExportTo(const std::string& db, const std::string& out) {
  CommandResult r = Export({"--db", db, "-o", out});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "the export went to standard output";
  return ReadFile(out);
}

// The counts of facette-index's summary line.
struct Outcome {
  unsigned long long added = 0, replaced = 0, unchanged = 0, rejected = 0;
};

Outcome ParseSummary(const std::string& err) {
  Outcome o;
  std::size_t at = err.find("facette-index: ");
  if (at == std::string::npos ||
      std::sscanf(err.c_str() + at,
                  "facette-index: %llu added, %llu replaced, %llu unchanged, %llu", &o.added,
                  &o.replaced, &o.unchanged, &o.rejected) != 4) {
    ADD_FAILURE() << "no summary line in: " << err;
  }
  return o;
}

// What the query table is made of: names and words taken from the data.
struct Names {
  std::array<std::string, 3> top;  // the most frequent label of each entity type
  std::string second_person;       // the next most frequent person
  std::string like_id;
  std::vector<std::vector<std::string>> extra;  // queries of one data set only
};

// The label of type `t` in most records, and the one after it.
std::pair<std::string, std::string> TopLabels(const std::vector<Record>& records, int t) {
  std::map<std::string, int> counts;
  for (const Record& r : records) {
    for (const std::string& label :
         std::set<std::string>(r.entities[t].begin(), r.entities[t].end())) {
      ++counts[label];
    }
  }
  std::vector<std::pair<int, std::string>> order;
  for (const auto& [label, count] : counts) order.emplace_back(-count, label);
  std::sort(order.begin(), order.end());
  EXPECT_GE(order.size(), 2u) << "entity type " << t;
  if (order.size() < 2) return {};
  return {order[0].second, order[1].second};
}

Names NamesOf(const std::vector<Record>& records) {
  Names names;
  for (int t = 0; t < 3; ++t) names.top[t] = TopLabels(records, t).first;
  names.second_person = TopLabels(records, 0).second;
  if (!records.empty()) names.like_id = records.front().id;
  return names;
}

// The first word of a name: a facet search text.
std::string FirstWord(const std::string& name) { return name.substr(0, name.find(' ')); }

struct QueryCase {
  std::vector<std::string> args;
  bool matches;  // some article (or facet value) must match
};

// Every kind of request: free text, phrases, wildcards, suggestions, each
// entity filter and its negation, pure exclusions, publication and
// mentioned dates, facets of every kind and granularity, every sort,
// paging (past the end too), facet search, like.
std::vector<QueryCase> QueryTable(const Names& n) {
  const std::string& person = n.top[0];
  const std::string& org = n.top[1];
  const std::string& place = n.top[2];
  std::vector<QueryCase> table = {
      {{}, true},
      {{"--limit", "2000", "--sort", "oldest"}, true},  // every article, every stored field
      {{"gouvernement", "--limit", "2000"}, true},      // every score of a common word
      {{"élection", "présidentielle"}, true},
      {{"\"premier ministre\""}, true},
      {{"title:attentat OR title:élection"}, true},
      {{"attent*"}, true},
      {{"gouvernemnt"}, false},  // a suggestion
      {{"zzzzqqqq"}, false},
      {{"--person", person}, true},
      {{"--person", person, "--person", n.second_person}, true},
      {{"person:\"" + person + "\" AND person:\"" + n.second_person + "\""}, false},
      {{"--org", org}, true},
      {{"--location", place}, true},
      {{"--person", person, "--location", place, "--facet-size", "100"}, false},
      {{"--not-person", person}, true},
      {{"--not-org", org, "--not-location", place}, true},
      {{"--", "-person:\"" + person + "\""}, true},
      {{"gouvernement", "--not-location", place}, true},
      {{"--from", "2016-06", "--to", "2017-05"}, true},
      {{"--from", "2017"}, true},
      {{"--to", "mars 2016"}, true},
      {{"date:2016-05"}, true},
      {{"--mentioned", "2016-05"}, true},
      {{"--mentioned", "2015..2016-06", "--mentioned", "2017"}, true},
      {{"mentioned:2016"}, true},
      {{"--facets", "date", "--date-granularity", "month", "--limit", "0"}, true},
      {{"--facets", "date,mentioned", "--date-granularity", "day", "--from", "2016-01", "--to",
        "2016-01"},
       true},
      {{"--date-granularity", "year", "--facet-size", "1000", "--limit", "0"}, true},
      {{"--facets", "none", "gouvernement"}, true},
      {{"--person", person, "--facets", "person,organization", "--facet-size", "50"}, true},
      {{"gouvernement", "--sort", "relevance"}, true},
      {{"gouvernement", "--sort", "newest"}, true},
      {{"gouvernement", "--sort", "oldest"}, true},
      {{"gouvernement", "--sort", "recent", "--limit", "30"}, true},
      {{"--sort", "oldest", "--limit", "7", "--offset", "7"}, true},
      {{"gouvernement", "--limit", "5", "--offset", "5"}, true},
      {{"--offset", "100000"}, true},  // past the end: a total, no hits
      {{"--facet-search", "person", FirstWord(person)}, true},
      {{"--facet-search", "organization", FirstWord(org)}, true},
      {{"--facet-search", "location", FirstWord(place), "--from", "2016"}, false},
      {{"--like", n.like_id}, true},
      {{"--like", n.like_id, "--from", "2017", "--not-person", person}, false},
  };
  for (const auto& args : n.extra) table.push_back({args, true});
  return table;
}

std::string Describe(const std::vector<std::string>& args) {
  std::string out = "facette-query";
  for (const std::string& a : args) out += " '" + a + "'";
  return out;
}

// Every query of the table gives the same exit status, JSON and messages on
// both databases.
void ExpectSameSearches(const std::string& original, const std::string& copy, const Names& names) {
  for (const QueryCase& c : QueryTable(names)) {
    auto run = [&](const std::string& db) {
      std::vector<std::string> argv = {QueryBinary(), "--db", db, "--format", "json"};
      argv.insert(argv.end(), c.args.begin(), c.args.end());
      return RunCommand(argv);
    };
    CommandResult a = run(original);
    CommandResult b = run(copy);
    const std::string what = Describe(c.args);
    EXPECT_TRUE(a.exit_status == 0 || a.exit_status == 1) << what << ": " << a.err;
    if (c.matches) {
      EXPECT_EQ(a.exit_status, 0) << what << " matches nothing";
    }
    EXPECT_EQ(a.exit_status, b.exit_status) << what;
    EXPECT_EQ(a.out, b.out) << what;
    EXPECT_EQ(a.err, b.err) << what;
  }
}

// Indexes `input` into a new database (original.db), exports it
// (export.jsonl) and indexes the export into a second new database
// (copy.db) on one thread, so that the article order, which orders equal
// hits, is the export's. Returns the exported records.
std::vector<Record> RoundTrip(const TempDir& dir, const std::string& input) {
  CommandResult indexed = Index(dir.Path("original.db"), {input});
  EXPECT_EQ(indexed.exit_status, 0) << indexed.err;
  std::vector<Record> records =
      ParseExport(ExportTo(dir.Path("original.db"), dir.Path("export.jsonl")));
  CommandResult copied = Index(dir.Path("copy.db"), {"--jobs", "1", dir.Path("export.jsonl")});
  EXPECT_EQ(copied.exit_status, 0) << copied.err;
  Outcome outcome = ParseSummary(copied.err);
  EXPECT_EQ(outcome.added, records.size());
  EXPECT_EQ(outcome.rejected, 0u);
  return records;
}

// After RoundTrip: the copy exports to the same bytes, and the export
// indexed into the database it came from finds every article unchanged
// (the content hash covers the document data, the title and the body as
// indexed: every stored field round-trips exactly).
void ExpectStableExport(const TempDir& dir, std::size_t articles) {
  EXPECT_TRUE(ExportTo(dir.Path("copy.db"), dir.Path("export2.jsonl")) ==
              ReadFile(dir.Path("export.jsonl")))
      << "the export of the re-indexed database differs";
  CommandResult back = Index(dir.Path("original.db"), {dir.Path("export.jsonl")});
  EXPECT_EQ(back.exit_status, 0) << back.err;
  Outcome outcome = ParseSummary(back.err);
  EXPECT_EQ(outcome.unchanged, articles) << back.err;
  EXPECT_EQ(outcome.added + outcome.replaced + outcome.rejected, 0u) << back.err;
}

TEST(ExportE2E, CorpusRoundTripGivesTheSameSearches) {
  TempDir dir;
  std::vector<Record> records = RoundTrip(dir, CorpusDir());
  Names names = NamesOf(records);
  names.extra = {{"--org", "PS"},           // a default alias
                 {"--person", "Hollande"},  // a short name
                 {"--person", "François Hollande", "--org", "Parti socialiste"}};
  ExpectSameSearches(dir.Path("original.db"), dir.Path("copy.db"), names);
  ExpectStableExport(dir, records.size());

  // Every article of the input, once, with its fields as given.
  std::map<std::string, std::map<std::string, std::string>> input =
      ReadInput(CorpusDir() + "/articles.jsonl");
  std::set<std::string> expected_ids;
  for (const auto& [id, fields] : input) expected_ids.insert(id);
  for (const auto& entry : fs::directory_iterator(CorpusDir() + "/text")) {
    expected_ids.insert("text/" + entry.path().filename().string());
  }
  std::set<std::string> ids;
  for (const Record& r : records) ids.insert(r.id);
  EXPECT_EQ(ids, expected_ids);
  EXPECT_EQ(records.size(), expected_ids.size()) << "an article exported twice";

  std::map<std::string, const CorpusArticle*> given;
  std::vector<CorpusArticle> articles = ReadCorpusArticles(CorpusDir() + "/articles.jsonl");
  for (const CorpusArticle& a : articles) given[a.id] = &a;
  for (const Record& r : records) {
    auto it = input.find(r.id);
    if (it == input.end()) continue;  // a text file
    std::map<std::string, std::string>& fields = it->second;
    EXPECT_EQ(r.title, fields["title"]) << r.id;
    EXPECT_EQ(r.body, fields["body"]) << r.id;
    EXPECT_EQ(r.date.value_or("none"), fields["date"]) << r.id;
    EXPECT_EQ(r.url, fields["url"]) << r.id;
    EXPECT_EQ(r.source, fields["source"]) << r.id;
    const CorpusArticle& article = *given.at(r.id);
    if (!article.has_entities) continue;  // raw: extracted, checked by the searches
    for (int t = 0; t < 3; ++t) {
      // One label per entity, resolved as the test resolves the input.
      std::set<std::string> keys;
      for (const std::string& label : r.entities[t]) keys.insert(TestFold(label));
      EXPECT_EQ(keys.size(), r.entities[t].size()) << r.id << ": a key twice";
      EXPECT_EQ(keys, ResolvedKeys(article, t)) << r.id << " type " << t;
    }
  }
}

TEST(ExportE2E, SharedArticlesOf2016And2017RoundTripWithTheirExtractedEntities) {
  TempDir dir;
  // The shared articles dated before 2018 (raw: no entity lists, so
  // facette-index extracts entities and dates mentioned).
  const std::string shared = std::string(FACETTE_SOURCE_DIR) + "/../shared/corpus/winer-fr.jsonl";
  std::string text = ReadFile(shared);
  ASSERT_FALSE(text.empty()) << "shared corpus missing: " << shared;
  std::string selected;
  std::size_t count = 0;
  simdjson::dom::parser parser;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::string_view date;
    ASSERT_EQ(parser.parse(line)["date"].get_string().get(date), simdjson::SUCCESS) << line;
    if (date.substr(0, 4) >= "2018") continue;
    selected += line + "\n";
    ++count;
  }
  WriteFile(dir.Path("articles.jsonl"), selected);

  std::vector<Record> records = RoundTrip(dir, dir.Path("articles.jsonl"));
  ASSERT_EQ(records.size(), count);
  ExpectSameSearches(dir.Path("original.db"), dir.Path("copy.db"), NamesOf(records));
  ExpectStableExport(dir, records.size());

  std::map<std::string, std::map<std::string, std::string>> input =
      ReadInput(dir.Path("articles.jsonl"));
  std::size_t with_entities = 0;
  for (const Record& r : records) {
    std::map<std::string, std::string>& fields = input[r.id];
    EXPECT_EQ(r.title, fields["title"]) << r.id;
    EXPECT_EQ(r.body, fields["body"]) << r.id;
    EXPECT_EQ(r.date.value_or("none"), fields["date"]) << r.id;
    EXPECT_EQ(r.url, fields["url"]) << r.id;
    with_entities += !r.entities[0].empty() || !r.entities[1].empty() || !r.entities[2].empty();
  }
  // The extracted entities are in the export (an export without them would
  // make every entity query of the table match nothing).
  EXPECT_GT(with_entities, count / 2);
}

TEST(ExportE2E, WhatCannotRoundTripIsWrittenAsStoredAndNamed) {
  TempDir dir;
  const std::string long_body = [] {
    std::string body;
    for (int i = 0; body.size() < 150000; ++i) body += "mot" + std::to_string(i) + " ";
    return body;
  }();
  // Cafe + combining acute accent (NFD), and white space to collapse
  // (U+00A0 is white space too).
  std::string input =
      "{\"id\": \"long\", \"title\": \"Un long article\", \"date\": \"2016-05-05\", \"body\": \"" +
      long_body + "\"}\n" +
      "{\"id\": \"spaces\", \"title\": \"  Un   titre\\u00a0avec  espaces \", \"body\": "
      "\"Texte.\"}\n"
      "{\"id\": \"nfd\", \"title\": \"Cafe\\u0301 du port\", \"body\": \"Texte.\"}\n"
      "{\"id\": \"time\", \"title\": \"Heure\", \"date\": \"2017-02-07T18:30:00+01:00\", "
      "\"body\": \"Texte.\"}\n"
      "{\"id\": \"names\", \"title\": \"Noms\", \"body\": \"Texte.\", \"persons\": [\"M. "
      "Emmanuel Macron\", \"Macron\"], \"organizations\": [\"PS\"]}\n"
      "{\"id\": \"mentions\", \"title\": \"Dates\", \"date\": \"2017-06-01\", \"body\": "
      "\"Texte.\", \"dates_mentioned\": [\"7 février 2016\", \"2016-02-07\", \"mai 2017\"]}\n"
      "{\"id\": \"raw\", \"title\": \"Brut\", \"date\": \"2016-07-15\", \"body\": \"Le 14 "
      "juillet 2016, Emmanuel Macron était à Nice avec le Parti socialiste.\"}\n";
  WriteFile(dir.Path("in.jsonl"), input);
  const std::string original = dir.Path("original.db");
  ASSERT_EQ(Index(original, {dir.Path("in.jsonl")}).exit_status, 0);

  CommandResult exported = Export({"--db", original, "-o", dir.Path("export.jsonl")});
  ASSERT_EQ(exported.exit_status, 0) << exported.err;
  // The one article at the stored limit is named; the others are not.
  EXPECT_NE(exported.err.find("warning: long: the body is at the stored limit"), std::string::npos)
      << exported.err;
  EXPECT_EQ(exported.err.find("warning: spaces"), std::string::npos) << exported.err;
  std::map<std::string, Record> by_id;
  for (Record& r : ParseExport(ReadFile(dir.Path("export.jsonl")))) by_id[r.id] = std::move(r);
  ASSERT_EQ(by_id.size(), 7u);

  // The documented limit of a stored body, 100,000 bytes (ASCII: cut there).
  EXPECT_EQ(by_id["long"].body, long_body.substr(0, 100000));
  EXPECT_EQ(by_id["spaces"].title, "Un titre avec espaces");
  EXPECT_EQ(by_id["nfd"].title, "Caf\xc3\xa9 du port");
  EXPECT_EQ(by_id["time"].date.value_or(""), "2017-02-07");
  EXPECT_FALSE(by_id["spaces"].date.has_value());
  // Resolved: the title taken off, the short name completed (one entity),
  // the default alias PS applied.
  EXPECT_EQ(by_id["names"].entities[0], std::vector<std::string>{"Emmanuel Macron"});
  EXPECT_EQ(by_id["names"].entities[1], std::vector<std::string>{"Parti socialiste"});
  EXPECT_TRUE(by_id["names"].entities[2].empty());
  EXPECT_EQ(by_id["mentions"].dates_mentioned, (std::vector<std::string>{"2016-02-07", "2017-05"}));
  // The raw article's extracted date mention is written out (so it is not
  // extracted again).
  const std::vector<std::string>& raw_dates = by_id["raw"].dates_mentioned;
  EXPECT_NE(std::find(raw_dates.begin(), raw_dates.end(), "2016-07-14"), raw_dates.end());

  // Indexed back into the database it came from: the long body (cut) and
  // the two titles as stored differ from what was indexed, so those three
  // are replaced; the date-time is stored as its day, like the index has it.
  CommandResult back = Index(original, {dir.Path("export.jsonl")});
  ASSERT_EQ(back.exit_status, 0) << back.err;
  Outcome outcome = ParseSummary(back.err);
  EXPECT_EQ(outcome.replaced, 3u) << back.err;
  EXPECT_EQ(outcome.unchanged, 4u) << back.err;
  EXPECT_EQ(outcome.added, 0u) << back.err;

  // The titles as stored index the same words.
  const std::string first = dir.Path("first.db"), copy = dir.Path("copy.db");
  ASSERT_EQ(Index(first, {dir.Path("in.jsonl")}).exit_status, 0);
  ASSERT_EQ(Index(copy, {"--jobs", "1", dir.Path("export.jsonl")}).exit_status, 0);
  for (std::vector<std::string> args : {std::vector<std::string>{"titre", "espaces"},
                                        {"title:café"},
                                        {"cafe", "port"},
                                        {"--person", "emmanuel macron"},
                                        {"--org", "PS"},
                                        {"--mentioned", "2016-02"},
                                        {"--to", "2017-02-07"}}) {
    auto run = [&](const std::string& db) {
      std::vector<std::string> argv = {QueryBinary(), "--format", "json", "--db", db};
      argv.insert(argv.end(), args.begin(), args.end());
      return RunCommand(argv);
    };
    CommandResult a = run(first), b = run(copy);
    EXPECT_EQ(a.exit_status, 0) << Describe(args) << a.err;
    EXPECT_EQ(a.out, b.out) << Describe(args);
  }
}

TEST(ExportE2E, AnIdThatIsNotUtf8IsWrittenWithReplacementCharacters) {
  // The readers refuse such ids now, but a database written before may hold
  // one (a text file named in Latin-1): write it as that version did,
  // through the writer, without a reader.
  TempDir dir;
  {
    auto writer = IndexWriter::Open(dir.Path("db"));
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    ParsedArticle article;
    article.id = "caf\xe9.txt";
    article.title = "Un titre";
    article.body = "Un texte.";
    AliasTable aliases = AliasTable::Default();
    DocumentBuilder builder(aliases);
    ASSERT_TRUE((*writer)->Upsert(builder.Build(article)).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  CommandResult r = Export({"--db", dir.Path("db")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::vector<Record> records = ParseExport(r.out);  // fails on invalid UTF-8
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].id, "caf\xef\xbf\xbd.txt");
  EXPECT_EQ(records[0].title, "Un titre");
  EXPECT_NE(r.err.find("warning: caf\xef\xbf\xbd.txt: the id is not valid UTF-8"),
            std::string::npos)
      << r.err;
}

TEST(ExportE2E, TheAliasTableIsWrittenForTheIndexerToTakeBack) {
  TempDir dir;
  WriteFile(dir.Path("aliases.tsv"), "FH\tFrançois Hollande\tperson\n");
  const std::string original = dir.Path("original.db");
  ASSERT_EQ(Index(original, {"--aliases", dir.Path("aliases.tsv"), CorpusFile()}).exit_status, 0);
  CommandResult r = Export(
      {"--db", original, "-o", dir.Path("export.jsonl"), "--aliases", dir.Path("exported.tsv")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(ReadFile(dir.Path("exported.tsv")).find("François Hollande"), std::string::npos);

  const std::string with = dir.Path("with.db"), without = dir.Path("without.db");
  ASSERT_EQ(
      Index(with, {"--jobs", "1", "--aliases", dir.Path("exported.tsv"), dir.Path("export.jsonl")})
          .exit_status,
      0);
  ASSERT_EQ(Index(without, {"--jobs", "1", dir.Path("export.jsonl")}).exit_status, 0);
  auto query = [&](const std::string& db) {
    return RunCommand({QueryBinary(), "--db", db, "--format", "json", "--person", "FH"});
  };
  CommandResult a = query(original), b = query(with), c = query(without);
  EXPECT_EQ(a.exit_status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  // Without the table the alias means nothing: why it is exported.
  EXPECT_EQ(c.exit_status, 1) << c.out;

  // A database without a table of its own writes an empty one.
  CommandResult plain =
      Export({"--db", without, "-o", dir.Path("again.jsonl"), "--aliases", dir.Path("none.tsv")});
  ASSERT_EQ(plain.exit_status, 0) << plain.err;
  EXPECT_TRUE(fs::exists(dir.Path("none.tsv")));
  EXPECT_EQ(ReadFile(dir.Path("none.tsv")), "");
}

TEST(ExportE2E, ExitStatusesAndErrors) {
  TempDir dir;
  const std::string db = dir.Path("db");
  ASSERT_EQ(Index(db, {CorpusFile()}).exit_status, 0);

  // A full disk is an error, to a file or to standard output.
  CommandResult full = Export({"--db", db, "-o", "/dev/full"});
  EXPECT_EQ(full.exit_status, 1);
  EXPECT_NE(full.err.find("/dev/full: cannot write"), std::string::npos) << full.err;
  CommandResult full_stdout =
      RunCommand({"/bin/sh", "-c", "exec \"$0\" --db \"$1\" > /dev/full", ExportBinary(), db});
  EXPECT_EQ(full_stdout.exit_status, 1);
  EXPECT_NE(full_stdout.err.find("standard output: cannot write"), std::string::npos)
      << full_stdout.err;
  CommandResult no_dir = Export({"--db", db, "-o", dir.Path("missing/out.jsonl")});
  EXPECT_EQ(no_dir.exit_status, 1);
  EXPECT_NE(no_dir.err.find(dir.Path("missing/out.jsonl")), std::string::npos) << no_dir.err;

  // No database, or not a facette one: exit 1, the path named, no output
  // file left behind.
  CommandResult missing = Export({"--db", dir.Path("nothing"), "-o", dir.Path("out.jsonl")});
  EXPECT_EQ(missing.exit_status, 1);
  EXPECT_NE(missing.err.find(dir.Path("nothing")), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir.Path("out.jsonl")));
  fs::create_directory(dir.Path("folder"));
  CommandResult folder = Export({"--db", dir.Path("folder")});
  EXPECT_EQ(folder.exit_status, 1);
  EXPECT_NE(folder.err.find("not a facette database"), std::string::npos) << folder.err;

  // $FACETTE_DB when there is no --db: every line of the input.
  CommandResult from_env = RunCommand({ExportBinary()}, {"FACETTE_DB=" + db});
  EXPECT_EQ(from_env.exit_status, 0) << from_env.err;
  EXPECT_EQ(ParseExport(from_env.out).size(), ReadInput(CorpusFile()).size());

  // Another schema version is refused.
  {
    Xapian::WritableDatabase w(db);
    w.set_metadata("facette.schema_version", "999");
    w.commit();
  }
  CommandResult version = Export({"--db", db});
  EXPECT_EQ(version.exit_status, 1);
  EXPECT_NE(version.err.find("schema version 999"), std::string::npos) << version.err;
  EXPECT_TRUE(version.out.empty());

  CommandResult usage = Export({"--no-such-option"});
  EXPECT_EQ(usage.exit_status, 2);
  CommandResult help = Export({"--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
  EXPECT_NE(help.out.find("100,000 bytes"), std::string::npos);
}

}  // namespace
}  // namespace facette::e2e
