// facette_make_corpus: writes a deterministic corpus of realistic French news
// articles, in facette's JSON Lines input format, for the benchmarks; or
// prints how its vocabulary grows with its size.
//
//   facette_make_corpus --articles N --seed S --out FILE.jsonl [--vocabulary heaps|recombine]
//   facette_make_corpus --articles N --seed S --curve       (distinct words at 1k, 10k, ..., N)
//   facette_make_corpus --curve-input FILE.jsonl            (the same for existing articles)
//
// Built only from the 2016-2017 articles of the shared corpus: their gold
// file (winer-fr-ner.dev.jsonl) holds `text` = title + "\n\n" + body and the
// gold entities with code-point offsets into it. The 2018 articles are never
// read. Each generated article takes a title and most of its paragraphs from
// one real article (so that topics and entities stay coherent), the other
// paragraphs from other articles, replaces some sentences by sentences from
// anywhere, takes its length (in paragraphs) from a random real article and a
// date uniformly spread over 2000-2025. Its persons, organizations and
// locations are the distinct gold entities whose span lies inside its title
// or one of its sentences, in order of first appearance.
//
// `--vocabulary recombine` stops there: about 19,000 distinct words at any
// size. `--vocabulary heaps` (the default) then varies the words of those
// same sentences from a second random stream (bench/rare_words.h), so that
// the vocabulary grows like real news (Heaps' law, β ≈ 0.55):
//  - some lowercase words (5 bytes or more, not in an entity) become a rare
//    French form with the same last two letters;
//  - some numbers become other numbers (years 1900-2099, numbers inside
//    "14h30", "1,5" or "1 000" are kept);
//  - some entities (the gold spans that overlap no other) are renamed: a
//    person to a first name and surname of the gazetteers, a place to a
//    place, an organisation to an organisation. The renaming holds for the
//    whole article (every mention of "François Hollande" becomes the same
//    new name, a lone "Hollande" the new surname), and the entity lists
//    name what the text says: the new name replaces the old one.
// Output streams: memory is the pool of sentences and the word lists,
// whatever N is. Same N, seed, mode and lists, same bytes.
#include <simdjson.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/utf8.h"
#include "bench/heaps_curve.h"
#include "bench/rare_words.h"
#include "schema/dates.h"

