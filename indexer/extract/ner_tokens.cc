// Tokens for the entity tagger (ner_tokens.h).
#include "indexer/extract/ner_tokens.h"

#include <unicode/uchar.h>

#include "analysis/utf8.h"

namespace facette::ner {
namespace {

// "M. Macron", "Mme Merkel", "J. K. Rowling": a full stop after these does
// not end a sentence.
bool IsAbbreviation(std::string_view word) {
  static constexpr std::string_view kAbbreviations[] = {"M",   "MM",   "Mme", "Mmes", "Mlle", "Dr",
                                                        "Mgr", "Me",   "Pr",  "St",   "Ste",  "Cie",
                                                        "av",  "J.-C", "etc", "cf",   "p"};
  for (std::string_view a : kAbbreviations) {
    if (word == a) return true;
  }
  return false;
}

// Character class for shapes. ASCII (most characters of French text) is
// classed without ICU, as ICU classes it.
char ShapeClass(char32_t c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return 'X';
    if (c >= 'a' && c <= 'z') return 'x';
    if (c >= '0' && c <= '9') return 'd';
    return static_cast<char>(c);
  }
  if (u_isupper(static_cast<UChar32>(c))) return 'X';
  if (u_islower(static_cast<UChar32>(c)) || u_isalpha(static_cast<UChar32>(c))) return 'x';
  if (u_isdigit(static_cast<UChar32>(c))) return 'd';
  if (c < 0x80) return static_cast<char>(c);
  return '?';
}

// What lies between two tokens, spaces dropped, line breaks as 'N', capped.
struct Gap {
  std::uint64_t hash = 0;
  bool ends_sentence = false;
  bool breaks = false;  // kAfterBreak
};

Gap ReadGap(std::string_view text, std::size_t from, std::size_t to) {
  char kept[8];
  std::size_t n = 0;
  Gap gap;
  std::size_t i = from;
  while (i < to) {
    std::size_t len = 1;
    const char32_t c = utf8::Decode(text, i, &len);
    i += len;
    char k = 0;
    if (c == ' ') continue;  // the usual gap, before the whitespace test of ICU
    if (c == '\n' || c == '\r') {
      k = 'N';
      gap.ends_sentence = true;
      gap.breaks = true;
    } else if (c == '.' || c == '!' || c == '?' || c == 0x2026) {
      k = c == 0x2026 ? '.' : static_cast<char>(c);
      gap.ends_sentence = true;
    } else if (u_isWhitespace(static_cast<UChar32>(c)) || c == 0xA0 || c == 0x202F) {
      continue;
    } else if (c == 0xAB || c == 0xBB || c == 0x201C || c == 0x201D || c == '"') {
      k = 'Q';  // quotes of every kind
      gap.breaks = true;
    } else if (c == 0x2013 || c == 0x2014) {
      k = '-';
    } else if (c < 0x80) {
      k = static_cast<char>(c);
      gap.breaks =
          gap.breaks || c == '(' || c == ')' || c == '[' || c == ']' || c == ':' || c == ';';
    } else {
      k = '?';
    }
    if (n > 0 && kept[n - 1] == k) continue;  // ".." or "NN" count once
    if (n < sizeof(kept)) kept[n++] = k;
  }
  gap.hash = HashBytes(std::string_view(kept, n), 0x47);
  return gap;
}

}  // namespace

