// Tests of the date-mention extractor (indexer/extract/date_mentions.h): every
// supported form, the year-inference and relative-day rules, the traps
// (numbers that are not years, invalid days, no publication date) and byte
// offsets in accented text.
#include "indexer/extract/date_mentions.h"

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace facette {
namespace {

using Kind = DateMention::Kind;

struct Expected {
  const char* text;   // the matched substring, searched after the previous one
  const char* value;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  Kind kind;
};

struct Case {
  const char* text;
  const char* published;  // "" for none
  std::vector<Expected> expected;
};

std::optional<Date> Published(const char* iso) {
  if (*iso == '\0') return std::nullopt;
  Result<Date> d = ParseArticleDate(iso);
  EXPECT_TRUE(d.ok()) << iso;
  return d.value();
}

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kAbsolute:
      return "absolute";
    case Kind::kYearInferred:
      return "year-inferred";
    case Kind::kDeictic:
      return "deictic";
  }
  return "?";
}

// Runs the cases: the mentions found must be exactly the expected ones, in
// order, with the expected span (located in the text independently), value
// (parsed by ParsePartialDate) and kind.
void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const std::string text = c.text;
    std::vector<DateMention> found = FindDateMentions(text, Published(c.published));
    std::string spans;
    for (const DateMention& m : found) spans += " [" + text.substr(m.begin, m.end - m.begin) + "]";
    ASSERT_EQ(c.expected.size(), found.size())
        << "in: " << text << " (published " << c.published << "), found:" << spans;
    std::size_t from = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
      const Expected& e = c.expected[i];
      const std::size_t begin = text.find(e.text, from);
      ASSERT_NE(std::string::npos, begin) << e.text << " not in " << text;
      from = begin + std::strlen(e.text);
      Result<PartialDate> value = ParsePartialDate(e.value);
      ASSERT_TRUE(value.ok()) << e.value;
      EXPECT_EQ(begin, found[i].begin) << e.text << " in " << text;
      EXPECT_EQ(from, found[i].end)
          << e.text << " in " << text << ": found '"
          << text.substr(found[i].begin, found[i].end - found[i].begin) << "'";
      EXPECT_EQ(value.value(), found[i].value) << e.text << " in " << text;
      EXPECT_STREQ(KindName(e.kind), KindName(found[i].kind)) << e.text << " in " << text;
    }
  }
}

constexpr Kind kAbs = Kind::kAbsolute;
constexpr Kind kInf = Kind::kYearInferred;
constexpr Kind kDei = Kind::kDeictic;

// 2016-03-15 is a Tuesday.
constexpr const char* kPub = "2016-03-15";

TEST(DateMentionsTest, AbsoluteDates) {
  RunCases({
      {"Le 7 février 2025, il pleuvait.", kPub, {{"7 février 2025", "2025-02-07", kAbs}}},
      {"Depuis février 2025.", kPub, {{"février 2025", "2025-02", kAbs}}},
      {"Le 1er janvier 2016 à minuit.", kPub, {{"1er janvier 2016", "2016-01-01", kAbs}}},
      {"Le 1 er janvier 2016.", kPub, {{"1 er janvier 2016", "2016-01-01", kAbs}}},
      {"Le 1ᵉʳ mai 2016.", kPub, {{"1ᵉʳ mai 2016", "2016-05-01", kAbs}}},
      {"La 1re édition, le 1ère mars 2016.", kPub, {{"1ère mars 2016", "2016-03-01", kAbs}}},
      {"En 2018, il partira.", kPub, {{"2018", "2018", kAbs}}},
      {"7 FÉVRIER 2016 et 8 fevrier 2016",
       kPub,
       {{"7 FÉVRIER 2016", "2016-02-07", kAbs}, {"8 fevrier 2016", "2016-02-08", kAbs}}},
      // Decomposed accent (e + U+0301).
      {"le 9 fe\xCC\x81vrier 2016", kPub, {{"9 fe\xCC\x81vrier 2016", "2016-02-09", kAbs}}},
      {"Le lundi 22 octobre 2018 au soir.", kPub, {{"lundi 22 octobre 2018", "2018-10-22", kAbs}}},
      {"Le 22/10/2016, puis le 2016-10-23 et le 24.10.2016.",
       kPub,
       {{"22/10/2016", "2016-10-22", kAbs},
        {"2016-10-23", "2016-10-23", kAbs},
        {"24.10.2016", "2016-10-24", kAbs}}},
      {"Le 3 janv. 2017 puis le 5 sept. 2017.",
       kPub,
       {{"3 janv. 2017", "2017-01-03", kAbs}, {"5 sept. 2017", "2017-09-05", kAbs}}},
      {"Le mois d'avril 2016.", kPub, {{"mois d'avril 2016", "2016-04", kAbs}}},
      {"La saison 2015-2016 commence (1964).",
       kPub,
       {{"2015", "2015", kAbs}, {"2016", "2016", kAbs}, {"1964", "1964", kAbs}}},
      {"Les années 1970 arrivent.", kPub, {{"1970", "1970", kAbs}}},
  });
}

