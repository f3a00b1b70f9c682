// Fuzz target: the query parser (query/query_builder.h BuildQuery, which
// runs NormalizeQueryString, Xapian's QueryParser with facette's prefixes
// and field processors, and wildcard expansion) against a small in-memory
// database of real articles, then the match itself.
//
// Checked beyond "no crash": a query is either built or refused with a
// message (InvalidArgument); a built query runs.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_support.h"
#include "indexer/jsonl_reader.h"
#include "query/query_builder.h"
#include "schema/alias_table.h"
#include "schema/dates.h"
#include "schema/entity_key.h"
#include "schema/fields.h"
#include "schema/text_terms.h"

namespace facette::fuzz {
namespace {

// The first articles of corpus/articles.jsonl, indexed with the schema's
// prefixes (text, dates, entities): enough vocabulary for wildcards, field
// queries and ranges to have something to expand and match.
class CorpusSink : public RecordSink {
 public:
  explicit CorpusSink(Xapian::WritableDatabase& db) : db_(db) {}
  void OnArticle(ParsedArticle&& a) override {
    if (db_.get_doccount() >= 30) return;
    TermCollector collector;
    indexer_.StartDocument(collector);
    indexer_.Index(a.title, Field(FieldId::kTitle).prefix);
    indexer_.Index(a.title, "");
    indexer_.Index(a.body, "");
    Xapian::Document doc;
    collector.Finish().AddTo(doc);
    doc.add_boolean_term(std::string(Field(FieldId::kId).prefix) + a.id);
    if (a.has_date) {
      for (const std::string& term : DateTerms(a.date)) doc.add_boolean_term(term);
      doc.add_value(Field(FieldId::kDate).slot, DateSlotValue(a.date));
    }
    for (EntityType type : kEntityTypes) {
      for (const std::string& name : a.entities[Index(type)]) {
        std::string key = CanonicalEntityKey(name);
        if (!key.empty()) doc.add_boolean_term(std::string(EntityField(type).prefix) + key);
      }
    }
    db_.add_document(doc);
  }
  void OnRejection(Rejection&&) override {}
  void OnWarning(Warning&&) override {}

 private:
  Xapian::WritableDatabase& db_;
  TextIndexer indexer_;
};

Xapian::WritableDatabase* g_db = nullptr;

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace facette;
  fuzz::g_db = new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
  fuzz::CorpusSink sink(*fuzz::g_db);
  JsonLinesReader reader;
  Status status =
      reader.ReadFile(std::string(FACETTE_SOURCE_DIR) + "/corpus/articles.jsonl", "corpus", sink);
  FUZZ_CHECK(status.ok() && fuzz::g_db->get_doccount() > 0, "cannot read corpus/articles.jsonl");
  fuzz::g_db->commit();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  SearchRequest request;
  request.query.assign(reinterpret_cast<const char*>(data), size);
  Result<Xapian::Query> query = BuildQuery(*fuzz::g_db, AliasTable::Default(), request);
  if (!query.ok()) {
    FUZZ_CHECK(!query.status().message().empty(), "a refused query without a message");
    return 0;
  }
  Xapian::Enquire enquire(*fuzz::g_db);
  enquire.set_query(query.value());
  Xapian::MSet mset = enquire.get_mset(0, 10, fuzz::g_db->get_doccount());
  FUZZ_CHECK(mset.get_matches_estimated() <= fuzz::g_db->get_doccount(),
             "more matches than documents");
  return 0;
}