bool NerTokenizer::Next(NerToken* out) {
  if (!tokenizer_.Next(&word_)) return false;
  const FrenchToken& t = word_;
  const std::string_view text = text_;
  NerToken tok;
  tok.begin = t.word_begin;
  tok.end = t.end;
  tok.source_begin = t.source_begin;
  const std::string_view raw = text.substr(t.word_begin, t.end - t.word_begin);
  tok.raw = HashBytes(raw, 0x52);
  tok.folded = FoldedWordHash(t.term);
  const std::string_view term = t.term;
  for (std::size_t k = 0; k < 2; ++k) {
    tok.prefix[k] = HashBytes(term.substr(0, 3 + k), 0x50 + k);
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const std::size_t n = 2 + k;
    tok.suffix[k] = HashBytes(term.size() > n ? term.substr(term.size() - n) : term, 0x53 + k);
  }

  // Shape and capitalisation.
  char shape[12];
  std::size_t shape_len = 0;
  char short_shape[12];
  std::size_t short_len = 0;
  std::size_t letters = 0;
  std::size_t uppers = 0;
  std::size_t chars = 0;
  std::size_t digits = 0;
  bool inner_cap = false;
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t len = 1;
    const char32_t c = utf8::Decode(raw, i, &len);
    i += len;
    const char cls = ShapeClass(c);
    if (chars == 0) {
      if (cls == 'X') tok.flags |= kCapitalised;
      if (cls == 'x') tok.flags |= kLowerInitial;
    } else if (cls == 'X') {
      inner_cap = true;
    }
    ++chars;
    if (cls == 'X' || cls == 'x') ++letters;
    if (cls == 'X') ++uppers;
    if (cls == 'd') ++digits;
    if (shape_len < sizeof(shape)) shape[shape_len++] = cls;
    if ((short_len == 0 || short_shape[short_len - 1] != cls) && short_len < sizeof(short_shape)) {
      short_shape[short_len++] = cls;
    }
  }
  if (letters >= 2 && uppers == letters) tok.flags |= kAllCaps;
  if (inner_cap && !(tok.flags & kAllCaps)) tok.flags |= kInnerCap;
  if (digits > 0) tok.flags |= kHasDigit;
  if (digits > 0 && digits == chars) tok.flags |= kAllDigits;
  if (letters == 1 && chars == 1) tok.flags |= kSingleLetter;
  tok.chars = static_cast<std::uint16_t>(chars < 0xFFFF ? chars : 0xFFFF);
  tok.shape = HashBytes(std::string_view(shape, shape_len), 0x58);
  tok.short_shape = HashBytes(std::string_view(short_shape, short_len), 0x59);

  if (t.join == TokenJoin::kHyphen) tok.flags |= kAfterHyphen;
  if (t.join == TokenJoin::kApostrophe) tok.flags |= kAfterApostrophe;
  if (t.source_begin < t.word_begin) {
    tok.flags |= kElided;
    char elided[8];
    std::size_t n = 0;
    for (std::size_t i = t.source_begin; i < t.word_begin && n < sizeof(elided); ++i) {
      const char c = text[i];
      if (c >= 'A' && c <= 'Z') elided[n++] = static_cast<char>(c - 'A' + 'a');
      if (c >= 'a' && c <= 'z') elided[n++] = c;
    }
    tok.elision = HashBytes(std::string_view(elided, n), 0x45);
  }

  // What separates it from the previous token; the start of a sentence.
  const Gap gap = ReadGap(text, first_ ? 0 : previous_.end, t.source_begin);
  tok.gap = gap.hash;
  if (gap.breaks) tok.flags |= kAfterBreak;
  if (first_) {
    tok.flags |= kSentenceStart;
  } else if (gap.ends_sentence) {
    const NerToken& prev = previous_;
    const std::string_view prev_raw = text.substr(prev.begin, prev.end - prev.begin);
    const std::string_view between = text.substr(prev.end, t.source_begin - prev.end);
    const bool abbreviation =
        between.size() >= 1 && between[0] == '.' && between.find('\n') == std::string_view::npos &&
        (IsAbbreviation(prev_raw) || ((prev.flags & kSingleLetter) && (prev.flags & kCapitalised)));
    if (!abbreviation) tok.flags |= kSentenceStart;
  }
  first_ = false;
  previous_ = tok;
  *out = tok;
  return true;
}

void TokenizeForNer(std::string_view text, std::vector<NerToken>* tokens) {
  tokens->clear();
  NerTokenizer tokenizer(text);
  NerToken token;
  while (tokenizer.Next(&token)) tokens->push_back(token);
}

}  // namespace facette::ner
