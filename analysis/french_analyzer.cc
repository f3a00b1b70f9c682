// The French analyzer (french_analyzer.h).
//
// The tokenizer is hand-written rather than ICU's BreakIterator: the word
// break rules French needs are few (see the header), and a byte loop with a
// table for ASCII and ICU character properties for the rest runs several
// times faster than BreakIterator plus a normaliser pass. Folding is done per
// character from a table computed once with FoldText (fold.h), which gives
// the same result as FoldText on the whole word: NFKD decomposes character by
// character, and the marks that canonical reordering would move are removed.
#include "analysis/french_analyzer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "analysis/fold.h"
#include "analysis/utf8.h"

namespace facette {
namespace {

enum class CharClass : std::uint8_t {
  kSeparator,
  kWord,        // letter, digit or combining mark
  kIgnorable,   // soft hyphen, joiners: dropped, do not break a word
  kApostrophe,  // ' ’ ʼ ` ´ ‘ ＇
  kHyphen,      // - ‐ ‑ ﹣ －
};

constexpr std::array<CharClass, 128> MakeAsciiClasses() {
  std::array<CharClass, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    classes[c] = alnum ? CharClass::kWord : CharClass::kSeparator;
  }
  classes['\''] = CharClass::kApostrophe;
  classes['`'] = CharClass::kApostrophe;
  classes['-'] = CharClass::kHyphen;
  return classes;
}
constexpr std::array<CharClass, 128> kAsciiClasses = MakeAsciiClasses();

CharClass ClassifyNonAscii(char32_t c) {
  switch (c) {
    case 0x2019:  // ’ right single quotation mark, the French typographic apostrophe
    case 0x02BC:  // ʼ modifier letter apostrophe (a letter for ICU: test it first)
    case 0x00B4:  // ´ acute accent, typed for an apostrophe
    case 0x2018:  // ‘ left single quotation mark, a frequent mistake for ’
    case 0xFF07:  // ＇ full-width apostrophe
      return CharClass::kApostrophe;
    case 0x2010:  // ‐ hyphen
    case 0x2011:  // ‑ non-breaking hyphen
    case 0xFE63:  // ﹣ small hyphen-minus
    case 0xFF0D:  // － full-width hyphen-minus
      return CharClass::kHyphen;
    case 0x00AD:  // soft hyphen
    case 0x200C:  // zero width non-joiner
    case 0x200D:  // zero width joiner
    case 0x2060:  // word joiner
    case 0xFEFF:  // zero width no-break space (BOM)
      return CharClass::kIgnorable;
    default:
      break;
  }
  const auto uc = static_cast<UChar32>(c);
  if (u_isalnum(uc)) return CharClass::kWord;
  switch (u_charType(uc)) {
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
      return CharClass::kWord;
    default:
      return CharClass::kSeparator;
  }
}

// `word` without the characters the tokenizer drops from terms (soft
// hyphen, joiners: CharClass::kIgnorable), in `buffer` when it has any: the
// accented stem is made from the word as written, and a stem with a joiner
// in it is one no query reaches.
std::string_view WithoutIgnorables(std::string_view word, std::string* buffer) {
  bool copying = false;
  std::size_t pos = 0;
  while (pos < word.size()) {
    const auto b = static_cast<unsigned char>(word[pos]);
    std::size_t len = 1;
    const bool ignorable =
        b >= 0x80 && ClassifyNonAscii(utf8::Decode(word, pos, &len)) == CharClass::kIgnorable;
    if (ignorable && !copying) {
      buffer->assign(word.substr(0, pos));
      copying = true;
    } else if (!ignorable && copying) {
      buffer->append(word.substr(pos, len));
    }
    pos += len;
  }
  return copying ? std::string_view(*buffer) : word;
}

// FoldText of single characters, computed once for the ranges French text
// uses (Latin, Greek, Cyrillic, punctuation, letterlike symbols, ligatures,
// full-width forms); other characters are folded with ICU when met.
class FoldTable {
 public:
  FoldTable() {
    for (char32_t c = kLowBegin; c < kLowEnd; ++c) low_[c - kLowBegin] = FoldOne(c);
    for (char32_t c = kHighBegin; c < kHighEnd; ++c) high_[c - kHighBegin] = FoldOne(c);
  }

