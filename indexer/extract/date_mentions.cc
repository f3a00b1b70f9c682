// Dates mentioned in French text (date_mentions.h). The text is turned into
// small tokens (words reduced to a keyword id after a cheap accent and case
// fold, numbers with their value, punctuation), a window at a time; a
// hand-written matcher walks them once, left to right. No regex and no
// allocation per word: this runs on every article at indexing time.
//
// The forms and the inference rules are documented in docs/schema.md,
// "Dates mentioned (extracted)"; the tests in
// tests/extract/date_mentions_test.cc pin each of them.
#include "indexer/extract/date_mentions.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

#include "analysis/utf8.h"

namespace facette {
namespace {

using Precision = PartialDate::Precision;
using Kind = DateMention::Kind;

// ---------------------------------------------------------------------------
// Calendar arithmetic on day numbers (schema/dates.h: DayNumber and
// DateOfDayNumber).

// 0 = Monday ... 6 = Sunday.
int Weekday(long day_number) {
  const long r = (day_number + 3) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(r < 0 ? r + 7 : r);
}

bool ValidDay(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

PartialDate DayValue(const Date& d) { return PartialDate{d.year, d.month, d.day, Precision::kDay}; }
PartialDate MonthValue(int y, int m) { return PartialDate{y, m, 0, Precision::kMonth}; }
PartialDate YearValue(int y) { return PartialDate{y, 0, 0, Precision::kYear}; }

// Which year a written day/month without a year means.
enum class YearRule {
  kNearest,  // the year that puts the date nearest to publication (ties: earlier)
  kBefore,   // "22 décembre dernier": the latest such date strictly before publication
  kAfter,    // "12 février prochain": the earliest such date strictly after
};

int InferYearOfDay(int month, int day, const Date& pub, YearRule rule) {
  const long pub_day = DayNumber(pub);
  // Day clamped for the distance only; 29 février in a common year is
  // rejected afterwards by ValidDay.
  auto day_in = [&](int y) {
    return DayNumber(Date{y, month, std::min(day, DaysInMonth(y, month))});
  };
  switch (rule) {
    case YearRule::kBefore:
      return day_in(pub.year) < pub_day ? pub.year : pub.year - 1;
    case YearRule::kAfter:
      return day_in(pub.year) > pub_day ? pub.year : pub.year + 1;
    case YearRule::kNearest:
      break;
  }
  int best = pub.year - 1;
  long best_distance = std::labs(day_in(best) - pub_day);
  for (int y = pub.year; y <= pub.year + 1; ++y) {
    const long distance = std::labs(day_in(y) - pub_day);
    if (distance < best_distance) best = y, best_distance = distance;
  }
  return best;
}

int InferYearOfMonth(int month, const Date& pub, YearRule rule) {
  switch (rule) {
    case YearRule::kBefore:
      return month < pub.month ? pub.year : pub.year - 1;
    case YearRule::kAfter:
      return month > pub.month ? pub.year : pub.year + 1;
    case YearRule::kNearest:
      break;
  }
  // Nearest in months; a tie (six months either way) goes to the past.
  const int diff = month - pub.month;
  if (diff >= 6) return pub.year - 1;
  if (diff < -6) return pub.year + 1;
  return pub.year;
}

// ---------------------------------------------------------------------------
// Keywords: the only words the matcher looks at, compared after folding.

enum Kw : std::uint8_t {
  kNone = 0,
  // 1..12: months by their full name; 13..19: weekdays Monday..Sunday.
  kLastMonth = 12,
  kMonday = 13,
  kSunday = 19,
  kMonthAbbrev,  // "janv", "sept", ...: a month only before a '.'
  kEr,           // "1er", "1re", "1ère"
  kAujourd,
  kHui,
  kHier,
  kAvant,
  kDemain,
  kApres,
  kDernier,   // dernier(s), dernière(s), passé(e)(s)
  kProchain,  // prochain(e)(s)
  kSemaine,
  kMois,
  kAnnee,
  kAnnees,  // "les années 1970"
  kAn,
  kCe,  // ce, cet, cette
  kCi,
  kLe,  // le, la, l'
  kLes,
  kDe,  // de, d', du, des, dès
  kEt,
  kAu,  // au, à, jusqu'
  kOu,
  kEn,
  kDepuis,
  kMi,
  kDebut,
  kFin,
  kCourant,
  kHabitual,    // chaque, tous: "chaque lundi" is no day
  kWeekdayOf,   // saint, gras, noir: "Vendredi saint", "Mardi gras", "Jeudi noir"
  kQuantity,    // environ, quelque(s), près, plus, moins: a count follows, not a year
  kNumberNoun,  // numéro, article, page, ligne, route, km, n°: a number follows
  kFunction,    // function words that may follow a year ("2016 pour", "2016 qui")
};

struct KwEntry {
  std::string_view word;
  Kw kw = kNone;
  std::uint8_t month = 0;  // for kMonthAbbrev
};

// The keywords, folded, by kind: space-separated words.
struct KwGroup {
  Kw kw;
  std::uint8_t month;
  const char* words;
};
constexpr KwGroup kKeywordGroups[] = {
    {Kw(1), 0, "janvier"},
    {Kw(2), 0, "fevrier"},
    {Kw(3), 0, "mars"},
    {Kw(4), 0, "avril"},
    {Kw(5), 0, "mai"},
    {Kw(6), 0, "juin"},
    {Kw(7), 0, "juillet"},
    {Kw(8), 0, "aout"},
    {Kw(9), 0, "septembre"},
    {Kw(10), 0, "octobre"},
    {Kw(11), 0, "novembre"},
    {Kw(12), 0, "decembre"},
    {Kw(13), 0, "lundi"},
    {Kw(14), 0, "mardi"},
    {Kw(15), 0, "mercredi"},
    {Kw(16), 0, "jeudi"},
    {Kw(17), 0, "vendredi"},
    {Kw(18), 0, "samedi"},
    {Kw(19), 0, "dimanche"},
    {kMonthAbbrev, 1, "janv"},
    {kMonthAbbrev, 2, "fev fevr"},
    {kMonthAbbrev, 4, "avr"},
    {kMonthAbbrev, 7, "juil"},
    {kMonthAbbrev, 9, "sept"},
    {kMonthAbbrev, 10, "oct"},
    {kMonthAbbrev, 11, "nov"},
    {kMonthAbbrev, 12, "dec"},
    {kEr, 0, "er re ere"},
    {kAujourd, 0, "aujourd"},
    {kHui, 0, "hui"},
    {kHier, 0, "hier"},
    {kAvant, 0, "avant"},
    {kDemain, 0, "demain"},
    {kApres, 0, "apres"},
    {kDernier, 0, "dernier derniere derniers dernieres passe passee passes passees"},
    {kProchain, 0, "prochain prochaine prochains prochaines"},
    {kSemaine, 0, "semaine"},
    {kMois, 0, "mois"},
    {kAnnee, 0, "annee"},
    {kAnnees, 0, "annees"},
    {kAn, 0, "an"},
    {kCe, 0, "ce cet cette"},
    {kCi, 0, "ci"},
    {kLe, 0, "le la l"},
    {kLes, 0, "les"},
    {kDe, 0, "de d du des"},
    {kEt, 0, "et"},
    {kAu, 0, "au a jusqu"},
    {kOu, 0, "ou"},
    {kEn, 0, "en"},
    {kDepuis, 0, "depuis"},
    {kMi, 0, "mi"},
    {kDebut, 0, "debut"},
    {kFin, 0, "fin"},
    {kCourant, 0, "courant"},
    {kHabitual, 0, "chaque tous"},
    {kWeekdayOf, 0, "saint gras noir"},
    {kQuantity, 0, "environ quelque quelques pres plus moins"},
    {kNumberNoun, 0, "numero article page ligne route km n no tome"},
    {kFunction, 0,
     "alors aussi aux avait avec comme contre dans devant devrait dont elle est etait etaient "
     "face grace il ils lors lorsqu lorsque mais ne ni on ont par pendant pour puis qu quand "
     "que qui s sa se selon sera seront ses son sont sous sur un une vers y"},
};

std::uint32_t HashWord(std::string_view w) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// Every word of the text is looked up: an open-addressing hash table, built
// once, keeps that to one hash and usually no string comparison.
class KeywordTable {
 public:
  KeywordTable() {
    for (const KwGroup& g : kKeywordGroups) {
      std::string_view words = g.words;
      while (!words.empty()) {
        const std::size_t space = std::min(words.find(' '), words.size());
        Insert(KwEntry{words.substr(0, space), g.kw, g.month});
        words.remove_prefix(std::min(space + 1, words.size()));
      }
    }
  }

  const KwEntry* Find(std::string_view w) const {
    const std::uint32_t h = HashWord(w);
    for (std::size_t slot = h & (kSlots - 1); slots_[slot].used; slot = (slot + 1) & (kSlots - 1)) {
      if (slots_[slot].hash == h && slots_[slot].entry.word == w) return &slots_[slot].entry;
    }
    return nullptr;
  }

 private:
  static constexpr std::size_t kSlots = 512;  // a power of two, kept under half full

  void Insert(const KwEntry& e) {
    const std::uint32_t h = HashWord(e.word);
    std::size_t slot = h & (kSlots - 1);
    while (slots_[slot].used) {
      if (slots_[slot].entry.word == e.word) return;  // a duplicate: the first wins
      slot = (slot + 1) & (kSlots - 1);
    }
    slots_[slot] = Slot{true, h, e};
    ++size_;
    if (size_ * 2 > kSlots) std::abort();  // a programming error: grow kSlots
  }

  struct Slot {
    bool used = false;
    std::uint32_t hash = 0;
    KwEntry entry;
  };
  std::array<Slot, kSlots> slots_{};
  std::size_t size_ = 0;
};

const KwEntry* LookupKeyword(std::string_view folded) {
  static const KeywordTable table;
  return table.Find(folded);
}

// ---------------------------------------------------------------------------
// Tokens.

enum class TokType : std::uint8_t { kWord, kNumber, kPunct };

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  TokType type = TokType::kPunct;
  Kw kw = kNone;             // words
  std::uint8_t aux = 0;      // month of an abbreviation
  bool space_before = true;  // white space (or the start) before the token
  bool upper = false;        // word starting with a capital
  char punct = 0;            // punctuation, normalised: '\'' for ’, '-' for hyphens,
                             // '~' for en/em dashes, '"' for quotes, 'o' for °
  std::uint8_t digits = 0;   // numbers
  int value = 0;             // numbers (saturated)
};

// How a code point >= 0x80 takes part in a word: its ASCII fold ("é" -> "e",
// "œ" -> "oe"; empty for combining accents), or not a letter.
enum class CpClass { kLetter, kSpace, kPunct };

CpClass ClassifyCp(char32_t c, const char** fold, char* punct) {
  *fold = nullptr;
  if (c == 0xA0 || c == 0x202F || c == 0x205F || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) ||
      c == 0xFEFF || c == 0x85) {
    return CpClass::kSpace;
  }
  if (c < 0xC0) {
    if (c == 0xAB || c == 0xBB)
      *punct = '"';
    else if (c == 0xB0 || c == 0xBA)
      *punct = 'o';
    else
      *punct = '?';
    return CpClass::kPunct;
  }
  if (c >= 0x2010 && c <= 0x2011) {
    *punct = '-';
    return CpClass::kPunct;
  }
  if (c >= 0x2012 && c <= 0x2015) {
    *punct = '~';
    return CpClass::kPunct;
  }
  if (c == 0x2018 || c == 0x2019 || c == 0x2032) {
    *punct = '\'';
    return CpClass::kPunct;
  }
  if (c >= 0x2016 && c <= 0x206F) {
    *punct = c == 0x2026 ? '.' : '"';
    return CpClass::kPunct;
  }
  if ((c >= 0x20A0 && c <= 0x20CF) || c == 0xD7 || c == 0xF7 || c == 0xFFFD ||
      (c >= 0x2100 && c <= 0x2BFF)) {
    *punct = '?';
    return CpClass::kPunct;
  }
  static const char* const kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i", "i",  // C0
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "?", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i", "i",  // E0
      "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "?", "y"};
  if (c <= 0xFF)
    *fold = kLatin1[c - 0xC0];
  else if (c == 0x152 || c == 0x153)
    *fold = "oe";
  else if (c == 0x1D49)
    *fold = "e";  // superscript e: "1ᵉʳ"
  else if (c == 0x2B3)
    *fold = "r";  // superscript r
  else if (c >= 0x300 && c <= 0x36F)
    *fold = "";  // combining accents (decomposed text)
  else
    *fold = "?";  // other letters: the word is no keyword
  return CpClass::kLetter;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Where tokenising stopped: the next byte, and whether white space (or the
// start of the text) comes just before it.
struct TokenizeState {
  std::size_t pos = 0;
  bool space = true;
};

// Appends the tokens of `s` from `state` on until *out holds `until` tokens
// or the text ends.
void Tokenize(std::string_view s, TokenizeState* state, std::size_t until,
              std::vector<Token>* out) {
  constexpr std::size_t kMaxFold = 12;  // longer than any keyword
  bool space = state->space;
  std::size_t i = state->pos;
  while (i < s.size() && out->size() < until) {
    const char ch = s[i];
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
      space = true;
      ++i;
      continue;
    }
    Token tok;
    tok.begin = i;
    tok.space_before = space;
    space = false;
    if (IsDigit(ch)) {
      tok.type = TokType::kNumber;
      int digits = 0;
      long value = 0;
      while (i < s.size() && IsDigit(s[i])) {
        if (value < 100000000) value = value * 10 + (s[i] - '0');
        ++digits, ++i;
      }
      tok.digits = static_cast<std::uint8_t>(std::min(digits, 255));
      tok.value = static_cast<int>(value);
      tok.end = i;
      out->push_back(tok);
      continue;
    }
    // A word: ASCII letters and letters beyond ASCII, folded on the fly.
    char folded[kMaxFold + 1];
    std::size_t flen = 0;
    bool keyword_possible = true;
    std::size_t j = i;
    while (j < s.size()) {
      const char c = s[j];
      if (IsAsciiLetter(c)) {
        if (flen < kMaxFold)
          folded[flen++] = static_cast<char>(c | 0x20);
        else
          keyword_possible = false;
        ++j;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x80) break;
      std::size_t len = 0;
      const char32_t cp = utf8::Decode(s, j, &len);
      const char* fold = nullptr;
      char punct = 0;
      if (ClassifyCp(cp, &fold, &punct) != CpClass::kLetter) break;
      for (const char* f = fold; *f; ++f) {
        if (*f == '?' || flen >= kMaxFold)
          keyword_possible = false;
        else
          folded[flen++] = *f;
      }
      j += len;
    }
    if (j > i) {
      tok.type = TokType::kWord;
      tok.end = j;
      tok.upper =
          (ch >= 'A' && ch <= 'Z') || (static_cast<unsigned char>(ch) == 0xC3 && j > i + 1 &&
                                       static_cast<unsigned char>(s[i + 1]) < 0x9F);
      if (keyword_possible && flen > 0) {
        if (const KwEntry* e = LookupKeyword(std::string_view(folded, flen))) {
          tok.kw = e->kw;
          tok.aux = e->month;
        }
      }
      out->push_back(tok);
      i = j;
      continue;
    }
    // Not a letter: white space or punctuation.
    std::size_t len = 1;
    char punct = ch;
    if (static_cast<unsigned char>(ch) >= 0x80) {
      const char32_t cp = utf8::Decode(s, i, &len);
      const char* fold = nullptr;
      if (ClassifyCp(cp, &fold, &punct) == CpClass::kSpace) {
        space = true;
        i += len;
        continue;
      }
    }
    tok.type = TokType::kPunct;
    tok.punct = punct;
    tok.end = i + len;
    out->push_back(tok);
    i += len;
  }
  state->pos = i;
  state->space = space;
}

// ---------------------------------------------------------------------------
// The matcher.

class Matcher {
 public:
  // `tokens` are a window of the text's tokens (FindDateMentions).
  Matcher(const std::vector<Token>& tokens, const std::optional<Date>& published,
          std::vector<DateMention>* out)
      : t_(tokens), n_(tokens.size()), pub_(published), out_(out) {
    if (pub_) pub_day_ = DayNumber(*pub_);
  }

