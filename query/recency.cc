// Recency boost (recency.h).
#include "query/recency.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "schema/dates.h"
#include "schema/fields.h"

namespace facette {
namespace {

// The boost of each dated article, from its date slot.
class RecencyPostingSource : public Xapian::ValuePostingSource {
 public:
  RecencyPostingSource(Xapian::valueno date_slot, long newest_day, double best)
      : Xapian::ValuePostingSource(date_slot), newest_day_(newest_day), best_(best) {}

  double get_weight() const override {
    std::optional<Date> date = DateFromSlotValue(get_value());
    if (!date) return 0;
    return RecencyBoost(static_cast<double>(newest_day_ - DayNumber(*date)), best_);
  }
  void init(const Xapian::Database& database) override {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(RecencyBoost(0, best_));
  }
  RecencyPostingSource* clone() const override {
    return new RecencyPostingSource(get_slot(), newest_day_, best_);
  }
  // Serialisable, so that a query with the boost can be copied whole for
  // another thread (a Xapian::Query's parts are shared between copies and
  // are not thread-safe).
  std::string name() const override { return "facette.RecencyBoost"; }
  std::string serialise() const override {
    char text[128];
    std::snprintf(text, sizeof text, "%u %ld %a", get_slot(), newest_day_, best_);
    return text;
  }
  RecencyPostingSource* unserialise(const std::string& serialised) const override {
    unsigned value_slot = 0;
    long newest_day = 0;
    double best = 0;
    if (std::sscanf(serialised.c_str(), "%u %ld %la", &value_slot, &newest_day, &best) != 3) {
      throw Xapian::SerialisationError("bad RecencyBoost: " + serialised);
    }
    return new RecencyPostingSource(value_slot, newest_day, best);
  }
  std::string get_description() const override {
    char text[128];
    std::snprintf(text, sizeof text, "RecencyBoost(%g x %g, half-life %g days)", kRecencyWeight,
                  best_, kRecencyHalfLifeDays);
    return text;
  }

 private:
  long newest_day_;
  double best_;
};

}  // namespace

void RegisterRecencyBoost(Xapian::Registry& registry) {
  registry.register_posting_source(RecencyPostingSource(0, 0, 0));
}

double RecencyBoost(double age_days, double best) {
  if (age_days < 0) age_days = 0;
  return kRecencyWeight * best * std::exp2(-age_days / kRecencyHalfLifeDays);
}

Xapian::Query WithRecencyBoost(const Xapian::Database& db, const Xapian::Query& query) {
  const Xapian::valueno slot = Field(FieldId::kDate).slot;
  std::optional<Date> newest = DateFromSlotValue(db.get_value_upper_bound(slot));
  if (!newest) return query;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet top = enquire.get_mset(0, 1);
  if (top.empty() || top.begin().get_weight() <= 0) return query;
  auto* source = new RecencyPostingSource(slot, DayNumber(*newest), top.begin().get_weight());
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

}  // namespace facette