namespace {

enum class EntityKind { kPerson = 0, kOrganization = 1, kLocation = 2 };

struct GoldEntity {
  EntityKind kind;
  std::string text;
  // Byte offsets of the span in its sentence (set by AddSentence).
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// A piece of text from a real article with the entities inside it.
struct Sentence {
  std::string text;
  std::vector<GoldEntity> entities;
};

struct Paragraph {
  std::vector<std::uint32_t> sentences;  // indices into Pool::sentences
};

struct SourceArticle {
  std::uint32_t title;  // index into Pool::sentences
  std::vector<Paragraph> paragraphs;
};

struct Pool {
  std::vector<Sentence> sentences;
  std::vector<SourceArticle> articles;
};

// A gold entity as byte offsets into the text.
struct Span {
  std::size_t begin;
  std::size_t end;
  GoldEntity entity;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits a paragraph [begin, end) of `text` into sentences: after '.', '!'
// or '?' followed by a space and a character that is not a lowercase ASCII
// letter or a digit. Good enough for news prose; abbreviations such as
// "M. Hollande" split, which only makes recombination a little coarser.
std::vector<std::pair<std::size_t, std::size_t>> SplitSentences(std::string_view text,
                                                                std::size_t begin,
                                                                std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> result;
  std::size_t start = begin;
  for (std::size_t i = begin; i + 2 < end; ++i) {
    char c = text[i];
    if ((c == '.' || c == '!' || c == '?') && text[i + 1] == ' ') {
      char next = text[i + 2];
      bool lower = (next >= 'a' && next <= 'z') || (next >= '0' && next <= '9');
      if (!lower) {
        result.emplace_back(start, i + 1);
        start = i + 2;
      }
    }
  }
  if (start < end) result.emplace_back(start, end);
  return result;
}

// Trims spaces and the dash that follows a dateline ("– ", "— ").
std::pair<std::size_t, std::size_t> TrimSentence(std::string_view text, std::size_t begin,
                                                 std::size_t end) {
  for (;;) {
    while (begin < end && IsSpace(text[begin])) ++begin;
    std::string_view rest = text.substr(begin, end - begin);
    if (rest.rfind("\xE2\x80\x93 ", 0) == 0 || rest.rfind("\xE2\x80\x94 ", 0) == 0) {
      begin += 4;  // en dash or em dash (3 bytes) and a space
      continue;
    }
    break;
  }
  while (end > begin && IsSpace(text[end - 1])) --end;
  return {begin, end};
}

// A dateline such as "19 décembre 2017." or "1er janvier 2016, 14h30. –",
// or a bare dash: not prose, dropped.
bool IsDatelineOrDash(std::string_view sentence) {
  if (sentence.size() < 4) return true;
  if (sentence.size() > 40) return false;
  bool starts_with_digit = sentence[0] >= '0' && sentence[0] <= '9';
  bool has_year = sentence.find("2016") != std::string_view::npos ||
                  sentence.find("2017") != std::string_view::npos;
  return starts_with_digit && has_year;
}

// A source line such as "— Page Facebook de Céline Dion": not prose.
bool IsSourceLine(std::string_view line) {
  return line.rfind("\xE2\x80\x94", 0) == 0 || line.rfind("Source", 0) == 0;
}

// Byte offset of each code point of `text`, plus text.size() at the end.
std::vector<std::size_t> CodePointOffsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!facette::utf8::IsContinuation(static_cast<unsigned char>(text[i]))) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

std::uint32_t AddSentence(Pool& pool, std::string_view text, std::size_t begin, std::size_t end,
                          const std::vector<Span>& spans) {
  Sentence sentence;
  sentence.text = std::string(text.substr(begin, end - begin));
  for (const Span& span : spans) {
    if (span.begin >= begin && span.end <= end) {
      GoldEntity entity = span.entity;
      entity.begin = static_cast<std::uint32_t>(span.begin - begin);
      entity.end = static_cast<std::uint32_t>(span.end - begin);
      sentence.entities.push_back(std::move(entity));
    }
  }
  pool.sentences.push_back(std::move(sentence));
  return static_cast<std::uint32_t>(pool.sentences.size() - 1);
}

// Reads the gold file of the 2016-2017 articles into a pool of sentences.
Pool LoadPool(const std::string& gold_path) {
  std::ifstream in(gold_path);
  if (!in) throw std::runtime_error("cannot read " + gold_path);
  simdjson::dom::parser parser;
  Pool pool;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::dom::element record = parser.parse(line);
    std::string_view id = record["id"].get_string().value();
    std::string_view date = record["date"].get_string().value();
    // Held out: the 2018 articles must never be used (they are not in the
    // gold file today; this keeps it so if that changes).
    if (date.substr(0, 4) != "2016" && date.substr(0, 4) != "2017") continue;
    if (id.find("2018_") != std::string_view::npos) continue;
    std::string_view text = record["text"].get_string().value();
    std::vector<std::size_t> offsets = CodePointOffsets(text);
    std::vector<Span> spans;
    for (simdjson::dom::element entity : record["entities"].get_array()) {
      std::string_view type = entity["type"].get_string().value();
      EntityKind kind;
      if (type == "PER") {
        kind = EntityKind::kPerson;
      } else if (type == "ORG") {
        kind = EntityKind::kOrganization;
      } else if (type == "LOC") {
        kind = EntityKind::kLocation;
      } else {
        continue;
      }
      auto start = static_cast<std::size_t>(entity["start"].get_int64().value());
      auto end = static_cast<std::size_t>(entity["end"].get_int64().value());
      if (start >= end || end >= offsets.size()) continue;
      spans.push_back(
          {offsets[start], offsets[end], {kind, std::string(entity["text"].get_string().value())}});
    }
    std::size_t title_end = text.find("\n\n");
    if (title_end == std::string_view::npos) continue;
    SourceArticle article;
    article.title = AddSentence(pool, text, 0, title_end, spans);
    std::size_t pos = title_end + 2;
    while (pos < text.size()) {
      std::size_t line_end = text.find('\n', pos);
      if (line_end == std::string_view::npos) line_end = text.size();
      std::string_view paragraph_text = text.substr(pos, line_end - pos);
      if (!paragraph_text.empty() && !IsSourceLine(paragraph_text)) {
        Paragraph paragraph;
        for (auto [b, e] : SplitSentences(text, pos, line_end)) {
          auto [tb, te] = TrimSentence(text, b, e);
          if (IsDatelineOrDash(text.substr(tb, te - tb))) continue;
          paragraph.sentences.push_back(AddSentence(pool, text, tb, te, spans));
        }
        if (!paragraph.sentences.empty()) article.paragraphs.push_back(std::move(paragraph));
      }
      pos = line_end + 1;
    }
    if (!article.paragraphs.empty()) pool.articles.push_back(std::move(article));
  }
  if (pool.articles.empty()) throw std::runtime_error("no 2016-2017 article in " + gold_path);
  return pool;
}

// Appends `text` as a JSON string.
void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

constexpr std::int64_t kFirstDay = 10957;  // 2000-01-01
constexpr std::int64_t kLastDay = 20453;   // 2025-12-31

// One random stream per article, so that article i does not depend on how
// many random numbers article i-1 drew.
std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// How often the heaps mode varies a word, a number or an entity. The word
// rate sets K of the curve (with kWordOffset in rare_words.cc), chosen so
// that 1,000 generated articles have about the distinct words of 1,000 real
// ones; the entity rates keep half the persons and two thirds of the places
// and organisations real, so that facets still show the real names' spread.
constexpr double kWordRate = 0.06;
constexpr double kNumberRate = 0.5;
constexpr double kRenameRate[3] = {0.5, 0.35, 0.35};  // persons, organizations, locations

// A uniform double in [0, 1).
double Uniform(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

// Length of the letter at text[i], 0 if it is not a letter: ASCII letters
// and the two-byte Latin letters of French (U+00C0-U+00FF, U+0152-U+0153).
// Apostrophes, quotes, dashes and every other sign separate words.
std::size_t LetterLength(std::string_view text, std::size_t i) {
  auto b = static_cast<unsigned char>(text[i]);
  if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) return 1;
  if ((b == 0xC3 || b == 0xC5) && i + 1 < text.size() &&
      facette::utf8::IsContinuation(static_cast<unsigned char>(text[i + 1]))) {
    return 2;
  }
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class ArticleGenerator {
 public:
  // `rare` null: the recombine mode; else the heaps mode.
  ArticleGenerator(const Pool& pool, std::uint64_t seed, const facette::bench::RareWords* rare)
      : pool_(pool), seed_(seed), rare_(rare) {}

  // The title and body of the last article generated.
  const std::string& title() const { return title_; }
  const std::string& body() const { return body_; }

  // Writes article `index` as one JSON line (with its newline) into `out`.
  void Generate(std::uint64_t index, std::string& out) {
    std::mt19937_64 rng(SplitMix64(seed_ ^ SplitMix64(index)));
    // The variations' own stream: the heaps mode picks the same sentences
    // as the recombine mode and only changes words inside them.
    variation_rng_.seed(SplitMix64(seed_ ^ SplitMix64(index ^ 0x68656170735F7631ULL)));
    renamed_.clear();
    renamed_surnames_.clear();
    mentions_.clear();
    auto pick = [&rng](std::size_t n) {
      return static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n));
    };
    const std::size_t article_count = pool_.articles.size();
    const SourceArticle& primary = pool_.articles[pick(article_count)];
    const std::size_t paragraph_count =
        std::max<std::size_t>(1, pool_.articles[pick(article_count)].paragraphs.size());

    used_.clear();
    used_.push_back(primary.title);
    title_.clear();
    AppendSentence(pool_.sentences[primary.title], title_);
    body_.clear();
    std::size_t next_own = 0;
    for (std::size_t p = 0; p < paragraph_count; ++p) {
      const Paragraph* paragraph;
      if (pick(100) < 65) {  // mostly the primary article's paragraphs, in order
        paragraph = &primary.paragraphs[next_own % primary.paragraphs.size()];
        ++next_own;
      } else {
        const SourceArticle& other = pool_.articles[pick(article_count)];
        paragraph = &other.paragraphs[pick(other.paragraphs.size())];
      }
      if (p > 0) body_ += "\n\n";
      bool first = true;
      for (std::uint32_t sentence : paragraph->sentences) {
        if (pick(100) < 15) sentence = static_cast<std::uint32_t>(pick(pool_.sentences.size()));
        if (!first) body_ += ' ';
        first = false;
        AppendSentence(pool_.sentences[sentence], body_);
        used_.push_back(sentence);
      }
    }

    const facette::Date published =
        facette::DateOfDayNumber(kFirstDay + static_cast<long>(pick(kLastDay - kFirstDay + 1)));
    char date[40];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", published.year, published.month,
                  published.day);
    char id[64];
    std::snprintf(id, sizeof id, "bench-%llu/%08llu", static_cast<unsigned long long>(seed_),
                  static_cast<unsigned long long>(index));