  // Matches from token i on while before token `until`; returns where the
  // next match may start (`until` or past it).
  std::size_t Run(std::size_t i, std::size_t until) {
    while (i < until) {
      const std::size_t next = MatchAt(i);
      i = next > i ? next : i + 1;
    }
    return i;
  }

 private:
  static constexpr std::size_t kFail = 0;

  // --- Token predicates.
  bool Word(std::size_t i, Kw kw) const {
    return i < n_ && t_[i].type == TokType::kWord && t_[i].kw == kw;
  }
  bool Punct(std::size_t i, char c) const {
    return i < n_ && t_[i].type == TokType::kPunct && t_[i].punct == c;
  }
  bool Number(std::size_t i) const { return i < n_ && t_[i].type == TokType::kNumber; }
  // Token i touches the one before it (no white space between).
  bool Tight(std::size_t i) const { return i < n_ && !t_[i].space_before; }
  int MonthWord(std::size_t i) const {
    return i < n_ && t_[i].type == TokType::kWord && t_[i].kw >= 1 && t_[i].kw <= kLastMonth
               ? t_[i].kw
               : 0;
  }
  int WeekdayWord(std::size_t i) const {  // 0 = Monday, -1 = none
    return i < n_ && t_[i].type == TokType::kWord && t_[i].kw >= kMonday && t_[i].kw <= kSunday
               ? t_[i].kw - kMonday
               : -1;
  }
  // "dernier" or "prochain" at i.
  bool Modifier(std::size_t i, YearRule* rule) const {
    if (Word(i, kDernier)) {
      *rule = YearRule::kBefore;
      return true;
    }
    if (Word(i, kProchain)) {
      *rule = YearRule::kAfter;
      return true;
    }
    return false;
  }