  void Append(char32_t c, std::string* out) const {
    if (c >= kLowBegin && c < kLowEnd) {
      out->append(low_[c - kLowBegin]);
    } else if (c >= kHighBegin && c < kHighEnd) {
      out->append(high_[c - kHighBegin]);
    } else {
      out->append(FoldOne(c));
    }
  }

 private:
  static constexpr char32_t kLowBegin = 0x80;
  static constexpr char32_t kLowEnd = 0x3000;
  static constexpr char32_t kHighBegin = 0xFB00;
  static constexpr char32_t kHighEnd = 0x10000;

  static std::string FoldOne(char32_t c) {
    std::string utf8;
    utf8::Append(c, &utf8);
    return FoldText(utf8);
  }

  std::array<std::string, kLowEnd - kLowBegin> low_;
  std::array<std::string, kHighEnd - kHighBegin> high_;
};

const FoldTable& Folds() {
  static const FoldTable* const table = new FoldTable();
  return *table;
}

constexpr std::array<char, 128> MakeAsciiLower() {
  std::array<char, 128> lower{};
  for (int c = 0; c < 128; ++c) {
    lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return lower;
}
constexpr std::array<char, 128> kAsciiLower = MakeAsciiLower();

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAsciiText(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Elided articles and pronouns (folded, without their apostrophe).
bool IsElision(std::string_view word) {
  switch (word.size()) {
    case 1:
      switch (word[0]) {
        case 'l':
        case 'd':
        case 'j':
        case 'm':
        case 'n':
        case 's':
        case 't':
        case 'c':
          return true;
        default:
          return false;
      }
    case 2:
      return word == "qu";
    case 5:
      return word == "jusqu";
    case 6:
      return word == "lorsqu" || word == "puisqu" || word == "quoiqu" || word == "presqu";
    default:
      return false;
  }
}

// Words whose apostrophe is part of the word; the first part is the prefix.
bool IsLexicalApostrophePrefix(std::string_view word) {
  return word == "aujourd" || word == "prud" || word == "quelqu";
}
bool IsLexicalApostropheWord(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kWords = {
      "aujourd'hui",  "prud'homme",  "prud'hommes", "prud'homal", "prud'homale",
      "prud'homales", "prud'homaux", "prud'homie",  "quelqu'un",  "quelqu'une",
  };
  for (std::string_view lexical : kWords) {
    if (word == lexical) return true;
  }
  return false;
}

// Length of a thousands separator at text[i] (one space, U+00A0, U+202F,
// U+2009 or U+2007), 0 if there is none.
std::size_t ThousandsSeparatorLength(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == ' ') return 1;
  if (text.compare(i, 2, "\u00A0") == 0) return 2;
  if (text.compare(i, 3, "\u202F") == 0 || text.compare(i, 3, "\u2009") == 0 ||
      text.compare(i, 3, "\u2007") == 0) {
    return 3;
  }
  return 0;
}

CharClass ClassAt(std::string_view text, std::size_t i, std::size_t* len) {
  if (i >= text.size()) {
    *len = 0;
    return CharClass::kSeparator;
  }
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    *len = 1;
    return kAsciiClasses[b];
  }
  return ClassifyNonAscii(utf8::Decode(text, i, len));
}

// Case folding and NFC, accents kept (AccentHandling::kKeep).
void CaseFoldNfc(const std::string& raw, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  text.foldCase();
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString normalized = nfc->normalize(text, status);
    if (U_SUCCESS(status)) text = std::move(normalized);
  }
  out->clear();
  text.toUTF8String(*out);
}

class FrenchQueryStem : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override { return stemmer_.Stem(FoldText(word)); }
  std::string get_description() const override { return "facette::FrenchQueryStem()"; }

 private:
  FrenchStemmer stemmer_{256};  // a query has few words
};

}  // namespace

