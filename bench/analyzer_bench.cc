// Throughput (MB/s of UTF-8 input) of facette's French analyzer against
// Xapian's TermGenerator with the French stemmer (STEM_SOME), over the
// bodies of the 2016-2017 articles of the shared corpus, each analysed into
// its document's terms: facette's DocumentTerms (document_terms.h; a
// Xapian::Document until 2026-12-01, as in the figures below), Xapian's
// Xapian::Document. Also: the tokenizer alone, and ICU's word
// BreakIterator alone, which is what the hand-written tokenizer replaces.
//
//   facette_analyzer_bench [--benchmark_filter=...] [corpus.jsonl]
//
// Measured when the analyzer landed (RelWithDebInfo, 2-core VM, 964 bodies,
// 1.26 MB, median of 5, CPU time): facette TextIndexer 7.0 MB/s, Xapian
// TermGenerator 4.1 MB/s (facette 1.7x faster, while folding, removing
// elisions and writing a stemmed term for every word); the tokenizer alone
// 105 MB/s, ICU's word BreakIterator alone (boundaries only) 54 MB/s. Most of
// the indexer's time is Xapian::Document's term map, which both pay.
#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/french_analyzer.h"
#include "schema/text_terms.h"

namespace {

std::string corpus_path = FACETTE_SOURCE_DIR "/../shared/corpus/winer-fr.jsonl";

// The bodies of the 2016-2017 articles; exits if the corpus is missing.
const std::vector<std::string>& Bodies() {
  static const std::vector<std::string> bodies = [] {
    std::vector<std::string> result;
    std::ifstream in(corpus_path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read the corpus %s\n", corpus_path.c_str());
      std::exit(1);
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string jsonl = buffer.str();
    simdjson::dom::parser parser;
    simdjson::dom::document_stream stream;
    if (parser.parse_many(jsonl).get(stream) != simdjson::SUCCESS) std::exit(1);
    for (auto record : stream) {
      simdjson::dom::element element;
      std::string_view body, date;
      if (record.get(element) || element["body"].get(body) || element["date"].get(date)) continue;
      if (date < "2018") result.emplace_back(body);
    }
    return result;
  }();
  return bodies;
}

std::int64_t TotalBytes() {
  std::int64_t bytes = 0;
  for (const std::string& body : Bodies()) bytes += static_cast<std::int64_t>(body.size());
  return bytes;
}

void BM_FacetteTextIndexer(benchmark::State& state) {
  const auto& bodies = Bodies();
  facette::TextIndexer indexer;
  for (auto _ : state) {
    facette::TermCollector collector;
    for (const std::string& body : bodies) {
      indexer.StartDocument(collector);
      indexer.Index(body, "");
      facette::DocumentTerms terms = collector.Finish();
      benchmark::DoNotOptimize(terms.terms().size());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_FacetteTextIndexer)->Unit(benchmark::kMillisecond);

void BM_XapianTermGenerator(benchmark::State& state) {
  const auto& bodies = Bodies();
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("french"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (auto _ : state) {
    for (const std::string& body : bodies) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(body);
      benchmark::DoNotOptimize(doc.termlist_count());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_XapianTermGenerator)->Unit(benchmark::kMillisecond);

void BM_FacetteTokenizerOnly(benchmark::State& state) {
  const auto& bodies = Bodies();
  for (auto _ : state) {
    std::size_t tokens = 0;
    for (const std::string& body : bodies) {
      facette::FrenchTokenizer tokenizer(body);
      facette::FrenchToken token;
      while (tokenizer.Next(&token)) tokens += token.term.size();
    }
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_FacetteTokenizerOnly)->Unit(benchmark::kMillisecond);

// Word boundaries only (no folding, no terms): the floor of a BreakIterator
// design.
void BM_IcuWordBreakIteratorOnly(benchmark::State& state) {
  const auto& bodies = Bodies();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getFrench(), status));
  if (U_FAILURE(status)) {
    state.SkipWithError("no ICU word break iterator");
    return;
  }
  for (auto _ : state) {
    std::size_t boundaries = 0;
    for (const std::string& body : bodies) {
      icu::UnicodeString text = icu::UnicodeString::fromUTF8(body);
      words->setText(text);
      for (int32_t b = words->first(); b != icu::BreakIterator::DONE; b = words->next()) {
        ++boundaries;
      }
    }
    benchmark::DoNotOptimize(boundaries);
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_IcuWordBreakIteratorOnly)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) corpus_path = argv[1];
  std::fprintf(stderr, "corpus: %s, %zu bodies, %lld bytes\n", corpus_path.c_str(), Bodies().size(),
               static_cast<long long>(TotalBytes()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