  // A month name at i ("mars", "janv."); the month and the index after it.
  int Month(std::size_t i, std::size_t* next) const {
    if (int m = MonthWord(i)) {
      *next = i + 1;
      return m;
    }
    if (Word(i, kMonthAbbrev) && Punct(i + 1, '.') && Tight(i + 1)) {
      *next = i + 2;
      return t_[i].aux;
    }
    return 0;
  }

  // A number that is cut off from a bigger one: "3,5", "10:30", "20h", "n°3".
  // `after_dash`: "9" in "8-9 avril" stands alone (a range read from its start).
  bool NumberStandsAlone(std::size_t i, bool after_dash = false) const {
    if (i > 0 && Tight(i) && !(after_dash && Punct(i - 1, '-'))) {
      const Token& prev = t_[i - 1];
      if (prev.type == TokType::kWord) return false;
      if (prev.type == TokType::kPunct) {
        if (prev.punct == 'o') return false;
        if ((prev.punct == ',' || prev.punct == '.' || prev.punct == ':' || prev.punct == '/' ||
             prev.punct == '-') &&
            i >= 2 && Number(i - 2) && Tight(i - 1)) {
          return false;
        }
      }
    }
    if (i + 1 < n_ && Tight(i + 1)) {
      const Token& next = t_[i + 1];
      if (next.type == TokType::kWord && next.kw != kEr) return false;
      if (next.type == TokType::kPunct &&
          (next.punct == ',' || next.punct == '.' || next.punct == ':' || next.punct == '/') &&
          Number(i + 2) && Tight(i + 2)) {
        return false;
      }
    }
    return true;
  }

