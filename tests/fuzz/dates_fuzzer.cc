// Fuzz target: the date parsers (schema/dates.h): ParseArticleDate,
// ParsePartialDate and FindLeadingDate.
//
// Checked beyond "no crash": whatever is accepted is a real calendar date
// (year 1-9999, a month that exists, a day of that month), the encodings
// round-trip, and a partial date covers a non-empty range of days.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "schema/dates.h"

namespace facette::fuzz {
namespace {

void CheckDay(const Date& d) {
  FUZZ_CHECK(d.year >= 1 && d.year <= 9999, "a year outside 1-9999");
  FUZZ_CHECK(d.month >= 1 && d.month <= 12, "a month that does not exist");
  FUZZ_CHECK(d.day >= 1 && d.day <= DaysInMonth(d.year, d.month), "a day that does not exist");
  std::optional<Date> back = DateFromSlotValue(DateSlotValue(d));
  FUZZ_CHECK(back && *back == d, "the slot value does not round-trip");
  FUZZ_CHECK(FormatIsoDate(d).size() == 10, "an ISO date that is not YYYY-MM-DD");
  Result<Date> reparsed = ParseArticleDate(FormatIsoDate(d));
  FUZZ_CHECK(reparsed.ok() && reparsed.value() == d, "an ISO date that does not parse back");
  FUZZ_CHECK(DateTerms(d).size() == 3, "not three date terms");
}

}  // namespace
}  // namespace facette::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace facette;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  Result<Date> article = ParseArticleDate(text);
  if (article.ok()) {
    fuzz::CheckDay(article.value());
  } else {
    FUZZ_CHECK(!article.status().message().empty(), "an error without a message");
  }

  Result<PartialDate> partial = ParsePartialDate(text);
  if (partial.ok()) {
    const PartialDate& p = partial.value();
    Date first = FirstDay(p), last = LastDay(p);
    fuzz::CheckDay(first);
    fuzz::CheckDay(last);
    FUZZ_CHECK(!(last < first), "a partial date that ends before it starts");
    FUZZ_CHECK(!DateTermFor(p).empty(), "a partial date without a term");
  } else {
    FUZZ_CHECK(!partial.status().message().empty(), "an error without a message");
  }

  if (std::optional<Date> leading = FindLeadingDate(text)) fuzz::CheckDay(*leading);
  return 0;
}