TEST(DateMentionsTest, RangesAndListsGiveEachWrittenDay) {
  RunCases({
      {"Du 3 au 5 mars 2016 à Paris.",
       kPub,
       {{"3", "2016-03-03", kAbs}, {"5 mars 2016", "2016-03-05", kAbs}}},
      {"Entre le 3 et le 5 mars 2016.",
       kPub,
       {{"3", "2016-03-03", kAbs}, {"5 mars 2016", "2016-03-05", kAbs}}},
      {"Les 16, 17 et 18 juillet.",
       kPub,
       {{"16", "2016-07-16", kInf},
        {"17", "2016-07-17", kInf},
        {"18 juillet", "2016-07-18", kInf}}},
      {"Gold Coast – 8-9 avril (format Sprint)",
       kPub,
       {{"8", "2016-04-08", kInf}, {"9 avril", "2016-04-09", kInf}}},
      {"Dans la nuit du samedi 3 au dimanche 4 juin 2017.",
       kPub,
       {{"samedi 3", "2017-06-03", kAbs}, {"dimanche 4 juin 2017", "2017-06-04", kAbs}}},
      // The year of the second date is borrowed by the first.
      {"Du 28 février au 3 mars 2016.",
       kPub,
       {{"28 février", "2016-02-28", kAbs}, {"3 mars 2016", "2016-03-03", kAbs}}},
      {"Du 28 décembre au 3 janvier 2017.",
       kPub,
       {{"28 décembre", "2016-12-28", kAbs}, {"3 janvier 2017", "2017-01-03", kAbs}}},
      {"L'élection d'avril et mai 2017.",
       kPub,
       {{"avril", "2017-04", kAbs}, {"mai 2017", "2017-05", kAbs}}},
      // Not a range: the days must go up.
      {"Les 5 et 3 mars.", kPub, {{"3 mars", "2016-03-03", kInf}}},
  });
}

TEST(DateMentionsTest, PartsOfMonthsAndYears) {
  RunCases({
      {"Vers la mi-février, puis début 2017 et fin mars.",
       kPub,
       {{"mi-février", "2016-02", kInf},
        {"début 2017", "2017", kAbs},
        {"fin mars", "2016-03", kInf}}},
      {"Avant fin février 2016 ou mi-2017.",
       kPub,
       {{"fin février 2016", "2016-02", kAbs}, {"mi-2017", "2017", kAbs}}},
      {"Au mois de mai, en mars dernier, en avril prochain.",
       kPub,
       {{"mois de mai", "2016-05", kInf},
        {"mars dernier", "2015-03", kInf},
        {"avril prochain", "2016-04", kInf}}},
      // A month alone without a cue is not a mention (nor is the planet).
      {"En mai, sur Mars.", kPub, {}},
  });
}