  // A day of the month at i: "7", "07", "1er", "1 er"; *next after it.
  int Day(std::size_t i, std::size_t* next, bool after_dash = false) const {
    if (!Number(i) || t_[i].digits > 2 || t_[i].value < 1 || t_[i].value > 31) return 0;
    if (!NumberStandsAlone(i, after_dash)) return 0;
    *next = i + 1;
    if (t_[i].value == 1 && Word(i + 1, kEr)) *next = i + 2;
    return t_[i].value;
  }

  // A written year at i: four digits, 1000 to 2100, not part of a bigger
  // number or a code ("2011a").
  int Year(std::size_t i) const {
    if (!Number(i) || t_[i].digits != 4 || t_[i].value < 1000 || t_[i].value > 2100) return 0;
    if (i + 1 < n_ && Tight(i + 1)) {
      const Token& next = t_[i + 1];
      if (next.type == TokType::kWord) return 0;
      // "2016,5", and file names ("2009.jpg").
      if (next.type == TokType::kPunct && (next.punct == ',' || next.punct == '.') && i + 2 < n_ &&
          t_[i + 2].type != TokType::kPunct && Tight(i + 2)) {
        return 0;
      }
    }
    return t_[i].value;
  }

  void Emit(std::size_t begin_tok, std::size_t end_tok, const PartialDate& value, Kind kind) {
    DateMention m;
    m.begin = t_[begin_tok].begin;
    m.end = t_[end_tok].end;
    m.value = value;
    m.kind = kind;
    out_->push_back(m);
  }

