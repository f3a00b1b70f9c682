// The terms of text fields (text_terms.h): the indexer and query sides of
// the French analyzer.
#include "schema/text_terms.h"

#include <unicode/uchar.h>

#include <array>
#include <string>

#include "analysis/stop_words.h"
#include "analysis/utf8.h"
#include "schema/fields.h"

namespace facette {
namespace {

// Positions left between two fields so that no phrase matches across them.
constexpr Xapian::termpos kFieldGap = 100;

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (x != b[i]) return false;
  }
  return true;
}

// QueryParser's boolean operators (FLAG_BOOLEAN_ANY_CASE: any case).
bool IsOperatorWord(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR",   "NOT",
                                                                 "XOR", "NEAR", "ADJ"};
  for (std::string_view op : kOperators) {
    if (EqualsIgnoreAsciiCase(word, op)) return true;
  }
  return false;
}

bool IsQuoteMark(char32_t c) {
  switch (c) {
    case 0x00AB:  // «
    case 0x00BB:  // »
    case 0x201C:  // “
    case 0x201D:  // ”
    case 0x201E:  // „
    case 0x201F:  // ‟
      return true;
    default:
      return false;
  }
}

// Copies query text between words: Unicode spaces become ' ', French and
// curly quotes become '"', the rest is kept; tracks whether a phrase is open.
void AppendSyntax(std::string_view text, std::string* out, bool* in_quotes) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    const char32_t c = utf8::Decode(text, i, &len);
    if (c == '"' || IsQuoteMark(c)) {
      out->push_back('"');
      *in_quotes = !*in_quotes;
    } else if (c >= 0x80 && u_isUWhiteSpace(static_cast<UChar32>(c))) {
      out->push_back(' ');
    } else {
      out->append(text.substr(i, len));
    }
    i += len;
  }
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// End of a boolean filter value starting at `begin`: a "quoted string", or
// up to the next space or ')' (QueryParser's own rule).
std::size_t BooleanValueEnd(std::string_view query, std::size_t begin) {
  if (begin < query.size() && query[begin] == '"') {
    const std::size_t close = query.find('"', begin + 1);
    return close == std::string_view::npos ? query.size() : close + 1;
  }
  std::size_t end = begin;
  while (end < query.size() && !IsAsciiSpace(query[end]) && query[end] != ')') ++end;
  return end;
}

}  // namespace

TextIndexer::TextIndexer() : indexer_(kStemPrefix) {}

void TextIndexer::StartDocument(TermCollector& doc) {
  doc_ = &doc;
  termpos_ = 0;
}

void TextIndexer::Index(std::string_view text, std::string_view prefix) {
  if (doc_ == nullptr) return;
  if (termpos_ != 0) termpos_ += kFieldGap;
  indexer_.Index(text, prefix, *doc_, &termpos_);
}

std::string NormalizeQueryString(std::string_view query) {
  std::string out;
  out.reserve(query.size() + 8);
  bool in_quotes = false;
  std::size_t copied = 0;  // query[0, copied) has been written to out
  FrenchTokenizer tokenizer(query);
  FrenchToken token;
  while (tokenizer.Next(&token)) {
    if (token.join == TokenJoin::kNone) {
      AppendSyntax(query.substr(copied, token.source_begin - copied), &out, &in_quotes);
    } else {
      out.push_back('-');  // parts of one word: QueryParser makes a phrase of them
    }
    copied = token.end;
    const std::string_view written = query.substr(token.word_begin, token.end - token.word_begin);
    const bool starts_word =
        token.join == TokenJoin::kNone && token.source_begin == token.word_begin && !in_quotes;
    if (starts_word && IsOperatorWord(written)) {
      out.append(written);
      continue;
    }
    // `name:` of a schema field, directly followed by its value.
    if (starts_word && token.end + 1 < query.size() && query[token.end] == ':' &&
        !IsAsciiSpace(query[token.end + 1])) {
      if (const FieldSpec* field = FindFieldByName(written)) {
        // Field names match in any case; the parser's prefixes are the
        // table's names, which are lowercase ASCII.
        for (char c : written)
          out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        out.push_back(':');
        copied = token.end + 1;
        if (field->flags & kBooleanFilter) {
          copied = BooleanValueEnd(query, copied);
          out.append(query.substr(token.end + 1, copied - token.end - 1));
          tokenizer.SkipTo(copied);
        }
        continue;
      }
    }
    if (!in_quotes && token.join == TokenJoin::kNone && IsOperatorWord(token.term)) {
      // Only an operator once analysed ("l'or" -> "or"): quoted, it stays
      // a word.
      out.push_back('"');
      out.append(token.term);
      out.push_back('"');
      continue;
    }
    out.append(token.term);
  }
  AppendSyntax(query.substr(copied), &out, &in_quotes);
  return out;
}

void ConfigureQueryParser(Xapian::QueryParser& parser) {
  parser.set_stemmer(MakeFrenchQueryStemmer());
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&FrenchStopper());
}

}  // namespace facette
