// Snippets (snippet.h).
#include "query/snippet.h"

#include <algorithm>
#include <map>

#include "analysis/stop_words.h"
#include "schema/fields.h"

namespace facette {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// `text` with every run of ASCII white space made one space.
void AppendCollapsed(std::string& out, std::string_view text) {
  for (char c : text) {
    if (!IsSpace(c)) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
}

struct MatchedToken {
  std::size_t begin = 0;  // source_begin: the elided article included
  std::size_t end = 0;
  int match = -1;  // index of the query word matched, -1 for none
};

}  // namespace

SnippetMaker::SnippetMaker(const Xapian::Query& query) {
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    // A copy: `parts` views into it, and *it is a temporary.
    const std::string term = *it;
    const TermParts parts = SplitTerm(term);
    if (FindFreeTextField(parts.prefix) == nullptr || parts.word.empty()) continue;
    // The stop words of a phrase ("la Banque de France") would mark every
    // "de" of the passage.
    if (!parts.stemmed && FrenchStopper()(std::string(parts.word))) continue;
    (parts.stemmed ? stems_ : words_).emplace(parts.word);
  }
  for (const std::string& stem : stems_) {
    std::string head = stem.substr(0, kStemKeptBytes);
    if (std::find(stem_heads_.begin(), stem_heads_.end(), head) == stem_heads_.end()) {
      stem_heads_.push_back(std::move(head));
    }
  }
  // Xapian 1.4 expands wildcards while matching, so the query holds only
  // their patterns, which its description shows as "WILDCARD <op> <pattern>".
  const std::string description = query.get_description();
  constexpr std::string_view kWildcard = "WILDCARD ";
  for (std::size_t at = description.find(kWildcard); at != std::string::npos;
       at = description.find(kWildcard, at + 1)) {
    std::size_t op_end = description.find(' ', at + kWildcard.size());
    if (op_end == std::string::npos) break;
    std::size_t end = description.find_first_of(" )", op_end + 1);
    std::string_view pattern(description);
    pattern = pattern.substr(op_end + 1,
                             end == std::string::npos ? std::string_view::npos : end - op_end - 1);
    const TermParts parts = SplitTerm(pattern);
    if (FindFreeTextField(parts.prefix) != nullptr && !parts.stemmed && !parts.word.empty() &&
        std::find(patterns_.begin(), patterns_.end(), parts.word) == patterns_.end()) {
      patterns_.emplace_back(parts.word);  // once, however often the query repeats it
    }
  }
}

bool SnippetMaker::MayStemToAQueryStem(std::string_view term) const {
  for (const std::string& head : stem_heads_) {
    if (term.substr(0, head.size()) == head) return true;
  }
  return false;
}

std::string SnippetMaker::MatchOf(std::string_view term, std::string_view written) {
  if (words_.count(term)) return std::string(term);
  for (const std::string& pattern : patterns_) {
    if (term.substr(0, pattern.size()) == pattern) return "*" + pattern;
  }
  if (stems_.empty() || !ShouldStem(term) || !MayStemToAQueryStem(term)) return "";
  // The indexer's two stems of a word (see StemOrder): of the folded word,
  // and, for a word written with accents, of its accented form.
  const std::string& stem = stemmer_.Stem(term);
  if (stems_.count(stem)) return std::string(kStemPrefix) + stem;
  bool ascii = std::all_of(written.begin(), written.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    const std::string& accented = accented_stemmer_.Stem(written);
    if (stems_.count(accented)) return std::string(kStemPrefix) + accented;
  }
  return "";
}

Snippet SnippetMaker::Make(std::string_view body) {
  std::vector<MatchedToken> tokens;
  std::map<std::string, int> ids;    // query word -> index
  std::vector<std::size_t> matched;  // indexes in tokens
  FrenchTokenizer tokenizer(body);
  FrenchToken token;
  while (tokenizer.Next(&token)) {
    MatchedToken t{token.source_begin, token.end, -1};
    std::string match =
        MatchOf(token.term, body.substr(token.word_begin, token.end - token.word_begin));
    if (!match.empty()) {
      t.match = ids.emplace(match, static_cast<int>(ids.size())).first->second;
      matched.push_back(tokens.size());
    }
    tokens.push_back(t);
  }
  Snippet snippet;
  if (tokens.empty()) return snippet;

  // Candidate windows start kSnippetLead words before a match.
  std::size_t best_start = 0;
  std::size_t best_distinct = 0, best_count = 0;
  std::vector<int> seen(ids.size(), -1);
  for (std::size_t m = 0; m < matched.size(); ++m) {
    std::size_t start = matched[m] > kSnippetLead ? matched[m] - kSnippetLead : 0;
    std::size_t end = std::min(tokens.size(), start + kSnippetWords);
    std::size_t distinct = 0, count = 0;
    for (std::size_t k = m; k < matched.size() && matched[k] < end; ++k) {
      int id = tokens[matched[k]].match;
      if (seen[static_cast<std::size_t>(id)] != static_cast<int>(m)) {
        seen[static_cast<std::size_t>(id)] = static_cast<int>(m);
        ++distinct;
      }
      ++count;
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_start = start, best_distinct = distinct, best_count = count;
    }
  }
  std::size_t first = best_start;
  std::size_t last = std::min(tokens.size(), first + kSnippetWords) - 1;

  // The passage: from the first word (or the start of the body) to the end
  // of the last word and the punctuation stuck to it.
  std::size_t begin = first == 0 ? 0 : tokens[first].begin;
  std::size_t end = tokens[last].end;
  std::size_t limit = last + 1 < tokens.size() ? tokens[last + 1].begin : body.size();
  while (end < limit && !IsSpace(body[end])) ++end;
  if (last + 1 == tokens.size()) end = body.size();
  while (begin < end && IsSpace(body[begin])) ++begin;

  std::string& out = snippet.text;
  if (begin > 0) out = "… ";
  std::size_t copied = begin;
  for (std::size_t i = first; i <= last; ++i) {
    if (tokens[i].match < 0) continue;
    AppendCollapsed(out, body.substr(copied, tokens[i].begin - copied));
    std::size_t mark = out.size();
    out.append(body.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    snippet.highlights.emplace_back(mark, out.size());
    copied = tokens[i].end;
  }
  AppendCollapsed(out, body.substr(copied, end - copied));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (end < body.size()) out += " …";
  return snippet;
}

std::string MarkSnippet(const Snippet& snippet, std::string_view open, std::string_view close,
                        bool html) {
  auto append = [html](std::string& out, std::string_view text) {
    if (!html) {
      out.append(text);
      return;
    }
    for (char c : text) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          out.push_back(c);
      }
    }
  };
  std::string out;
  std::size_t copied = 0;
  std::string_view text = snippet.text;
  for (const auto& [begin, end] : snippet.highlights) {
    append(out, text.substr(copied, begin - copied));
    out.append(open);
    append(out, text.substr(begin, end - begin));
    out.append(close);
    copied = end;
  }
  append(out, text.substr(copied));
  return out;
}

}  // namespace facette