  // --- Matchers. Each returns the index after what it consumed, or kFail.

  std::size_t MatchAt(std::size_t i) {
    const Token& tok = t_[i];
    if (tok.type == TokType::kNumber) {
      if (std::size_t r = IsoDate(i)) return r;
      if (std::size_t r = NumericDate(i)) return r;
      if (std::size_t r = DayChain(i, i)) return r;
      return BareYear(i);
    }
    if (tok.type != TokType::kWord) return kFail;
    if (WeekdayWord(i) >= 0) return WeekdayStart(i);
    if (MonthWord(i) || tok.kw == kMonthAbbrev) return MonthStart(i, i, /*cue=*/false);
    switch (tok.kw) {
      case kMi:
        if (Punct(i + 1, '-')) return CueStart(i, i + 2);
        return kFail;
      case kDebut:
      case kFin:
      case kCourant:
        return CueStart(i, i + 1);
      case kMois:
        if ((Word(i + 1, kDe)) && MonthWord(i + 2)) return MonthStart(i, i + 2, true);
        if (Word(i + 1, kDe) && Punct(i + 2, '\'') && MonthWord(i + 3)) {
          return MonthStart(i, i + 3, true);
        }
        return RelativePeriod(i);
      case kSemaine:
      case kAnnee:
      case kAn:
        return RelativePeriod(i);
      case kCe:
        return ThisPeriod(i);
      case kAujourd:
        if (Punct(i + 1, '\'') && Word(i + 2, kHui)) return RelativeDay(i, i + 2, 0);
        return kFail;
      case kHier:
        if (PrevIsDe(i)) return kFail;
        return RelativeDay(i, i, -1);
      case kDemain:
        if (PrevIsDe(i)) return kFail;
        return RelativeDay(i, i, 1);
      case kAvant:
        if (Punct(i + 1, '-') && Word(i + 2, kHier)) return RelativeDay(i, i + 2, -2);
        return kFail;
      case kApres:
        if (Punct(i + 1, '-') && Word(i + 2, kDemain)) return RelativeDay(i, i + 2, 2);
        return kFail;
      default:
        return kFail;
    }
  }

  // "d'hier", "de demain": figurative ("le monde d'hier") as often as not.
  bool PrevIsDe(std::size_t i) const {
    return (i > 0 && Word(i - 1, kDe)) || (i > 1 && Punct(i - 1, '\'') && Word(i - 2, kDe));
  }

  // "2016-10-22"
  std::size_t IsoDate(std::size_t i) {
    if (!(Number(i) && t_[i].digits == 4 && Punct(i + 1, '-') && Tight(i + 1) && Number(i + 2) &&
          t_[i + 2].digits == 2 && Tight(i + 2) && Punct(i + 3, '-') && Tight(i + 3) &&
          Number(i + 4) && t_[i + 4].digits == 2 && Tight(i + 4))) {
      return kFail;
    }
    if (i > 0 && Tight(i) && t_[i - 1].type != TokType::kPunct) return kFail;
    if (i + 5 < n_ && Tight(i + 5) && t_[i + 5].type != TokType::kPunct) return kFail;
    const int y = t_[i].value, m = t_[i + 2].value, d = t_[i + 4].value;
    if (ValidDay(y, m, d)) Emit(i, i + 4, DayValue(Date{y, m, d}), Kind::kAbsolute);
    return i + 5;  // an invalid ISO date is consumed silently
  }

  // "22/10/2016", "22.10.2016"
  std::size_t NumericDate(std::size_t i) {
    if (!(Number(i) && t_[i].digits <= 2 && i + 4 < n_)) return kFail;
    const char sep = t_[i + 1].punct;
    if (!((sep == '/' || sep == '.') && Punct(i + 1, sep) && Tight(i + 1) && Number(i + 2) &&
          t_[i + 2].digits <= 2 && Tight(i + 2) && Punct(i + 3, sep) && Tight(i + 3) &&
          Number(i + 4) && t_[i + 4].digits == 4 && Tight(i + 4))) {
      return kFail;
    }
    if (i > 0 && Tight(i) && (t_[i - 1].type != TokType::kPunct || t_[i - 1].punct == sep)) {
      return kFail;
    }
    if (i + 5 < n_ && Tight(i + 5) &&
        (t_[i + 5].type != TokType::kPunct || (t_[i + 5].punct == sep && Number(i + 6)))) {
      return kFail;
    }
    const int d = t_[i].value, m = t_[i + 2].value, y = t_[i + 4].value;
    if (ValidDay(y, m, d)) Emit(i, i + 4, DayValue(Date{y, m, d}), Kind::kAbsolute);
    return i + 5;
  }

  struct ChainDay {
    int day;
    std::size_t begin_tok;  // the day, or the weekday before it
    std::size_t end_tok;
  };

