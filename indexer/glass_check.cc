// Guards on the glass writer (glass_check.h).
#include "indexer/glass_check.h"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "analysis/document_terms.h"
#include "indexer/glass_writer.h"
#include "schema/fields.h"

namespace facette::glass {
namespace {

// A document of the probe: terms with positions (wdf: one per position),
// terms with a wdf and no positions, values and data.
struct ProbeDocument {
  std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> postings;
  std::vector<std::pair<std::string, Xapian::termcount>> terms;
  std::map<Xapian::valueno, std::string> values;
  std::string data;
};

// Small, but with what the writer encodes in different ways: shared and
// rare terms, a boolean term, a term of Xapian's maximum length, a long
// position list, wdf without positions, several value slots, a document
// without data and one without values.
std::vector<ProbeDocument> ProbeDocuments() {
  std::vector<Xapian::termpos> many;
  for (Xapian::termpos p = 1; p < 3000; p += 1 + p % 7) many.push_back(p);
  const std::string id(Field(FieldId::kId).prefix);
  return {
      {{{"alpha", {1, 5}}, {"beta", {2}}},
       {{id + "probe-1", 0}},
       {{0, "20160114"}, {3, "b"}},
       "first"},
      {{{"alpha", {3}}}, {{"gamma", 3}, {id + "probe-2", 0}}, {{0, "20170101"}}, ""},
      {{{"delta", many}, {std::string(kMaxTermBytes, 'z'), {7}}},
       {{id + "probe-3", 0}},
       {},
       "third"},
  };
}

constexpr const char* kMetadataKey = "facette.glass-check";
constexpr const char* kMetadataValue = "written by the glass writer";

// What a term holds over the probe: docid -> (wdf, positions).
using Postings =
    std::map<Xapian::docid, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>>;

Status Differs(const std::string& what) {
  return Status::DatabaseError("the probe database reads back wrong: " + what);
}

// The probe read back through Xapian against what was written.
Status Compare(const Xapian::Database& db, const std::vector<ProbeDocument>& documents) {
  std::map<std::string, Postings> terms;
  std::uint64_t total_length = 0;
  std::vector<Xapian::termcount> lengths;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const auto docid = static_cast<Xapian::docid>(i + 1);
    Xapian::termcount length = 0;
    for (const auto& [term, positions] : documents[i].postings) {
      terms[term][docid] = {static_cast<Xapian::termcount>(positions.size()), positions};
      length += static_cast<Xapian::termcount>(positions.size());
    }
    for (const auto& [term, wdf] : documents[i].terms) {
      terms[term][docid] = {wdf, {}};
      length += wdf;
    }
    lengths.push_back(length);
    total_length += length;
  }
  if (db.get_doccount() != documents.size() || db.get_lastdocid() != documents.size()) {
    return Differs("document count");
  }
  if (db.get_total_length() != total_length) return Differs("total length");
  Xapian::TermIterator all = db.allterms_begin();
  for (const auto& [term, postings] : terms) {
    if (all == db.allterms_end() || *all != term) return Differs("the term list of the database");
    if (all.get_termfreq() != postings.size()) return Differs("frequency of " + term);
    ++all;
    Xapian::PostingIterator posting = db.postlist_begin(term);
    for (const auto& [docid, expected] : postings) {
      if (posting == db.postlist_end(term) || *posting != docid) {
        return Differs("postings of " + term);
      }
      if (posting.get_wdf() != expected.first) return Differs("wdf of " + term);
      std::vector<Xapian::termpos> positions(db.positionlist_begin(docid, term),
                                             db.positionlist_end(docid, term));
      if (positions != expected.second) return Differs("positions of " + term);
      ++posting;
    }
    if (posting != db.postlist_end(term)) return Differs("postings of " + term);
  }
  if (all != db.allterms_end()) return Differs("the term list of the database");
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const auto docid = static_cast<Xapian::docid>(i + 1);
    const std::string which = "document " + std::to_string(docid);
    if (db.get_doclength(docid) != lengths[i]) return Differs("length of " + which);
    Xapian::Document document = db.get_document(docid);
    if (document.get_data() != documents[i].data) return Differs("data of " + which);
    std::map<Xapian::valueno, std::string> values;
    for (auto value = document.values_begin(); value != document.values_end(); ++value) {
      values[value.get_valueno()] = *value;
    }
    if (values != documents[i].values) return Differs("values of " + which);
    std::size_t listed = 0;
    for (auto term = db.termlist_begin(docid); term != db.termlist_end(docid); ++term, ++listed) {
      auto found = terms.find(*term);
      if (found == terms.end() || found->second.count(docid) == 0 ||
          found->second.at(docid).first != term.get_wdf()) {
        return Differs("terms of " + which);
      }
    }
    if (listed != documents[i].postings.size() + documents[i].terms.size()) {
      return Differs("terms of " + which);
    }
  }
  // The date slot's stream and statistics.
  std::map<Xapian::docid, std::string> stream;
  for (auto value = db.valuestream_begin(0); value != db.valuestream_end(0); ++value) {
    stream[value.get_docid()] = *value;
  }
  if (stream != std::map<Xapian::docid, std::string>{{1, "20160114"}, {2, "20170101"}} ||
      db.get_value_freq(0) != 2 || db.get_value_lower_bound(0) != "20160114" ||
      db.get_value_upper_bound(0) != "20170101") {
    return Differs("value slot 0");
  }
  if (db.get_metadata(kMetadataKey) != kMetadataValue) return Differs("metadata");
  return Status::Ok();
}

}  // namespace

std::string LinkedXapianVersion() { return Xapian::version_string(); }

Status CheckLinkedXapian(const std::string& dir) {
  if (Xapian::major_version() != 1 || Xapian::minor_version() != 4) {
    return Status::DatabaseError("not a 1.4 release, whose format the glass writer writes");
  }
  const std::vector<ProbeDocument> documents = ProbeDocuments();
  DatabaseBuilder builder;
  TermCollector collector;
  for (const ProbeDocument& document : documents) {
    for (const auto& [term, positions] : document.postings) {
      for (Xapian::termpos position : positions) collector.AddPosting(term, position);
    }
    for (const auto& [term, wdf] : document.terms) collector.AddTerm(term, wdf);
    Status added = builder.Add(collector.Finish(), document.values, document.data);
    if (!added.ok()) return added;
  }
  builder.SetMetadata(kMetadataKey, kMetadataValue);
  std::error_code error;
  std::filesystem::remove_all(dir, error);
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IOError(dir + ": cannot create (" + error.message() + ")");
  Status checked = builder.Write(dir);
  if (checked.ok()) {
    try {
      checked = Compare(Xapian::Database(dir), documents);
    } catch (const Xapian::Error& e) {
      checked = Status::DatabaseError("the probe database cannot be read: " + e.get_description());
    }
  }
  if (checked.ok()) checked = CheckDatabase(dir);
  std::filesystem::remove_all(dir, error);
  return checked;
}

Status CheckDatabase(const std::string& dir) {
  std::ostringstream report;
  try {
    const std::size_t errors = Xapian::Database::check(dir, 0, &report);
    if (errors == 0) return Status::Ok();
    std::string text = report.str();
    if (text.size() > 300) text = text.substr(0, 300) + "...";
    return Status::DatabaseError(dir + ": Xapian's check finds " + std::to_string(errors) +
                                 " problem(s): " + text);
  } catch (const Xapian::Error& e) {
    return Status::DatabaseError(dir + ": Xapian's check fails: " + e.get_description());
  }
}

}  // namespace facette::glass