FrenchTokenizer::FrenchTokenizer(std::string_view text, AccentHandling accents)
    : text_(text), accents_(accents) {}

void FrenchTokenizer::SkipTo(std::size_t offset) {
  pos_ = offset;
  pending_join_ = TokenJoin::kNone;
}

bool FrenchTokenizer::IsWordCharAt(std::size_t offset) const {
  std::size_t len = 0;
  return ClassAt(text_, offset, &len) == CharClass::kWord;
}

bool FrenchTokenizer::SkipToWordStart() {
  while (pos_ < text_.size()) {
    const auto b = static_cast<unsigned char>(text_[pos_]);
    if (b < 0x80) {
      if (kAsciiClasses[b] == CharClass::kWord) return true;
      ++pos_;
      continue;
    }
    std::size_t len = 0;
    if (ClassifyNonAscii(utf8::Decode(text_, pos_, &len)) == CharClass::kWord) return true;
    pos_ += len;
  }
  return false;
}

void FrenchTokenizer::AppendFolded(char32_t c) { Folds().Append(c, &term_); }

// Reads word characters from pos_ (at a word character) into term_.
void FrenchTokenizer::ReadSegment() {
  const bool keep = accents_ == AccentHandling::kKeep;
  std::size_t ascii_digits = 0;
  bool only_ascii_digits = true;
  while (pos_ < text_.size()) {
    const char byte = text_[pos_];
    const auto b = static_cast<unsigned char>(byte);
    if (b < 0x80) {
      if (kAsciiClasses[b] != CharClass::kWord) break;
      if (IsAsciiDigit(byte)) {
        ++ascii_digits;
      } else {
        only_ascii_digits = false;
      }
      term_.push_back(kAsciiLower[b]);
      if (keep) raw_.push_back(byte);
      ++pos_;
      continue;
    }
    std::size_t len = 0;
    const char32_t c = utf8::Decode(text_, pos_, &len);
    const CharClass cls = ClassifyNonAscii(c);
    if (cls == CharClass::kIgnorable) {
      pos_ += len;
      continue;
    }
    if (cls != CharClass::kWord) break;
    only_ascii_digits = false;
    AppendFolded(c);
    if (keep) raw_.append(text_.substr(pos_, len));
    pos_ += len;
  }
  if (only_ascii_digits && ascii_digits > 0) ExtendNumber(ascii_digits);
}

// Called after a run of ASCII digits: joins French thousands groups and a
// decimal part ("1 000 000,5" -> "1000000,5").
void FrenchTokenizer::ExtendNumber(std::size_t leading_digits) {
  const bool keep = accents_ == AccentHandling::kKeep;
  if (leading_digits <= 3) {
    for (;;) {
      const std::size_t gap = ThousandsSeparatorLength(text_, pos_);
      if (gap == 0) break;
      const std::size_t group = pos_ + gap;
      if (group + 3 > text_.size() || !IsAsciiDigit(text_[group]) ||
          !IsAsciiDigit(text_[group + 1]) || !IsAsciiDigit(text_[group + 2]) ||
          IsWordCharAt(group + 3)) {
        break;
      }
      term_.append(text_.substr(group, 3));
      if (keep) raw_.append(text_.substr(group, 3));
      pos_ = group + 3;
    }
  }
  while (pos_ + 1 < text_.size() && (text_[pos_] == ',' || text_[pos_] == '.') &&
         IsAsciiDigit(text_[pos_ + 1])) {
    const std::size_t start = pos_;
    ++pos_;
    while (pos_ < text_.size() && IsAsciiDigit(text_[pos_])) ++pos_;
    term_.append(text_.substr(start, pos_ - start));
    if (keep) raw_.append(text_.substr(start, pos_ - start));
  }
}