  // One or more days then a month: "7 février 2025", "le 3 février", "1er
  // janvier", "du 3 au 5 mars", "les 16, 17 et 18 juillet", "8-9 avril",
  // "du samedi 3 au dimanche 4 juin", "22 décembre dernier". `begin_tok` is
  // where the first mention starts (a weekday before the day).
  std::size_t DayChain(std::size_t i, std::size_t begin_tok) {
    constexpr std::size_t kMaxDays = 8;
    std::array<ChainDay, kMaxDays> days{};
    std::size_t count = 0;
    std::size_t j = 0;
    int d = Day(i, &j);
    if (d == 0) return kFail;
    days[count++] = ChainDay{d, begin_tok, j - 1};
    std::size_t month_next = 0;
    int month = 0;
    while (true) {
      month = Month(j, &month_next);
      if (month) break;
      // A connector: ",", "-", "–", "et", "au", "à", "ou", "jusqu'au".
      std::size_t k = j;
      std::size_t connectors = 0;
      while (k < n_ && connectors < 3 &&
             (Punct(k, ',') || Punct(k, '-') || Punct(k, '~') || Punct(k, '\'') || Word(k, kEt) ||
              Word(k, kAu) || Word(k, kOu))) {
        ++k, ++connectors;
      }
      if (connectors == 0 || count == kMaxDays) return kFail;
      if (Word(k, kLe)) ++k;
      std::size_t day_begin = k;
      if (WeekdayWord(k) >= 0) ++k;
      std::size_t after = 0;
      const int next_day = Day(k, &after, /*after_dash=*/true);
      if (next_day <= days[count - 1].day) return kFail;
      days[count++] = ChainDay{next_day, day_begin, after - 1};
      j = after;
    }
    // The year: written, borrowed from a following "au 3 mars 2016", or inferred.
    std::size_t end_tok = month_next - 1;
    Kind kind = Kind::kAbsolute;
    int year = Year(month_next);
    if (year && !t_[month_next].space_before) year = 0;
    if (year) {
      end_tok = month_next;
    } else {
      YearRule rule = YearRule::kNearest;
      if (Modifier(month_next, &rule)) end_tok = month_next;
      int borrowed = rule == YearRule::kNearest ? BorrowedYear(month_next, month) : 0;
      if (borrowed) {
        year = borrowed;
      } else {
        if (!pub_) return end_tok + 1;
        year = InferYearOfDay(month, days[count - 1].day, *pub_, rule);
        kind = Kind::kYearInferred;
      }
    }
    for (std::size_t c = 0; c < count; ++c) {
      if (!ValidDay(year, month, days[c].day)) continue;
      Emit(days[c].begin_tok, c + 1 == count ? end_tok : days[c].end_tok,
           DayValue(Date{year, month, days[c].day}), kind);
    }
    return end_tok + 1;
  }

  // The year of "28 février" in "du 28 février au 3 mars 2016" or of
  // "avril" in "avril et mai 2017": the year written after the next date of
  // the range or list, one less if that date's month comes earlier in the
  // year ("du 28 décembre au 3 janvier 2017").
  int BorrowedYear(std::size_t k, int month) const {
    // No comma: "mi-mars, le 7 février 2025" are two dates.
    std::size_t connectors = 0;
    while (k < n_ && connectors < 3 &&
           (Punct(k, '-') || Punct(k, '~') || Punct(k, '\'') || Word(k, kEt) || Word(k, kAu) ||
            Word(k, kOu))) {
      ++k, ++connectors;
    }
    if (connectors == 0) return 0;
    if (Word(k, kLe)) ++k;
    if (WeekdayWord(k) >= 0) ++k;
    std::size_t after = k;
    if (Number(k)) {
      if (Day(k, &after) == 0) return 0;
    }
    std::size_t month_next = 0;
    const int next_month = Month(after, &month_next);
    if (!next_month) return 0;
    const int year = Year(month_next);
    if (!year || !t_[month_next].space_before) return 0;
    return next_month < month ? year - 1 : year;
  }

  // A month name not after a day: "février 2025", "en mars dernier", "avril
  // et mai 2017", and after a cue ("mi-février", "fin mars", "en mars").
  std::size_t MonthStart(std::size_t begin_tok, std::size_t i, bool cue) {
    std::size_t j = 0;
    const int month = Month(i, &j);
    if (!month) return kFail;
    // "mois d'avril 2016", "mois de mai": the year may follow.
    if (int year = Year(j); year && t_[j].space_before) {
      Emit(begin_tok, j, MonthValue(year, month), Kind::kAbsolute);
      return j + 1;
    }
    YearRule rule = YearRule::kNearest;
    if (Modifier(j, &rule)) {
      if (!pub_) return j + 1;
      Emit(begin_tok, j, MonthValue(InferYearOfMonth(month, *pub_, rule), month),
           Kind::kYearInferred);
      return j + 1;
    }
    if (int borrowed = BorrowedYear(j, month)) {
      Emit(begin_tok, j - 1, MonthValue(borrowed, month), Kind::kAbsolute);
      return j;
    }
    // A month alone needs a cue: "en mai" is left out (the gold does not
    // count it) and "Mars" is as often the planet.
    if (!cue || !pub_ || t_[i].kw == kMonthAbbrev) return kFail;
    Emit(begin_tok, j - 1, MonthValue(InferYearOfMonth(month, *pub_, rule), month),
         Kind::kYearInferred);
    return j;
  }

  // "début 2017", "fin mars", "mi-février 2016", "courant avril". `i` is the
  // token after the cue.
  std::size_t CueStart(std::size_t cue_tok, std::size_t i) {
    if (int year = Year(i); year && t_[cue_tok].kw != kCourant) {
      Emit(cue_tok, i, YearValue(year), Kind::kAbsolute);
      return i + 1;
    }
    return MonthStart(cue_tok, i, true);
  }