// Day and month without a year: the year that puts the date nearest to the
// publication day; "dernier" strictly before it, "prochain" strictly after.
TEST(DateMentionsTest, YearInference) {
  RunCases({
      {"le 3 février", kPub, {{"3 février", "2016-02-03", kInf}}},
      {"le 22 octobre", kPub, {{"22 octobre", "2015-10-22", kInf}}},  // 145 days back, 221 ahead
      {"le 28 décembre", "2017-01-10", {{"28 décembre", "2016-12-28", kInf}}},
      {"le 3 février", "2017-01-10", {{"3 février", "2017-02-03", kInf}}},
      {"le 15 juillet", "2017-01-10", {{"15 juillet", "2016-07-15", kInf}}},  // 179 back, 186 ahead
      {"le 22 décembre dernier", "2016-12-28", {{"22 décembre dernier", "2016-12-22", kInf}}},
      {"le 7 février dernier", "2017-02-07", {{"7 février dernier", "2016-02-07", kInf}}},
      {"le 12 février prochain", "2017-02-07", {{"12 février prochain", "2017-02-12", kInf}}},
      {"le 10 mars prochain", kPub, {{"10 mars prochain", "2017-03-10", kInf}}},
      {"les 19 et 20 octobre derniers",
       "2016-10-30",
       {{"19", "2016-10-19", kInf}, {"20 octobre derniers", "2016-10-20", kInf}}},
      {"Lundi 22 octobre", "2018-10-25", {{"Lundi 22 octobre", "2018-10-22", kInf}}},
      {"le 29 février", kPub, {{"29 février", "2016-02-29", kInf}}},
      // Months: nearest, a six-month tie going to the past.
      {"mi-décembre", "2017-01-10", {{"mi-décembre", "2016-12", kInf}}},
      {"fin juin", "2016-12-28", {{"fin juin", "2016-06", kInf}}},
      {"début janvier", "2016-12-28", {{"début janvier", "2017-01", kInf}}},
      // A weekday and a day number: that day nearest to publication.
      {"hier, jeudi 10, à Paris",
       "2016-03-11",
       {{"hier", "2016-03-10", kDei}, {"jeudi 10", "2016-03-10", kInf}}},
      {"depuis le lundi (12) à Kinshasa", "2017-06-15", {{"lundi (12)", "2017-06-12", kInf}}},
      {"a déraillé samedi 21, dans la soirée", "2017-01-24", {{"samedi 21", "2017-01-21", kInf}}},
  });
}

TEST(DateMentionsTest, RelativeToPublication) {
  RunCases({
      {"Aujourd'hui, hier, avant-hier, demain et après-demain.",
       kPub,
       {{"Aujourd'hui", "2016-03-15", kDei},
        {"hier", "2016-03-14", kDei},
        {"avant-hier", "2016-03-13", kDei},
        {"demain", "2016-03-16", kDei},
        {"après-demain", "2016-03-17", kDei}}},
      {"aujourd’hui", kPub, {{"aujourd’hui", "2016-03-15", kDei}}},
      // "dernier" is strictly before, "prochain" strictly after (pub: a Tuesday).
      {"lundi dernier, mardi dernier, mardi prochain, jeudi prochain",
       kPub,
       {{"lundi dernier", "2016-03-14", kDei},
        {"mardi dernier", "2016-03-08", kDei},
        {"mardi prochain", "2016-03-22", kDei},
        {"jeudi prochain", "2016-03-17", kDei}}},
      // A bare weekday: the latest such day on or before publication.
      {"Il a parlé lundi. Mardi, il a voté. Ce mercredi, rien.",
       kPub,
       {{"lundi", "2016-03-14", kDei},
        {"Mardi", "2016-03-15", kDei},
        {"mercredi", "2016-03-09", kDei}}},
      {"Dimanche soir, il a parlé.", kPub, {{"Dimanche", "2016-03-13", kDei}}},
      // Weeks: their month when the whole week (Monday-Sunday) is in one.
      {"la semaine dernière et la semaine prochaine",
       kPub,
       {{"la semaine dernière", "2016-03", kDei}, {"la semaine prochaine", "2016-03", kDei}}},
      {"cette semaine, la semaine prochaine",
       "2016-05-31",  // 30 May - 5 June: skipped
       {{"la semaine prochaine", "2016-06", kDei}}},
      {"le mois dernier, le mois prochain, ce mois-ci",
       kPub,
       {{"le mois dernier", "2016-02", kDei},
        {"le mois prochain", "2016-04", kDei},
        {"ce mois-ci", "2016-03", kDei}}},
      {"le mois dernier", "2017-01-10", {{"le mois dernier", "2016-12", kDei}}},
      {"l'année dernière, l'an dernier, l'année prochaine, cette année",
       kPub,
       {{"l'année dernière", "2015", kDei},
        {"l'an dernier", "2015", kDei},
        {"l'année prochaine", "2017", kDei},
        {"cette année", "2016", kDei}}},
  });
}

