// The open vocabulary of the bench corpus generator (make_corpus.cc, mode
// `--vocabulary heaps`): real French forms drawn with Zipf-like
// frequencies, so that the number of distinct words of a generated corpus
// keeps growing with its size as in real news (Heaps' law), instead of
// stopping at the ~19,000 words of the 964 source articles.
//
// Every list is ranked once, deterministically (a fixed shuffle, or the
// order of the file where it means something: places by population), and a
// draw takes rank r with probability about proportional to (1 + r/q)^-(1+a)
// (a discretised Lomax, Zipf-Mandelbrot-like): few frequent forms, a long
// tail of rare ones. Over M draws the number of distinct ranks seen grows
// like M^(1/(1+a)); with a = 0.8 that is the β ≈ 0.55 of news.
//
// Sources, read at start:
//  - common words: Debian's `wfrench` list (/usr/share/dict/french, 346k
//    forms), grouped by their last two letters so that a word replaces a
//    word of the same ending (plural for plural, -ait for -ait, -ment for
//    -ment); past the end of a group, forms made with a French prefix
//    ("anti", "néo", "sur", ...) joined to the group's words;
//  - persons: the first names and surnames of ner-extra/gaz (hunspell-fr);
//  - places: countries, régions, départements, then French communes by
//    population and world cities (GeoNames), interleaved;
//  - organisations: the intercommunal bodies (EPCI) and hunspell's other
//    proper nouns;
//  - numbers: integers, small ones frequent.
#ifndef FACETTE_BENCH_RARE_WORDS_H_
#define FACETTE_BENCH_RARE_WORDS_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace facette::bench {

class RareWords {
 public:
  // Reads the word list (wfrench) and the gazetteers folder; throws
  // std::runtime_error naming the file that cannot be read or is empty.
  RareWords(const std::string& word_list_path, const std::string& gazetteer_dir);

  // A rare form with the same last two letters as `word` (lowercase), or
  // "" when the list has too few words of that ending.
  std::string WordLike(std::string_view word, std::mt19937_64& rng) const;
  // "First Last".
  std::string PersonName(std::mt19937_64& rng) const;
  std::string Place(std::mt19937_64& rng) const;
  std::string Organization(std::mt19937_64& rng) const;
  // A positive integer written as French news writes it ("12 345").
  std::string Number(std::mt19937_64& rng) const;

  std::size_t word_count() const { return word_count_; }

 private:
  // The words of one ending, in rank order, in one block (frequent ranks
  // first, so that they share cache lines): word i is
  // bytes[starts[i], starts[i + 1]).
  struct Ending {
    std::string bytes;
    std::vector<std::uint32_t> starts;
    std::size_t size() const { return starts.size() - 1; }
  };
  std::size_t word_count_ = 0;
  std::unordered_map<std::string, Ending> by_ending_;
  std::vector<std::string> first_names_;
  std::vector<std::string> surnames_;
  std::vector<std::string> places_;
  std::vector<std::string> organizations_;
};

// A rank drawn from the discretised Lomax law of the header: offset q > 0,
// tail exponent a > 0. Exposed for the tests of the law.
std::uint64_t ZipfRank(std::mt19937_64& rng, double q, double a);

// The last two code points of a UTF-8 word ("" if it has fewer).
std::string_view LastTwoLetters(std::string_view word);

}  // namespace facette::bench

#endif  // FACETTE_BENCH_RARE_WORDS_H_