  // "7 février" with a weekday before, "jeudi 26", "lundi (12)", "lundi
  // dernier", "mardi prochain", and a bare "lundi".
  std::size_t WeekdayStart(std::size_t i) {
    const int weekday = WeekdayWord(i);
    if (Number(i + 1)) {
      if (std::size_t r = DayChain(i + 1, i)) return r;
      std::size_t after = 0;
      if (const int day = Day(i + 1, &after)) return WeekdayAndDay(i, after - 1, weekday, day);
      return kFail;
    }
    if (Punct(i + 1, '(') && Number(i + 2) && t_[i + 2].digits <= 2 && Punct(i + 3, ')')) {
      return WeekdayAndDay(i, i + 3, weekday, t_[i + 2].value);
    }
    if (!pub_) return kFail;
    const int pub_weekday = Weekday(pub_day_);
    YearRule rule = YearRule::kNearest;
    if (Modifier(i + 1, &rule)) {
      // Strictly before or after publication, within a week.
      long offset = rule == YearRule::kBefore ? -((pub_weekday - weekday + 7) % 7)
                                              : (weekday - pub_weekday + 7) % 7;
      if (offset == 0) offset = rule == YearRule::kBefore ? -7 : 7;
      Emit(i, i + 1, DayValue(DateOfDayNumber(pub_day_ + offset)), Kind::kDeictic);
      return i + 2;
    }
    // A bare weekday: not a habit ("le lundi", "chaque lundi", "du lundi au
    // vendredi"), not a feast or a part of a name ("Vendredi saint").
    if (i > 0 && (Word(i - 1, kLe) || Word(i - 1, kLes) || Word(i - 1, kHabitual) ||
                  Word(i - 1, kDe) || Word(i - 1, kAu))) {
      return kFail;
    }
    if (Word(i + 1, kWeekdayOf) || Word(i + 1, kDe) || (Punct(i + 1, '-') && Tight(i + 1))) {
      return kFail;
    }
    if (t_[i].upper && i > 0 && t_[i - 1].type == TokType::kWord) return kFail;
    // News usage: the nearest such day, looking back up to four days and
    // ahead up to two (reports mostly recount the days just past).
    long offset = (weekday - pub_weekday + 7) % 7;  // 0..6 ahead
    if (offset > kWeekdayAhead) offset -= 7;
    Emit(i, i, DayValue(DateOfDayNumber(pub_day_ + offset)), Kind::kDeictic);
    return i + 1;
  }

  // "jeudi 26": the day of that number and weekday nearest to publication,
  // within about two weeks either way.
  std::size_t WeekdayAndDay(std::size_t begin_tok, std::size_t end_tok, int weekday, int day) {
    if (!pub_) return end_tok + 1;
    for (long distance = 0; distance <= 16; ++distance) {
      for (long sign : {-1L, 1L}) {
        const long dn = pub_day_ + sign * distance;
        const Date date = DateOfDayNumber(dn);
        if (date.day == day && Weekday(dn) == weekday) {
          Emit(begin_tok, end_tok, DayValue(date), Kind::kYearInferred);
          return end_tok + 1;
        }
      }
    }
    return end_tok + 1;
  }

  // "aujourd'hui", "hier", "avant-hier", "demain", "après-demain".
  std::size_t RelativeDay(std::size_t begin_tok, std::size_t end_tok, long offset) {
    if (!pub_) return end_tok + 1;
    Emit(begin_tok, end_tok, DayValue(DateOfDayNumber(pub_day_ + offset)), Kind::kDeictic);
    return end_tok + 1;
  }

  // The start of "le mois", "la semaine", "l'année", "l'an" before token i.
  std::size_t ArticleBefore(std::size_t i) const {
    if (i >= 2 && Punct(i - 1, '\'') && Word(i - 2, kLe)) return i - 2;
    if (i >= 1 && Word(i - 1, kLe)) return i - 1;
    return i;
  }

  // "la semaine dernière", "le mois prochain", "l'année dernière", "l'an
  // passé". `i` is the period noun.
  std::size_t RelativePeriod(std::size_t i) {
    YearRule rule = YearRule::kNearest;
    if (!Modifier(i + 1, &rule)) return kFail;
    if (!pub_) return i + 2;
    const int step = rule == YearRule::kBefore ? -1 : 1;
    EmitPeriod(ArticleBefore(i), i + 1, t_[i].kw, step);
    return i + 2;
  }

  // "cette année", "ce mois-ci", "ce mois", "cette semaine".
  std::size_t ThisPeriod(std::size_t i) {
    const Kw noun = i + 1 < n_ ? t_[i + 1].kw : kNone;
    if (noun != kAnnee && noun != kMois && noun != kSemaine) return kFail;
    std::size_t end = i + 1;
    if (Punct(i + 2, '-') && Word(i + 3, kCi)) end = i + 3;
    if (!pub_) return end + 1;
    EmitPeriod(i, end, noun, 0);
    return end + 1;
  }