    out.clear();
    out += "{\"id\": ";
    AppendJsonString(out, id);
    out += ", \"title\": ";
    AppendJsonString(out, title_);
    out += ", \"date\": ";
    AppendJsonString(out, date);
    out += ", \"body\": ";
    AppendJsonString(out, body_);
    out += ", \"url\": ";
    AppendJsonString(out, std::string("https://bench.facette.invalid/") + id);
    out += ", \"source\": \"facette bench, from fr.wikinews.org via WiNER-fr\"";
    static constexpr const char* kKeys[] = {"persons", "organizations", "locations"};
    for (int kind = 0; kind < 3; ++kind) {
      out += ", \"";
      out += kKeys[kind];
      out += "\": [";
      seen_.clear();
      bool first = true;
      auto list = [&](const std::string& name) {
        if (!seen_.insert(name).second) return;
        if (!first) out += ", ";
        first = false;
        AppendJsonString(out, name);
      };
      if (rare_ == nullptr) {
        for (std::uint32_t sentence : used_) {
          for (const GoldEntity& entity : pool_.sentences[sentence].entities) {
            if (static_cast<int>(entity.kind) == kind) list(entity.text);
          }
        }
      } else {
        for (const auto& [mention_kind, name] : mentions_) {
          if (static_cast<int>(mention_kind) == kind) list(name);
        }
      }
      out += ']';
    }
    out += "}\n";
  }

 private:
  // Appends a sentence, varied in the heaps mode (see the file's header),
  // and records the entity mentions it writes.
  void AppendSentence(const Sentence& sentence, std::string& out) {
    if (rare_ == nullptr) {
      out += sentence.text;
      return;
    }
    const std::vector<GoldEntity>& entities = sentence.entities;
    // Spans that overlap no other are renamed; nested ones are copied as
    // written, words included.
    order_.clear();
    for (std::size_t i = 0; i < entities.size(); ++i) order_.push_back(i);
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return entities[a].begin != entities[b].begin ? entities[a].begin < entities[b].begin
                                                    : entities[a].end > entities[b].end;
    });
    names_.assign(entities.size(), nullptr);
    std::string_view text = sentence.text;
    std::size_t pos = 0;
    for (std::size_t k = 0; k < order_.size(); ++k) {
      const GoldEntity& entity = entities[order_[k]];
      if (entity.begin < pos) continue;  // inside a span already written
      AppendVariedWords(text.substr(pos, entity.begin - pos), out);
      std::size_t end = entity.end;
      bool alone = true;
      for (std::size_t j = k + 1; j < order_.size() && entities[order_[j]].begin < end; ++j) {
        alone = false;
        end = std::max<std::size_t>(end, entities[order_[j]].end);
      }
      if (alone) {
        names_[order_[k]] = &NameFor(entity);
        out += *names_[order_[k]];
      } else {
        out.append(text.data() + entity.begin, end - entity.begin);
      }
      pos = end;
    }
    AppendVariedWords(text.substr(pos), out);
    for (std::size_t i = 0; i < entities.size(); ++i) {
      mentions_.emplace_back(entities[i].kind, names_[i] ? *names_[i] : entities[i].text);
    }
  }

  // The name an entity has in this article: its own or, once renamed, its
  // new one for every later mention.
  const std::string& NameFor(const GoldEntity& entity) {
    std::string key(1, static_cast<char>('0' + static_cast<int>(entity.kind)));
    key += entity.text;
    auto found = renamed_.find(key);
    if (found != renamed_.end()) return found->second;
    std::string name = entity.text;
    const bool one_word = entity.text.find(' ') == std::string::npos;
    if (entity.kind == EntityKind::kPerson && one_word &&
        renamed_surnames_.count(entity.text) > 0) {
      name = renamed_surnames_[entity.text];  // "Hollande" after "François Hollande"
    } else if (Uniform(variation_rng_) < kRenameRate[static_cast<int>(entity.kind)]) {
      switch (entity.kind) {
        case EntityKind::kPerson:
          name = rare_->PersonName(variation_rng_);
          if (!one_word) {
            renamed_surnames_[entity.text.substr(entity.text.rfind(' ') + 1)] =
                name.substr(name.rfind(' ') + 1);
          }
          break;
        case EntityKind::kOrganization:
          name = rare_->Organization(variation_rng_);
          break;
        case EntityKind::kLocation:
          name = rare_->Place(variation_rng_);
          break;
      }
    }
    return renamed_.emplace(std::move(key), std::move(name)).first->second;
  }

  // Appends text outside entities, varying some words and numbers. The
  // text between changes is copied in one piece.
  void AppendVariedWords(std::string_view text, std::string& out) {
    std::size_t copied = 0;  // text[0, copied) is in `out`
    auto replace = [&](std::size_t begin, std::size_t end, const std::string& replacement) {
      out.append(text.data() + copied, begin - copied);
      out += replacement;
      copied = end;
    };
    std::size_t i = 0;
    while (i < text.size()) {
      if (LetterLength(text, i) > 0) {
        std::size_t end = i;
        bool lowercase = true;
        while (end < text.size()) {
          std::size_t length = LetterLength(text, end);
          if (length == 0) break;
          if (text[end] >= 'A' && text[end] <= 'Z') lowercase = false;
          end += length;
        }
        const bool joined = (i > 0 && (text[i - 1] == '-' || IsDigit(text[i - 1]))) ||
                            (end < text.size() && (text[end] == '-' || IsDigit(text[end])));
        if (lowercase && !joined && end - i >= 5 && Uniform(variation_rng_) < kWordRate) {
          std::string replacement = rare_->WordLike(text.substr(i, end - i), variation_rng_);
          if (!replacement.empty()) replace(i, end, replacement);
        }
        i = end;
      } else if (IsDigit(text[i])) {
        std::size_t end = i;
        while (end < text.size() && IsDigit(text[end])) ++end;
        if (IsFreeNumber(text, i, end) && Uniform(variation_rng_) < kNumberRate) {
          replace(i, end, rare_->Number(variation_rng_));
        }
        i = end;
      } else {
        ++i;
      }
    }
    out.append(text.data() + copied, text.size() - copied);
  }

  // A number standing alone: not a year, not "0...", not part of "14h30",
  // "1,5", "1 000" or "n°3".
  static bool IsFreeNumber(std::string_view text, std::size_t begin, std::size_t end) {
    std::string_view number = text.substr(begin, end - begin);
    if (number[0] == '0') return false;
    if (number.size() == 4 && (number.substr(0, 2) == "19" || number.substr(0, 2) == "20")) {
      return false;
    }
    auto at = [&](std::size_t i) { return i < text.size() ? text[i] : ' '; };
    char before = begin > 0 ? text[begin - 1] : ' ';
    char after = at(end);
    if (before != ' ' && before != '(') return false;
    if (after != ' ' && after != '.' && after != ',' && after != ')' && after != ';') return false;
    if ((after == ',' || after == '.') && IsDigit(at(end + 1))) return false;   // 1,5
    if (after == ' ' && IsDigit(at(end + 1))) return false;                     // 1 000
    if (begin >= 2 && before == ' ' && IsDigit(text[begin - 2])) return false;  // 000 in 1 000
    return true;
  }

  const Pool& pool_;
  std::uint64_t seed_;
  const facette::bench::RareWords* rare_;
  std::mt19937_64 variation_rng_;
  std::vector<std::uint32_t> used_;
  std::string title_;
  std::string body_;
  std::unordered_set<std::string> seen_;
  // Per article: entity kind + old text -> name, old surname -> new one,
  // and the mentions written, in order.
  std::unordered_map<std::string, std::string> renamed_;
  std::unordered_map<std::string, std::string> renamed_surnames_;
  std::vector<std::pair<EntityKind, std::string>> mentions_;
  // Per sentence: the renamable spans in text order, the name of each span.
  std::vector<std::size_t> order_;
  std::vector<const std::string*> names_;
};