bool FrenchTokenizer::Next(FrenchToken* token) {
  for (;;) {
    const TokenJoin join = pending_join_;
    pending_join_ = TokenJoin::kNone;
    // After a connector, pos_ is already on the next part's first character.
    if (join == TokenJoin::kNone && !SkipToWordStart()) return false;
    const std::size_t source_begin = pos_;
    std::size_t word_begin = pos_;
    term_.clear();
    raw_.clear();
    ReadSegment();
    std::size_t connector_length = 0;
    for (;;) {
      const CharClass next = ClassAt(text_, pos_, &connector_length);
      if ((next != CharClass::kApostrophe && next != CharClass::kHyphen) ||
          !IsWordCharAt(pos_ + connector_length)) {
        connector_length = 0;
        break;
      }
      if (next == CharClass::kHyphen) {
        pending_join_ = TokenJoin::kHyphen;
        break;
      }
      if (IsElision(term_)) {  // "l'", "jusqu'": drop it, the word follows
        term_.clear();
        raw_.clear();
        pos_ += connector_length;
        word_begin = pos_;
        ReadSegment();
        continue;
      }
      if (IsLexicalApostrophePrefix(term_)) {  // "aujourd'hui" stays whole
        const std::size_t saved_pos = pos_;
        const std::size_t saved_term = term_.size();
        const std::size_t saved_raw = raw_.size();
        pos_ += connector_length;
        term_.push_back('\'');
        if (accents_ == AccentHandling::kKeep) raw_.push_back('\'');
        ReadSegment();
        if (IsLexicalApostropheWord(term_)) continue;
        pos_ = saved_pos;
        term_.resize(saved_term);
        raw_.resize(saved_raw);
      }
      pending_join_ = TokenJoin::kApostrophe;  // "O'Brien": two parts
      break;
    }
    const std::size_t end = pos_;
    pos_ += connector_length;
    if (term_.empty()) continue;  // only combining marks or ignorables
    token->source_begin = source_begin;
    token->word_begin = word_begin;
    token->end = end;
    token->join = join;
    if (accents_ == AccentHandling::kKeep) {
      CaseFoldNfc(raw_, &kept_);
      token->term = kept_;
    } else {
      token->term = term_;
    }
    return true;
  }
}

std::vector<std::string> FrenchTerms(std::string_view text) {
  std::vector<std::string> terms;
  FrenchTokenizer tokenizer(text);
  FrenchToken token;
  while (tokenizer.Next(&token)) terms.emplace_back(token.term);
  return terms;
}

FrenchStemmer::FrenchStemmer(std::size_t cache_slots, Input input)
    : stem_snowball_("french"), input_(input) {
  std::size_t slots = 1;
  while (slots < cache_slots) slots <<= 1;
  cache_.resize(slots);
  mask_ = slots - 1;
}

void FrenchStemmer::Compute(std::string_view word) {
  word_.assign(word);
  if (input_ == Input::kFolded) {
    stem_ = stem_snowball_(word_);
  } else {
    CaseFoldNfc(word_, &lowered_);
    stem_ = FoldText(stem_snowball_(lowered_));
  }
}

const std::string& FrenchStemmer::Stem(std::string_view word) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: words are short
  for (char c : word) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  Slot& slot = cache_[static_cast<std::size_t>(hash ^ (hash >> 29)) & mask_];
  if (slot.word_size == word.size() && !word.empty() &&
      std::memcmp(slot.bytes, word.data(), word.size()) == 0) {
    stem_.assign(slot.bytes, slot.kept);
    stem_.append(slot.bytes + slot.word_size, slot.ending_size);
    return stem_;
  }
  Compute(word);
  std::size_t kept = 0;
  const std::size_t most = std::min(word.size(), stem_.size());
  while (kept < most && stem_[kept] == word[kept]) ++kept;
  const std::size_t ending = stem_.size() - kept;
  if (word.empty() || word.size() + ending > kSlotBytes) return stem_;  // not cached
  slot.word_size = static_cast<std::uint8_t>(word.size());
  slot.kept = static_cast<std::uint8_t>(kept);
  slot.ending_size = static_cast<std::uint8_t>(ending);
  std::memcpy(slot.bytes, word.data(), word.size());
  std::memcpy(slot.bytes + word.size(), stem_.data() + kept, ending);
  return stem_;
}