  void EmitPeriod(std::size_t begin_tok, std::size_t end_tok, Kw noun, int step) {
    const Date& pub = *pub_;
    if (noun == kAnnee || noun == kAn) {
      Emit(begin_tok, end_tok, YearValue(pub.year + step), Kind::kDeictic);
    } else if (noun == kMois) {
      int y = pub.year, m = pub.month + step;
      if (m == 0) m = 12, --y;
      if (m == 13) m = 1, ++y;
      Emit(begin_tok, end_tok, MonthValue(y, m), Kind::kDeictic);
    } else if (noun == kSemaine) {
      // Weeks run Monday to Sunday; a week is given as its month when all
      // its days are in one month, and skipped otherwise.
      const long monday = pub_day_ - Weekday(pub_day_) + 7L * step;
      const Date first = DateOfDayNumber(monday);
      const Date last = DateOfDayNumber(monday + 6);
      if (first.year == last.year && first.month == last.month) {
        Emit(begin_tok, end_tok, MonthValue(first.year, first.month), Kind::kDeictic);
      }
    }
  }

  // A year written alone: "en 2016", "2018". Four-digit numbers that count
  // things ("2018 personnes", "environ 2000 membres") or label them ("n°
  // 2017", "KSN 2011a", "1 500") are not years.
  std::size_t BareYear(std::size_t i) {
    const int year = Year(i);
    // "2015-2016", "2015/2016": a season, both years.
    const bool second_of_pair = i >= 2 && Tight(i) && (Punct(i - 1, '-') || Punct(i - 1, '/')) &&
                                Tight(i - 1) && Year(i - 2);
    if (!year || !(second_of_pair || NumberStandsAlone(i))) return kFail;
    if (i > 0) {
      const Token& prev = t_[i - 1];
      if (prev.type == TokType::kWord && (prev.kw == kQuantity || prev.kw == kNumberNoun)) {
        return kFail;
      }
      if (prev.kw == kDe && i > 1 && Word(i - 2, kQuantity)) return kFail;  // "plus de 1000"
      if (prev.type == TokType::kPunct &&
          (prev.punct == 'o' || (prev.punct == '.' && i > 1 && Word(i - 2, kNumberNoun)))) {
        return kFail;  // "n° 2017", "no. 2017"
      }
    }
    if (i + 1 < n_) {
      const Token& next = t_[i + 1];
      if (next.type == TokType::kNumber && next.digits == 3) return kFail;  // "2016 300"
      if (next.type == TokType::kWord && !next.upper &&
          (next.kw == kNone || next.kw == kQuantity || next.kw == kNumberNoun) && !second_of_pair &&
          !StrongYearCue(i)) {
        return kFail;  // "2018 personnes", "1747 mètres"
      }
      // "2014 UZ224": a code.
      if (next.type == TokType::kWord && Number(i + 2) && Tight(i + 2)) return kFail;
    }
    Emit(i, i, YearValue(year), Kind::kAbsolute);
    return i + 1;
  }

  // Words before a number that make it a year whatever follows ("en 2016
  // commence", "depuis 2012 déjà").
  bool StrongYearCue(std::size_t i) const {
    if (i == 0) return false;
    const Kw kw = t_[i - 1].kw;
    return kw == kEn || kw == kDepuis || kw == kAnnee || kw == kAnnees || kw == kAn ||
           kw == kDebut || kw == kFin || kw == kAvant || kw == kApres ||
           (kw >= 1 && kw <= kLastMonth);
  }

  static constexpr long kWeekdayAhead = 0;

  const std::vector<Token>& t_;
  const std::size_t n_;
  const std::optional<Date>& pub_;
  long pub_day_ = 0;
  std::vector<DateMention>* out_;
};

// The text is read a window of tokens at a time. A match starting at token
// i reads no token before i - 2 (the words before a year or a weekday) and
// none past i + 100 (the longest form, about 65 tokens: a list of 8 days, each after up to 3
// connectors, an article and a weekday, then the month, a year and a range's
// borrowed year), so the windows overlap by those margins and give the
// matches of the whole text.
constexpr std::size_t kWindowTokens = 4096;
constexpr std::size_t kLookbehind = 2;
constexpr std::size_t kLookahead = 128;

}  // namespace

std::vector<DateMention> FindDateMentions(std::string_view text,
                                          const std::optional<Date>& published) {
  std::vector<DateMention> mentions;
  FindDateMentions(text, published, [&mentions](const DateMention& m) { mentions.push_back(m); });
  return mentions;
}

void FindDateMentions(std::string_view text, const std::optional<Date>& published,
                      const std::function<void(const DateMention&)>& sink) {
  if (published && !ValidDay(published->year, published->month, published->day)) {
    FindDateMentions(text, std::nullopt, sink);
    return;
  }
  // Reused per thread: tokenising allocates nothing once they have grown to
  // a window.
  thread_local std::vector<Token> tokens;
  thread_local std::vector<DateMention> found;
  tokens.clear();
  TokenizeState state;
  std::size_t i = 0;  // the next token to match from
  while (true) {
    Tokenize(text, &state, i + kWindowTokens + kLookahead, &tokens);
    const bool ended = state.pos >= text.size();
    const std::size_t until =
        ended ? tokens.size() : (tokens.size() > kLookahead ? tokens.size() - kLookahead : 0);
    found.clear();
    i = Matcher(tokens, published, &found).Run(i, until);
    for (const DateMention& m : found) sink(m);
    if (ended) break;
    const std::size_t drop = i > kLookbehind ? i - kLookbehind : 0;
    tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(drop));
    i -= drop;
  }
}

}  // namespace facette