// Prints a curve (TSV: articles, tokens, distinct words) and its fit.
void PrintCurve(const std::vector<facette::bench::CurvePoint>& points) {
  std::cout << "articles\ttokens\twords\n";
  for (const auto& point : points) {
    std::cout << point.articles << '\t' << point.tokens << '\t' << point.words << '\n';
  }
  constexpr std::uint64_t kFitFrom = 100;  // smaller samples are noise
  facette::bench::HeapsFit fit = facette::bench::FitHeaps(points, kFitFrom);
  char line[160];
  std::snprintf(line, sizeof line, "# fit over >= %llu articles: words = %.1f * articles^%.3f\n",
                static_cast<unsigned long long>(kFitFrom), fit.k, fit.beta);
  std::cout << line;
}

// The curve of the articles of a JSON Lines file (title and body).
std::vector<facette::bench::CurvePoint> CurveOfFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  simdjson::dom::parser parser;
  facette::bench::DistinctWordCounter counter;
  std::vector<facette::bench::CurvePoint> points;
  std::uint64_t articles = 0;
  std::uint64_t next = 1;  // 1, 2, 5, 10, 20, ...
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    simdjson::dom::element record;
    if (parser.parse(line).get(record) != simdjson::SUCCESS) {
      throw std::runtime_error(path + ":" + std::to_string(articles + 1) + ": not JSON");
    }
    std::string_view text;
    if (record["title"].get_string().get(text) == simdjson::SUCCESS) counter.Add(text);
    if (record["body"].get_string().get(text) == simdjson::SUCCESS) counter.Add(text);
    if (++articles == next) {
      points.push_back({articles, counter.tokens(), counter.words()});
      std::uint64_t lead = next;
      while (lead >= 10) lead /= 10;
      next = next / lead * (lead == 1 ? 2 : lead == 2 ? 5 : 10);
    }
  }
  if (articles == 0) throw std::runtime_error(path + ": no article");
  if (points.back().articles != articles) {
    points.push_back({articles, counter.tokens(), counter.words()});
  }
  return points;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"Writes a deterministic benchmark corpus of French news articles (JSON Lines)."};
  std::uint64_t articles = 10000;
  std::uint64_t seed = 1;
  std::string out_path;
  std::string vocabulary = "heaps";
  std::string shared_dir = FACETTE_SOURCE_DIR "/../shared/corpus";
  std::string word_list = "/usr/share/dict/french";
  std::string gazetteers = FACETTE_SOURCE_DIR "/../shared/ner-extra/gaz";
  bool curve = false;
  std::string curve_input;
  app.add_option("--articles", articles, "Number of articles");
  app.add_option("--seed", seed, "Random seed (same seed and size, same bytes)");
  app.add_option("--out", out_path, "Output file (JSON Lines)");
  app.add_option("--vocabulary", vocabulary,
                 "heaps: vocabulary grows with size (Heaps' law); recombine: only the "
                 "source articles' words")
      ->check(CLI::IsMember({"heaps", "recombine"}));
  app.add_option("--shared", shared_dir, "Shared corpus folder (winer-fr-ner.dev.jsonl)");
  app.add_option("--words", word_list, "French word list of the heaps vocabulary (wfrench)");
  app.add_option("--gazetteers", gazetteers, "Gazetteer folder of the heaps vocabulary");
  app.add_flag("--curve", curve,
               "Print distinct words against size for the generated articles instead of "
               "writing them");
  app.add_option("--curve-input", curve_input,
                 "Print distinct words against size for the articles of this JSON Lines file");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (!curve_input.empty()) {
    PrintCurve(CurveOfFile(curve_input));
    return 0;
  }
  if (!curve && out_path.empty()) throw std::runtime_error("an output file is needed (--out)");

  Pool pool = LoadPool(shared_dir + "/winer-fr-ner.dev.jsonl");
  std::unique_ptr<facette::bench::RareWords> rare;
  if (vocabulary == "heaps") {
    rare = std::make_unique<facette::bench::RareWords>(word_list, gazetteers);
  }
  ArticleGenerator generator(pool, seed, rare.get());
  std::string line;
  if (curve) {
    facette::bench::DistinctWordCounter counter;
    std::vector<facette::bench::CurvePoint> points;
    std::vector<std::uint64_t> sizes = facette::bench::CurveSizes(articles);
    std::size_t next = 0;
    for (std::uint64_t i = 0; i < articles; ++i) {
      generator.Generate(i, line);
      counter.Add(generator.title());
      counter.Add(generator.body());
      if (i + 1 == sizes[next]) {
        points.push_back({i + 1, counter.tokens(), counter.words()});
        ++next;
      }
    }
    PrintCurve(points);
    return 0;
  }

  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + out_path);
  for (std::uint64_t i = 0; i < articles; ++i) {
    generator.Generate(i, line);
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  out.close();
  if (!out) throw std::runtime_error("error writing " + out_path);
  std::cerr << "facette_make_corpus: " << articles << " articles (" << vocabulary
            << " vocabulary) from " << pool.articles.size() << " source articles ("
            << pool.sentences.size() << " sentences) -> " << out_path << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "facette_make_corpus: " << e.what() << "\n";
  return 1;
}