TEST(DateMentionsTest, Traps) {
  RunCases({
      // Numbers that are not years.
      {"2018 personnes, 1 500 euros, le n° 2017, à 20h15, environ 2000 membres.", kPub, {}},
      {"Il culmine à 1747 mètres ; plus de 1000 blessés ; KSN 2011a ; 2014 UZ224.", kPub, {}},
      {"Le taux est de 2016,5 ; voir photo-2009.jpg et 3,5 mars.", kPub, {}},
      {"Le code 2016 300 et 12:30.", kPub, {}},
      // Invalid days are skipped, whole.
      {"Le 31 février 2016, le 29 février 2017, le 2016-02-30 et le 31/04/2016.", kPub, {}},
      {"le 29 février", "2017-03-15", {}},
      // Habits and names are no weekdays.
      {"Chaque lundi, le mardi, du lundi au vendredi, Vendredi saint, Mardi gras.", kPub, {}},
      // "de demain", "d'hier": figurative as often as not.
      {"Les métiers de demain et le monde d'hier.", kPub, {}},
      // Out of range.
      {"En 0999 et en 2101.", kPub, {}},
  });
}

TEST(DateMentionsTest, WithoutPublicationDateOnlyAbsoluteDates) {
  RunCases({
      {"Le 3 février, hier, lundi, le mois dernier, jeudi 10, mi-mars, le 7 février 2025 et 2018.",
       "",
       {{"7 février 2025", "2025-02-07", kAbs}, {"2018", "2018", kAbs}}},
  });
}

TEST(DateMentionsTest, ByteOffsetsInAccentedText) {
  const std::string prefix = "À Montréal, dès l’été — « ";
  const std::string text = prefix + "1er février 2016 » et hier.";
  std::vector<DateMention> found = FindDateMentions(text, Date{2016, 2, 3});
  ASSERT_EQ(2u, found.size());
  EXPECT_EQ(prefix.size(), found[0].begin);
  EXPECT_EQ(prefix.size() + std::strlen("1er février 2016"), found[0].end);
  EXPECT_EQ(text.size() - std::strlen("hier."), found[1].begin);
  EXPECT_EQ(text.size() - 1, found[1].end);
  EXPECT_EQ((PartialDate{2016, 2, 2, PartialDate::Precision::kDay}), found[1].value);
}

TEST(DateMentionsTest, InvalidUtf8AndEmptyText) {
  EXPECT_TRUE(FindDateMentions("", Date{2016, 1, 1}).empty());
  const std::string text = "\xFF\xC3 le 3 mars 2016 \xE2\x82";
  std::vector<DateMention> found = FindDateMentions(text, Date{2016, 1, 1});
  ASSERT_EQ(1u, found.size());
  EXPECT_EQ("3 mars 2016", text.substr(found[0].begin, found[0].end - found[0].begin));
}

// One line per mention: its span, value and kind.
std::vector<std::string> Described(const std::vector<DateMention>& mentions) {
  std::vector<std::string> lines;
  for (const DateMention& m : mentions) {
    lines.push_back(std::to_string(m.begin) + "-" + std::to_string(m.end) + " " +
                    std::to_string(m.value.year) + "/" + std::to_string(m.value.month) + "/" +
                    std::to_string(m.value.day) + " " + KindName(m.kind));
  }
  return lines;
}

// A long text is read a window of tokens at a time: every date is found as
// in a short text, wherever the windows start and end. The text is many
// copies of one paragraph of long forms, each after a different number of
// filler words (so that window boundaries fall at every place in the
// forms); each copy gives the paragraph's own mentions, moved by where it
// starts.
TEST(DateMentionsTest, LongTextReadInWindows) {
  const std::string paragraph =
      "Du 3 au 5 mars 2016, puis les 16, 17 et 18 juillet, lundi dernier, hier, en 2016, le "
      "22/10/2016, le 2016-10-22, mi-février 2016, le mois prochain, du samedi 3 au dimanche "
      "4 juin, du 28 décembre au 3 janvier 2017, les 1er, 2, 3, 4 et 5 août 2016, du lundi 28 "
      "décembre au mardi 3 janvier 2017. ";
  const std::optional<Date> published = Date{2016, 6, 1};
  const std::vector<DateMention> alone = FindDateMentions(paragraph, published);
  ASSERT_EQ(alone.size(), 23u);
  std::string text;
  std::vector<DateMention> expected;
  for (int copy = 0; copy < 2000; ++copy) {
    for (int word = 0; word < copy % 23; ++word) text += "mot ";
    for (DateMention m : alone) {
      m.begin += text.size();
      m.end += text.size();
      expected.push_back(m);
    }
    text += paragraph;
  }
  EXPECT_EQ(Described(FindDateMentions(text, published)), Described(expected));
  // One at a time, through the sink.
  std::vector<DateMention> streamed;
  FindDateMentions(text, published, [&](const DateMention& m) { streamed.push_back(m); });
  EXPECT_EQ(Described(streamed), Described(expected));
}

}  // namespace
}  // namespace facette