bool ShouldStem(std::string_view term) {
  if (term.empty()) return false;
  const auto b = static_cast<unsigned char>(term[0]);
  if (b < 0x80) return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  std::size_t len = 0;
  // The categories Xapian's QueryParser stems (queryparser.lemony, should_stem).
  switch (u_charType(static_cast<UChar32>(utf8::Decode(term, 0, &len)))) {
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return true;
    default:
      return false;
  }
}

FrenchIndexer::FrenchIndexer(std::string_view stem_prefix, StemOrder order)
    : stem_prefix_(stem_prefix), order_(order) {}

void FrenchIndexer::Index(std::string_view text, std::string_view prefix, TermCollector& doc,
                          Xapian::termpos* termpos) {
  const bool fold_first = order_ == StemOrder::kFoldThenStem;
  FrenchTokenizer tokenizer(text, fold_first ? AccentHandling::kFold : AccentHandling::kKeep);
  FrenchToken token;
  if (doc.document() != stem_terms_document_) {
    stem_terms_document_ = doc.document();
    stem_terms_.clear();
  }
  // stem_terms_[word entry]: its stem's entry + 1; 0 not known yet; or:
  constexpr std::uint32_t kNoStemTerm = TermCollector::kNoEntry;  // the stem is too long
  while (tokenizer.Next(&token)) {
    if (token.term.size() > kMaxWordBytes) continue;
    ++*termpos;
    if (fold_first) {
      term_buffer_.assign(prefix).append(token.term);
      const std::uint32_t word = doc.AddPosting(term_buffer_, *termpos);
      if (!ShouldStem(token.term)) continue;
      std::string_view written = text.substr(token.word_begin, token.end - token.word_begin);
      const bool ascii = IsAsciiText(written);
      std::uint32_t* noted = nullptr;  // the word's stem_terms_
      if (word != TermCollector::kNoEntry) {
        if (word >= stem_terms_.size()) stem_terms_.resize(std::size_t{word} + 1, 0);
        noted = &stem_terms_[word];
      }
      if (noted != nullptr && *noted != 0 && ascii) {
        // The same word (prefix and folded term) earlier in the document:
        // the same stem, already an entry.
        if (*noted != kNoStemTerm) doc.AddToEntry(*noted - 1);
        continue;
      }
      const std::string& stem = stemmer_.Stem(token.term);
      // Stems obey the term limit too: the accented form is stemmed from the
      // word as written, which can be longer than its term.
      if (stem.size() <= kMaxWordBytes) {
        term_buffer_.assign(stem_prefix_).append(prefix).append(stem);
        const std::uint32_t stem_term = doc.AddTerm(term_buffer_);
        if (noted != nullptr) *noted = stem_term + 1;
      } else if (noted != nullptr) {
        *noted = kNoStemTerm;
      }
      // A word written with accents: also the stem of its accented form
      // (see StemOrder).
      if (!ascii) {
        written = WithoutIgnorables(written, &written_buffer_);
        const std::string& accented = accented_stemmer_.Stem(written);
        if (accented != stem && accented.size() <= kMaxWordBytes) {
          term_buffer_.assign(stem_prefix_).append(prefix).append(accented);
          doc.AddTerm(term_buffer_);
        }
      }
    } else {
      const std::string folded = FoldText(token.term);
      doc.AddPosting(std::string(prefix) + folded, *termpos);
      if (!ShouldStem(folded)) continue;
      const std::string folded_stem = FoldText(stemmer_.Stem(token.term));
      if (folded_stem.size() <= kMaxWordBytes) {
        doc.AddTerm(stem_prefix_ + std::string(prefix) + folded_stem);
      }
    }
  }
}

Xapian::Stem MakeFrenchQueryStemmer() { return Xapian::Stem(new FrenchQueryStem()); }

}  // namespace facette
