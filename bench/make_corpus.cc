// facette_make_corpus: writes a deterministic corpus of realistic French news
// articles, in facette's JSON Lines input format, for the benchmarks.
//
//   facette_make_corpus --articles N --seed S --out FILE.jsonl [--shared DIR]
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
// or one of its sentences, in order of first appearance. Output streams:
// memory is the pool of sentences, whatever N is. Same N and seed, same bytes.
#include <simdjson.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/utf8.h"
#include "schema/dates.h"

namespace {

enum class EntityKind { kPerson = 0, kOrganization = 1, kLocation = 2 };

struct GoldEntity {
  EntityKind kind;
  std::string text;
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
    if (span.begin >= begin && span.end <= end) sentence.entities.push_back(span.entity);
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

class ArticleGenerator {
 public:
  ArticleGenerator(const Pool& pool, std::uint64_t seed) : pool_(pool), seed_(seed) {}

  // Writes article `index` as one JSON line (with its newline) into `out`.
  void Generate(std::uint64_t index, std::string& out) {
    std::mt19937_64 rng(SplitMix64(seed_ ^ SplitMix64(index)));
    auto pick = [&rng](std::size_t n) {
      return static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n));
    };
    const std::size_t article_count = pool_.articles.size();
    const SourceArticle& primary = pool_.articles[pick(article_count)];
    const std::size_t paragraph_count =
        std::max<std::size_t>(1, pool_.articles[pick(article_count)].paragraphs.size());

    used_.clear();
    used_.push_back(primary.title);
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
        body_ += pool_.sentences[sentence].text;
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
    AppendJsonString(out, pool_.sentences[primary.title].text);
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
      for (std::uint32_t sentence : used_) {
        for (const GoldEntity& entity : pool_.sentences[sentence].entities) {
          if (static_cast<int>(entity.kind) != kind || !seen_.insert(entity.text).second) continue;
          if (!first) out += ", ";
          first = false;
          AppendJsonString(out, entity.text);
        }
      }
      out += ']';
    }
    out += "}\n";
  }

 private:
  const Pool& pool_;
  std::uint64_t seed_;
  std::vector<std::uint32_t> used_;
  std::string body_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"Writes a deterministic benchmark corpus of French news articles (JSON Lines)."};
  std::uint64_t articles = 10000;
  std::uint64_t seed = 1;
  std::string out_path;
  std::string shared_dir = FACETTE_SOURCE_DIR "/../shared/corpus";
  app.add_option("--articles", articles, "Number of articles")->required();
  app.add_option("--seed", seed, "Random seed (same seed and size, same bytes)");
  app.add_option("--out", out_path, "Output file (JSON Lines)")->required();
  app.add_option("--shared", shared_dir, "Shared corpus folder (winer-fr-ner.dev.jsonl)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  Pool pool = LoadPool(shared_dir + "/winer-fr-ner.dev.jsonl");
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + out_path);
  ArticleGenerator generator(pool, seed);
  std::string line;
  for (std::uint64_t i = 0; i < articles; ++i) {
    generator.Generate(i, line);
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  out.close();
  if (!out) throw std::runtime_error("error writing " + out_path);
  std::cerr << "facette_make_corpus: " << articles << " articles from " << pool.articles.size()
            << " source articles (" << pool.sentences.size() << " sentences) -> " << out_path
            << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "facette_make_corpus: " << e.what() << "\n";
  return 1;
}
