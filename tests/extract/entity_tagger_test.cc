// The PER/ORG/LOC tagger (indexer/extract/entity_tagger.h): its tokens,
// model file, training code, and the built-in model on clear-cut French
// sentences written for this test (none from the corpus's 2018 articles),
// traps included: titles, organisation words, acronyms, particles,
// sentence-initial capitals that are not names.
#include "indexer/extract/entity_tagger.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "indexer/extract/ner_decode.h"
#include "indexer/extract/ner_features.h"
#include "indexer/extract/ner_mentions.h"
#include "indexer/extract/ner_model.h"
#include "indexer/extract/ner_model_data.h"
#include "indexer/extract/ner_tokens.h"
#include "indexer/extract/tools/ner_gold.h"
#include "indexer/extract/tools/ner_trainer.h"

namespace facette {
namespace {

using ner::NerToken;

std::vector<NerToken> Tokens(std::string_view text) {
  std::vector<NerToken> tokens;
  ner::TokenizeForNer(text, &tokens);
  return tokens;
}

std::vector<std::string> TokenTexts(std::string_view text) {
  std::vector<std::string> out;
  for (const NerToken& t : Tokens(text)) out.emplace_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

// ---------------------------------------------------------------- tokens

TEST(NerTokensTest, WordsAndByteOffsets) {
  struct Case {
    std::string text;
    std::vector<std::string> words;
  };
  const Case cases[] = {
      {"Jean-Yves Le Drian a parlé.", {"Jean", "Yves", "Le", "Drian", "a", "parlé"}},
      {"l'OMS et d’Angela Merkel", {"OMS", "et", "Angela", "Merkel"}},
      {"À Besançon, l’Élysée", {"À", "Besançon", "Élysée"}},
      {"« Non », dit-il (AFP).", {"Non", "dit", "il", "AFP"}},
      {"", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TokenTexts(c.text), c.words) << c.text;
    // Offsets are byte offsets of the text as given: each word is found
    // where the token says, in order.
    std::size_t from = 0;
    for (const NerToken& t : Tokens(c.text)) {
      const std::string word = c.text.substr(t.begin, t.end - t.begin);
      EXPECT_EQ(c.text.find(word, from), t.begin) << c.text << ": " << word;
      from = t.end;
    }
  }
}

TEST(NerTokensTest, Flags) {
  const std::string text = "M. Macron reçoit l'OMS. Ensuite Jean-Pierre part\nAprès 2017";
  const std::vector<NerToken> tokens = Tokens(text);
  ASSERT_EQ(TokenTexts(text),
            (std::vector<std::string>{"M", "Macron", "reçoit", "OMS", "Ensuite", "Jean", "Pierre",
                                      "part", "Après", "2017"}));
  auto has = [&](std::size_t i, std::uint16_t flag) { return (tokens[i].flags & flag) != 0; };
  EXPECT_TRUE(has(0, ner::kSentenceStart));
  EXPECT_TRUE(has(0, ner::kSingleLetter));
  EXPECT_FALSE(has(1, ner::kSentenceStart)) << "a full stop after M. ends no sentence";
  EXPECT_TRUE(has(1, ner::kCapitalised));
  EXPECT_TRUE(has(2, ner::kLowerInitial));
  EXPECT_TRUE(has(3, ner::kAllCaps));
  EXPECT_TRUE(has(3, ner::kElided));
  EXPECT_EQ(tokens[3].source_begin, text.find("l'OMS"));
  EXPECT_TRUE(has(4, ner::kSentenceStart));
  EXPECT_TRUE(has(6, ner::kAfterHyphen));
  EXPECT_FALSE(has(6, ner::kSentenceStart));
  EXPECT_TRUE(has(8, ner::kSentenceStart)) << "a line break starts a sentence";
  EXPECT_TRUE(has(9, ner::kAllDigits));
  // The same word folds to the same hash whatever its case and accents.
  const std::vector<NerToken> other = Tokens("macron MACRON Màcron");
  for (const NerToken& t : other) EXPECT_EQ(t.folded, tokens[1].folded);
  EXPECT_NE(other[0].raw, other[1].raw);
}

TEST(NerTokensTest, ShapesAndGapsOfAsciiAndOtherCharacters) {
  // Shapes by hand: upper case X, lower case x, digit d, other ASCII as
  // itself, accented letters as letters; the gap is the punctuation between
  // two tokens, spaces dropped.
  const std::string text = "Élise a vu R2D2 ,  puis Ça, à 3e\u00a0Paris.";
  const std::vector<NerToken> tokens = Tokens(text);
  ASSERT_EQ(TokenTexts(text), (std::vector<std::string>{"Élise", "a", "vu", "R2D2", "puis", "Ça",
                                                        "à", "3e", "Paris"}));
  const char* const shapes[] = {"Xxxxx", "x", "xx", "XdXd", "xxxx", "Xx", "x", "dx", "Xxxxx"};
  const char* const short_shapes[] = {"Xx", "x", "x", "XdXd", "x", "Xx", "x", "dx", "Xx"};
  const char* const gaps[] = {"", "", "", "", ",", "", ",", "", ""};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].shape, ner::HashBytes(shapes[i], 0x58)) << i;
    EXPECT_EQ(tokens[i].short_shape, ner::HashBytes(short_shapes[i], 0x59)) << i;
    EXPECT_EQ(tokens[i].gap, ner::HashBytes(gaps[i], 0x47)) << i;
  }
  EXPECT_TRUE(tokens[3].flags & ner::kHasDigit);
  EXPECT_TRUE(tokens[5].flags & ner::kCapitalised);
  EXPECT_TRUE(tokens[6].flags & ner::kLowerInitial);
}

TEST(NerGoldTest, CodePointByteOffsets) {
  // a (1 byte), é (2), € (3), 😀 (4), b (1).
  const std::string text =
      "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
      "b";
  EXPECT_EQ(ner::CodePointByteOffsets(text), (std::vector<std::size_t>{0, 1, 3, 6, 10, 11}));
  EXPECT_EQ(ner::CodePointByteOffsets(""), (std::vector<std::size_t>{0}));
  // An invalid byte is one code point.
  EXPECT_EQ(ner::CodePointByteOffsets("\xFF"
                                      "a"),
            (std::vector<std::size_t>{0, 1, 2}));
}

TEST(NerGoldTest, HeldOutIds) {
  EXPECT_TRUE(ner::IsHeldOutId("winer-fr/2018_03_01-001"));
  EXPECT_FALSE(ner::IsHeldOutId("winer-fr/2017_12_31-004"));
}

ner::GoldArticle ParsedArticle(std::string text,
                               std::vector<std::tuple<std::string, std::string>> entities) {
  ner::GoldArticle a;
  a.id = "test";
  a.text = std::move(text);
  for (const auto& [type, name] : entities) {
    ner::GoldEntity e;
    e.type = type;
    e.begin = a.text.find(name);
    e.end = e.begin + name.size();
    e.text = name;
    a.entities.push_back(e);
  }
  return a;
}

TEST(NerTrainerTest, GoldTagsAreBio) {
  const ner::GoldArticle a = ParsedArticle(
      "Jean-Yves Le Drian est allé à Besançon avec l'OMS.",
      {{"PER", "Jean-Yves Le Drian"}, {"LOC", "Besançon"}, {"ORG", "OMS"}, {"DATE", "allé"}});
  std::size_t misaligned = 0;
  const std::vector<std::uint8_t> tags = ner::GoldTags(a, Tokens(a.text), &misaligned);
  using namespace ner;  // NOLINT: tag names
  EXPECT_EQ(tags,
            (std::vector<std::uint8_t>{kBPer, kIPer, kIPer, kIPer, kO, kO, kO, kBLoc, kO, kBOrg}));
  EXPECT_EQ(misaligned, 0u);
}

// ----------------------------------------------------------- model file

ner::NerModel SmallModel() {
  ner::NerModel m;
  m.hash_bits = 10;
  m.weights.assign((std::size_t{1} << m.hash_bits) * ner::kRowWidth, 0);
  for (std::size_t i = 0; i < m.weights.size(); i += 37) {
    if (i % ner::kRowWidth != ner::kTagCount) m.weights[i] = static_cast<std::int16_t>(i * 7 - 900);
  }
  for (std::size_t i = 0; i < ner::kTransitionCount; ++i) {
    m.transitions[i] = static_cast<std::int16_t>(100 - 9 * static_cast<int>(i));
  }
  m.gazetteer = ner::Gazetteer({{42, ner::kGazPerson}, {7, ner::kLowercaseWord}});
  return m;
}

TEST(NerModelTest, RoundTrip) {
  const ner::NerModel m = SmallModel();
  const std::string bytes = m.Serialize();
  Result<ner::NerModel> back = ner::NerModel::Parse(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->hash_bits, m.hash_bits);
  EXPECT_EQ(back->weights, m.weights);
  EXPECT_EQ(back->transitions, m.transitions);
  EXPECT_EQ(back->gazetteer.entries(), m.gazetteer.entries());
  EXPECT_EQ(back->gazetteer.Bits(42), ner::kGazPerson);
  EXPECT_EQ(back->gazetteer.Bits(43), 0);
  EXPECT_EQ(back->Serialize(), bytes);
}

TEST(NerModelTest, BadFilesAreErrors) {
  const std::string bytes = SmallModel().Serialize();
  const std::string bad[] = {
      "",
      "XNER" + bytes.substr(4),
      bytes.substr(0, bytes.size() - 1),
      bytes + "x",
      bytes.substr(0, 8) + std::string("\x63\x00\x00\x00", 4) + bytes.substr(12),  // features 99
  };
  for (const std::string& b : bad) {
    EXPECT_FALSE(ner::NerModel::Parse(b).ok()) << b.size();
    EXPECT_FALSE(EntityTagger::FromModel(b).ok());
  }
}

TEST(NerModelTest, BuiltInModelLoadsAndFitsTheBudget) {
  const std::string_view bytes = ner::BuiltInModelBytes();
  EXPECT_GT(bytes.size(), 1000u);
  EXPECT_LE(bytes.size(), 5u << 20);
  Result<ner::NerModel> model = ner::NerModel::Parse(bytes);
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ(EntityTagger::BuiltIn().model().Serialize(), std::string(bytes));
}

// -------------------------------------------------------------- training

std::vector<ner::GoldArticle> TinyCorpus() {
  std::vector<ner::GoldArticle> corpus;
  const char* const persons[] = {"Paul Durand", "Marie Leroy", "Jacques Morel", "Anne Petit"};
  const char* const places[] = {"Lyon", "Nantes", "Toulouse", "Rennes"};
  const char* const orgs[] = {"Banque Nova", "Groupe Arcade", "Agence Orion", "Parti Vert"};
  for (int i = 0; i < 16; ++i) {
    const std::string per = persons[i % 4], loc = places[(i / 4) % 4], org = orgs[(i + 1) % 4];
    corpus.push_back(ParsedArticle("Hier, " + per + " est arrivé à " + loc +
                                       " pour rencontrer la " + org + ". Le maire était absent.",
                                   {{"PER", per}, {"LOC", loc}, {"ORG", org}}));
  }
  return corpus;
}

TEST(NerTrainerTest, DeterministicAndLearnsTheTrainingPattern) {
  const std::vector<ner::GoldArticle> corpus = TinyCorpus();
  std::vector<const ner::GoldArticle*> articles;
  for (const auto& a : corpus) articles.push_back(&a);
  ner::TrainOptions options;
  options.epochs = 5;
  options.hash_bits = 12;
  options.type_offsets = {0.0, 0.0, 0.0};  // the defaults are for the gold corpus's weights
  ner::TrainReport report;
  const std::string first = ner::TrainNerModel(articles, options, &report).Serialize();
  EXPECT_EQ(ner::TrainNerModel(articles, options).Serialize(), first);
  EXPECT_EQ(report.articles, 16u);
  EXPECT_EQ(report.entities, 48u);
  options.seed = 2;
  EXPECT_NE(ner::TrainNerModel(articles, options).Serialize(), first);

  Result<EntityTagger> tagger = EntityTagger::FromModel(first);
  ASSERT_TRUE(tagger.ok());
  const ner::GoldArticle& a = corpus[5];
  std::set<std::tuple<int, std::string>> expected, found;
  for (const auto& e : a.entities) {
    expected.emplace(static_cast<int>(*ner::GoldEntityType(e.type)), e.text);
  }
  for (const EntityMention& m : tagger->Tag(a.text)) {
    found.emplace(static_cast<int>(m.type), m.text);
  }
  EXPECT_EQ(found, expected);
}

TEST(NerTrainerTest, TypeOffsetsMoveEveryTokensScores) {
  const std::vector<ner::GoldArticle> corpus = TinyCorpus();
  std::vector<const ner::GoldArticle*> articles;
  for (const auto& a : corpus) articles.push_back(&a);
  ner::TrainOptions options;
  options.epochs = 5;
  options.hash_bits = 12;
  options.type_offsets = {0.0, 0.0, 0.0};  // the defaults are for the gold corpus's weights
  const ner::GoldArticle& a = corpus[5];
  const auto types_found = [&](const std::array<double, 3>& offsets) {
    options.type_offsets = offsets;
    Result<EntityTagger> tagger =
        EntityTagger::FromModel(ner::TrainNerModel(articles, options).Serialize());
    std::vector<EntityMention> found;
    if (tagger.ok()) found = tagger->Tag(a.text);
    return found;
  };
  // Without offsets the pattern is learnt (the test above): one person.
  std::size_t persons = 0;
  for (const EntityMention& m : types_found({0.0, 0.0, 0.0})) {
    persons += m.type == EntityType::kPerson;
  }
  EXPECT_EQ(persons, 1u);
  // Far below every weight, persons are never found; the others still are.
  std::set<std::tuple<int, std::string>> others, found;
  for (const auto& e : a.entities) {
    if (e.type != "PER") others.emplace(static_cast<int>(*ner::GoldEntityType(e.type)), e.text);
  }
  for (const EntityMention& m : types_found({-1e3, 0.0, 0.0})) {
    EXPECT_NE(m.type, EntityType::kPerson) << m.text;
    found.emplace(static_cast<int>(m.type), m.text);
  }
  EXPECT_EQ(others.size(), 2u);
  for (const auto& e : others) EXPECT_EQ(found.count(e), 1u) << std::get<1>(e);
  // Far above, every word is in an organisation, from the first one.
  const std::vector<EntityMention> all_org = types_found({0.0, 1e3, 0.0});
  ASSERT_FALSE(all_org.empty());
  EXPECT_EQ(all_org[0].begin, 0u);
  for (const EntityMention& m : all_org) EXPECT_EQ(m.type, EntityType::kOrganization) << m.text;
}

// ------------------------------------------------------ built-in tagger

struct Expected {
  EntityType type;
  std::string text;
};

void ExpectEntities(std::string_view text, const std::vector<Expected>& expected) {
  const std::vector<EntityMention> found = EntityTagger::BuiltIn().Tag(text);
  std::vector<std::string> want, got;
  for (const Expected& e : expected) {
    want.push_back(std::to_string(static_cast<int>(e.type)) + ":" + e.text);
  }
  for (const EntityMention& m : found) {
    got.push_back(std::to_string(static_cast<int>(m.type)) + ":" + m.text);
    EXPECT_EQ(m.text, text.substr(m.begin, m.end - m.begin));
  }
  EXPECT_EQ(got, want) << text;
}

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;

TEST(EntityTaggerTest, ClearCutSentences) {
  struct Case {
    std::string text;
    std::vector<Expected> expected;
  };
  const Case cases[] = {
      // Titles and honorifics are not part of the name.
      {"M. Dupont-Aignan a rencontré Mme Merkel à Berlin.",
       {{kPer, "Dupont-Aignan"}, {kPer, "Merkel"}, {kLoc, "Berlin"}}},
      {"Le président Emmanuel Macron s'est rendu à Marseille.",
       {{kPer, "Emmanuel Macron"}, {kLoc, "Marseille"}}},
      {"Le Premier ministre Édouard Philippe a reçu les syndicats.", {{kPer, "Édouard Philippe"}}},
      // Acronyms.
      {"L'OMS et l'ONU ont publié un rapport sur le virus Ebola.", {{kOrg, "OMS"}, {kOrg, "ONU"}}},
      // Organisation words are part of the organisation's name.
      {"La Banque de France a relevé ses prévisions de croissance.", {{kOrg, "Banque de France"}}},
      {"Le Parti socialiste a choisi son candidat à Paris.",
       {{kOrg, "Parti socialiste"}, {kLoc, "Paris"}}},
      // Particles inside names.
      {"Selon Jean-Yves Le Drian, la situation au Mali reste fragile.",
       {{kPer, "Jean-Yves Le Drian"}, {kLoc, "Mali"}}},
      // Sentence-initial capitals that are not names.
      {"Hier, les pompiers sont intervenus. Plusieurs maisons ont brûlé à Lyon.", {{kLoc, "Lyon"}}},
      {"Pendant la nuit, la neige est tombée sur la Bretagne.", {{kLoc, "Bretagne"}}},
      {"Aucun blessé n'est à déplorer.", {}},
  };
  for (const Case& c : cases) ExpectEntities(c.text, c.expected);
}

TEST(EntityTaggerTest, OffsetsAreBytesOfTheGivenText) {
  const std::string title = "Élections : François Hollande à Bruxelles";
  const std::string text = title + "\n\nLe président François Hollande est arrivé.";
  const std::vector<EntityMention> found = EntityTagger::BuiltIn().Tag(text);
  ASSERT_FALSE(found.empty());
  for (const EntityMention& m : found) {
    ASSERT_LE(m.begin, m.end);
    ASSERT_LE(m.end, text.size());
    EXPECT_EQ(m.text, text.substr(m.begin, m.end - m.begin));
  }
  EXPECT_EQ(found[0].begin, text.find("François"));
}

TEST(EntityTaggerTest, HostileInputs) {
  const std::string inputs[] = {
      "",
      "\xFF\xFE\xC3",
      std::string(5000, 'A'),
      std::string(3000, ' ') + "Paris",
      std::string("a\0b Paris", 9),  // embedded NUL
  };
  for (const std::string& text : inputs) {
    for (const EntityMention& m : EntityTagger::BuiltIn().Tag(text)) {
      ASSERT_LE(m.end, text.size());
      EXPECT_LT(m.begin, m.end);
    }
  }
}

TEST(EntityTaggerTest, ThreadSafe) {
  const std::string texts[] = {
      "Le président Emmanuel Macron s'est rendu à Marseille.",
      "La Banque de France a relevé ses prévisions de croissance.",
      "Selon Jean-Yves Le Drian, la situation au Mali reste fragile.",
  };
  std::vector<std::vector<EntityMention>> expected;
  for (const std::string& t : texts) expected.push_back(EntityTagger::BuiltIn().Tag(t));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 200; ++round) {
        const std::size_t i = static_cast<std::size_t>(round + k) % 3;
        if (EntityTagger::BuiltIn().Tag(texts[i]) != expected[i]) ++mismatches[k];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// ------------------------------------------------------------ long texts
//
// The tagger reads a text a window of tokens at a time and decodes it a
// token at a time; what it finds must be what the whole text, held at once,
// gives: every token, every feature row and the full Viterbi lattice.

// The gold file's texts (real French articles, title + "\n\n" + body).
std::vector<std::string> GoldTexts() {
  Result<std::vector<ner::GoldArticle>> gold =
      ner::ReadGoldFile(FACETTE_SOURCE_DIR "/../shared/corpus/winer-fr-ner.dev.jsonl");
  EXPECT_TRUE(gold.ok()) << gold.status().message();
  std::vector<std::string> texts;
  if (gold.ok()) {
    for (const ner::GoldArticle& a : *gold) texts.push_back(a.text);
  }
  return texts;
}

// The texts joined by blank lines.
std::string Joined(const std::vector<std::string>& texts, std::size_t count) {
  std::string joined;
  for (std::size_t i = 0; i < count && i < texts.size(); ++i) {
    if (i > 0) joined += "\n\n";
    joined += texts[i];
  }
  return joined;
}

// The function words that end no name (ner_mentions.cc), as written.
const std::set<std::string_view> kFunctionWords = {
    "a",   "à",     "au",   "aux", "avec", "ce",  "car",  "cette", "chez", "contre", "dans",
    "de",  "des",   "donc", "du",  "elle", "en",  "est",  "et",    "il",   "la",     "le",
    "les", "mais",  "ne",   "ou",  "où",   "par", "pas",  "pour",  "qui",  "que",    "sa",
    "se",  "selon", "ses",  "son", "sous", "sur", "sans", "un",    "une"};

// The mentions of `text` computed on the whole text at once.
std::vector<EntityMention> WholeTextMentions(const EntityTagger& tagger, std::string_view text) {
  const ner::NerModel& m = tagger.model();
  std::vector<NerToken> tokens;
  ner::TokenizeForNer(text, &tokens);
  ner::FeatureScratch scratch;
  ner::TokenFeatures features;
  ner::ExtractFeatures(tokens, m, &scratch, &features);
  const std::size_t n = tokens.size();
  std::vector<std::int64_t> emissions(n * ner::kRowWidth, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::uint32_t f = features.offsets[i]; f < features.offsets[i + 1]; ++f) {
      for (std::size_t t = 0; t < ner::kRowWidth; ++t) {
        emissions[i * ner::kRowWidth + t] +=
            m.weights[std::size_t{features.ids[f]} * ner::kRowWidth + t];
      }
    }
    ner::ForbidTags(features.forbidden[i], emissions.data() + i * ner::kRowWidth);
  }
  std::vector<std::int64_t> transitions(m.transitions.begin(), m.transitions.end());
  std::vector<std::int64_t> delta;
  std::vector<std::uint8_t> back, tags;
  ner::ViterbiDecode(emissions.data(), transitions.data(), n, &delta, &back, &tags);
  // No person's name takes a token that starts with a digit.
  const auto number = [&](std::size_t i) {
    const std::uint16_t flags = tokens[i].flags;
    return (flags & ner::kHasDigit) && !(flags & (ner::kCapitalised | ner::kLowerInitial));
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (number(i) && tags[i] != ner::kO && ner::TagType(tags[i]) == EntityType::kPerson) {
      tags[i] = ner::kO;
    }
  }
  // Runs of tags, through the rest of a word and from its capitalised
  // start; then the rules of ner_mentions.h over all of them.
  const auto joined = [&](std::size_t i) {
    return (tokens[i].flags & (ner::kAfterHyphen | ner::kAfterApostrophe)) != 0;
  };
  struct Run {
    EntityType type;
    std::size_t i, j;
  };
  std::vector<Run> runs;
  std::vector<ner::MentionWord> words;
  for (const NerToken& t : tokens) words.push_back(ner::MentionWord{t.folded, t.flags});
  for (std::size_t b = 0; b < n; ++b) {
    if (tags[b] == ner::kO || ner::IsInside(tags[b])) continue;
    std::size_t j = b + 1;
    const bool person = ner::TagType(tags[b]) == EntityType::kPerson;
    while (j < n &&
           (tags[j] == tags[b] + 1 || (tags[j] == ner::kO && joined(j) && !(person && number(j))) ||
            (tags[j] == tags[b] && joined(j) && tags[j - 1] == ner::kO))) {
      ++j;
    }
    std::size_t i = b;
    if (joined(b)) {
      std::size_t k = b;
      while (k > 0 && joined(k) && tags[k - 1] == ner::kO &&
             (tokens[k - 1].flags & ner::kCapitalised)) {
        --k;
      }
      if (!joined(k) && tags[k] == ner::kO && b - k <= 4) i = k;
    }
    while (j - i > 1 && (tokens[j - 1].flags & ner::kLowerInitial) && !joined(j - 1) &&
           kFunctionWords.count(
               text.substr(tokens[j - 1].begin, tokens[j - 1].end - tokens[j - 1].begin))) {
      --j;
    }
    const EntityType type = ner::TagType(tags[b]);
    const std::size_t cut =
        ner::PersonAfterKnownName(type, words.data() + i, j - i, m.gazetteer, m.lexicon);
    if (cut == 0) {
      runs.push_back(Run{type, i, j});
    } else {
      runs.push_back(Run{type, i, i + cut});
      runs.push_back(Run{EntityType::kPerson, i + cut, j});
    }
  }
  std::vector<Run> names;
  ner::TextTypes types;
  for (const Run& run : runs) {
    if (ner::IsCommonNoun(run.type, words.data() + run.i, run.j - run.i, m.gazetteer)) continue;
    names.push_back(run);
    types.Add(run.type, words.data() + run.i, run.j - run.i);
  }
  std::vector<EntityMention> mentions;
  for (const auto& [type, i, j] : names) {
    EntityMention mention;
    mention.type = types.TypeOf(type, words.data() + i, j - i);
    mention.begin = tokens[i].begin;
    mention.end = tokens[j - 1].end;
    mention.text = std::string(text.substr(mention.begin, mention.end - mention.begin));
    mentions.push_back(mention);
  }
  return mentions;
}

TEST(EntityTaggerTest, LongTextTaggedAsAWhole) {
  const std::vector<std::string> texts = GoldTexts();
  ASSERT_GT(texts.size(), 500u);
  // All the articles in one text: about 200,000 tokens, many windows.
  const std::string all = Joined(texts, texts.size());
  std::vector<NerToken> tokens;
  ner::TokenizeForNer(all, &tokens);
  ASSERT_GT(tokens.size(), 100000u);
  const std::vector<EntityMention> whole = WholeTextMentions(EntityTagger::BuiltIn(), all);
  EXPECT_GT(whole.size(), 5000u);
  EXPECT_EQ(EntityTagger::BuiltIn().Tag(all), whole);
  // One at a time, through the sink.
  std::vector<EntityMention> streamed;
  EntityTagger::BuiltIn().Tag(all, [&](EntityMention&& m) { streamed.push_back(std::move(m)); });
  EXPECT_EQ(streamed, whole);
  // And each article alone (one window each).
  std::size_t differ = 0;
  for (const std::string& text : texts) {
    differ += EntityTagger::BuiltIn().Tag(text) != WholeTextMentions(EntityTagger::BuiltIn(), text);
  }
  EXPECT_EQ(differ, 0u);
}

TEST(FeatureWindowTest, WindowsOfAnySizeGiveTheWholeTextsFeatures) {
  const std::string text = Joined(GoldTexts(), 40);
  std::vector<NerToken> tokens;
  ner::TokenizeForNer(text, &tokens);
  ASSERT_GT(tokens.size(), 5000u);
  const ner::NerModel& m = EntityTagger::BuiltIn().model();
  ner::FeatureScratch scratch;
  ner::TokenFeatures whole;
  ner::ExtractFeatures(tokens, m, &scratch, &whole);
  ASSERT_EQ(whole.offsets.size(), tokens.size() + 1);

  for (std::size_t step : {1, 2, 3, 7, 8, 9, 100, 4096}) {
    ner::DocumentWords words;
    words.Clear();
    for (const NerToken& t : tokens) words.Add(t);
    ner::FeatureWindow window;
    window.Start(words, m);
    // Each token's feature ids, token by token, as the windows give them.
    std::vector<std::vector<std::uint32_t>> rows;
    std::size_t mismatched_tokens = 0;
    ner::TokenFeatures part;
    auto collect = [&](bool ended) {
      const std::size_t count = window.Extract(ended, &part);
      ASSERT_EQ(part.offsets.size(), count + 1);
      for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = rows.size();
        mismatched_tokens += window.extracted(k).begin != tokens[i].begin;
        rows.emplace_back(part.ids.begin() + part.offsets[k],
                          part.ids.begin() + part.offsets[k + 1]);
      }
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      window.Push(tokens[i]);
      if ((i + 1) % step == 0) collect(false);
      EXPECT_LE(window.pending(), step + ner::kFeatureLookahead) << step;
    }
    collect(true);
    ASSERT_EQ(rows.size(), tokens.size()) << step;
    EXPECT_EQ(mismatched_tokens, 0u) << step;
    std::size_t differ = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::vector<std::uint32_t> expected(whole.ids.begin() + whole.offsets[i],
                                                whole.ids.begin() + whole.offsets[i + 1]);
      differ += rows[i] != expected;
    }
    EXPECT_EQ(differ, 0u) << "window step " << step;
  }
}

// The phrase search of the gazetteer and the lexicon: each token a phrase
// covers gains one feature (the phrase's, at its start or inside), a word of
// the lexicon one more (its word) and its neighbours one each, against the
// same model with both lists empty. The longest phrase wins ("Jean-Yves Le
// Drian", not "Jean"), and one-word phrases count ("Jean" alone, "Paris").
TEST(FeatureWindowTest, LongestPhrasesOfTheGazetteerAndLexiconMarkTheirTokens) {
  const std::string text = "Hier, Jean-Yves Le Drian et Jean sont à Paris";
  std::vector<NerToken> tokens;
  ner::TokenizeForNer(text, &tokens);
  ASSERT_EQ(tokens.size(), 10u);

  auto key = [](std::initializer_list<std::string_view> words) {
    std::uint64_t phrase = ner::kPhraseSeed;
    for (std::string_view w : words) phrase = ner::ExtendPhrase(phrase, ner::FoldedWordHash(w));
    return phrase;
  };
  ner::NerModel bare;
  bare.hash_bits = 16;
  ner::NerModel lists = bare;
  lists.gazetteer = ner::Gazetteer({
      {key({"jean"}), ner::kGazPerson | ner::kPhrasePrefix},
      {key({"jean", "yves"}), ner::kPhrasePrefix},
      {key({"jean", "yves", "le"}), ner::kPhrasePrefix},
      {key({"jean", "yves", "le", "drian"}), ner::kGazPerson},
  });
  lists.lexicon = ner::Gazetteer({{key({"paris"}), ner::kLexPlace}});

  auto counts = [&](const ner::NerModel& m) {
    ner::FeatureScratch scratch;
    ner::TokenFeatures features;
    ner::ExtractFeatures(tokens, m, &scratch, &features);
    std::vector<std::size_t> n;
    for (std::size_t i = 0; i + 1 < features.offsets.size(); ++i) {
      n.push_back(features.offsets[i + 1] - features.offsets[i]);
    }
    return n;
  };
  const std::vector<std::size_t> without = counts(bare);
  const std::vector<std::size_t> with = counts(lists);
  ASSERT_EQ(without.size(), tokens.size());
  ASSERT_EQ(with.size(), tokens.size());
  // hier Jean Yves Le Drian et Jean sont à Paris
  const std::size_t extra[] = {0, 1, 1, 1, 1, 0, 1, 0, 1, 2};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(with[i], without[i] + extra[i]) << "token " << i;
  }
}

// Random scores in a small range (ties are frequent) for n tokens.
std::vector<std::int64_t> RandomScores(std::mt19937* random, std::size_t n) {
  std::uniform_int_distribution<int> score(-4, 4);
  std::vector<std::int64_t> scores(n);
  for (std::int64_t& s : scores) s = score(*random);
  return scores;
}

TEST(ViterbiStreamTest, SameTagsAsTheWholeLattice) {
  std::mt19937 random(16);
  for (std::size_t n : {0, 1, 2, 3, 31, 32, 33, 64, 65, 1000, 20000}) {
    for (int round = 0; round < 5; ++round) {
      const std::vector<std::int64_t> emissions = RandomScores(&random, n * ner::kRowWidth);
      const std::vector<std::int64_t> transitions = RandomScores(&random, ner::kTransitionCount);
      std::vector<std::int64_t> delta;
      std::vector<std::uint8_t> back, expected;
      ner::ViterbiDecode(emissions.data(), transitions.data(), n, &delta, &back, &expected);

      ner::ViterbiStream<std::int64_t> stream;
      stream.Start(transitions.data(), std::size_t{1} << 20);
      std::vector<std::uint8_t> tags;
      for (std::size_t i = 0; i < n; ++i) stream.Push(&emissions[i * ner::kRowWidth], &tags);
      stream.Finish(&tags);
      EXPECT_EQ(tags, expected) << n << " tokens, round " << round;
    }
  }
}

TEST(ViterbiStreamTest, OpenTokensStayUnderTheBound) {
  std::mt19937 random(7);
  const std::size_t n = 5000;
  const std::vector<std::int64_t> transitions = RandomScores(&random, ner::kTransitionCount);
  const std::vector<std::int64_t> emissions = RandomScores(&random, n * ner::kRowWidth);
  for (std::size_t max_open : {2, 5, 40}) {
    ner::ViterbiStream<std::int64_t> stream;
    stream.Start(transitions.data(), max_open);
    std::vector<std::uint8_t> tags;
    std::size_t most_open = 0;
    for (std::size_t i = 0; i < n; ++i) {
      stream.Push(&emissions[i * ner::kRowWidth], &tags);
      most_open = std::max(most_open, i + 1 - tags.size());
    }
    stream.Finish(&tags);
    EXPECT_LE(most_open, max_open);
    ASSERT_EQ(tags.size(), n);
    for (std::uint8_t t : tags) EXPECT_LT(t, ner::kTagCount);
  }
}

// ------------------------------------------------ rules of one text

// The words of a mention as the rules of ner_mentions.h read them.
std::vector<ner::MentionWord> Words(std::string_view name) {
  std::vector<ner::MentionWord> words;
  for (const NerToken& t : Tokens(name)) words.push_back(ner::MentionWord{t.folded, t.flags});
  return words;
}

// The tokens of `text` that may not continue a person's name (no
// gazetteer phrase running through them).
std::vector<std::string> NotInsideAPerson(std::string_view text) {
  std::vector<std::string> out;
  for (const NerToken& t : Tokens(text)) {
    if (ner::ForbiddenTags(t, 0, 0) & (1u << ner::kIPer)) {
      out.emplace_back(text.substr(t.begin, t.end - t.begin));
    }
  }
  return out;
}

TEST(NerRulesTest, ElidedAndContractedWordsStartAnotherPhrase) {
  // The analyzer's elisions (l' d' qu' jusqu'..., any apostrophe) and the
  // contracted articles du, des, au, aux; sentence starts too. Not a
  // lexical apostrophe ("O'Brien") nor the particle "de".
  EXPECT_EQ(NotInsideAPerson("Il a vu Sam Altman d’OpenAI, Paul Roux du Medef et Anne Petit "
                             "l'Oréal, jusqu’Osaka."),
            (std::vector<std::string>{"Il", "OpenAI", "du", "Oréal", "Osaka"}));
  EXPECT_EQ(NotInsideAPerson("selon Conan O’Brien et Charles de Gaulle des Verts"),
            (std::vector<std::string>{"selon", "des"}));
}

// A model that learnt to glue "d'", "du" and "des" words to persons' names
// (its training articles do), so that only the rule keeps them apart.
std::vector<ner::GoldArticle> GluedParticleCorpus() {
  std::vector<ner::GoldArticle> corpus;
  const char* const persons[] = {"Paul Durand d’Arcy", "Marie Leroy du Bellay",
                                 "Jacques Morel des Roches", "Anne Petit d’Aubigné"};
  const char* const places[] = {"Lyon", "Nantes", "Toulouse", "Rennes"};
  for (int i = 0; i < 16; ++i) {
    const std::string per = persons[i % 4], loc = places[(i / 4) % 4];
    corpus.push_back(
        ParsedArticle("Hier, " + per + " est arrivé à " + loc + ". Le maire était absent.",
                      {{"PER", per}, {"LOC", loc}}));
  }
  return corpus;
}

std::vector<std::string> Persons(const EntityTagger& tagger, std::string_view text) {
  std::vector<std::string> out;
  for (const EntityMention& m : tagger.Tag(text)) {
    if (m.type == EntityType::kPerson) out.push_back(m.text);
  }
  return out;
}

TEST(NerRulesTest, APersonsNameNeverSwallowsTheNextPhrase) {
  const std::vector<ner::GoldArticle> corpus = GluedParticleCorpus();
  std::vector<const ner::GoldArticle*> articles;
  for (const auto& a : corpus) articles.push_back(&a);
  ner::TrainOptions options;
  options.epochs = 5;
  options.hash_bits = 12;
  options.type_offsets = {0.0, 0.0, 0.0};  // the defaults are for the gold corpus's weights
  Result<EntityTagger> tagger =
      EntityTagger::FromModel(ner::TrainNerModel(articles, options).Serialize());
  ASSERT_TRUE(tagger.ok());
  // Names it never saw: the person ends before the elided or contracted word.
  EXPECT_EQ(Persons(*tagger, "Hier, Sam Altman d’OpenAI est arrivé à Lyon."),
            (std::vector<std::string>{"Sam Altman"}));
  EXPECT_EQ(Persons(*tagger, "Hier, Pierre Gattaz du Medef est arrivé à Nantes."),
            (std::vector<std::string>{"Pierre Gattaz"}));
  EXPECT_EQ(Persons(*tagger, "Hier, Julie Blanc des Républicains est arrivée à Rennes."),
            (std::vector<std::string>{"Julie Blanc"}));
  // A person's name known whole (the gazetteer) runs through its particle.
  EXPECT_EQ(Persons(*tagger, "Hier, Paul Durand d’Arcy est arrivé à Lyon."),
            (std::vector<std::string>{"Paul Durand d’Arcy"}));
}

TEST(NerRulesTest, ASurnameOfTheLexiconRunsThroughItsDe) {
  // "d'Estaing" continues a person's name when the lexicon lists "Estaing"
  // as a surname (either apostrophe); not after another elision, nor
  // without the lexicon.
  const std::string text =
      "Valéry Giscard d'Estaing, Anne l'Estaing, Paul Roux d’Estaing, d’OpenAI";
  const auto continuing = [&](bool lexicon) {
    std::vector<std::string> out;
    for (const NerToken& t : Tokens(text)) {
      if (!(t.flags & ner::kElided)) continue;
      const std::string word = text.substr(t.begin, t.end - t.begin);
      const std::uint8_t bits = lexicon && word == "Estaing" ? ner::kLexSurname : 0;
      if (!(ner::ForbiddenTags(t, 0, bits) & (1u << ner::kIPer))) {
        out.push_back(text.substr(t.source_begin, t.end - t.source_begin));
      }
    }
    return out;
  };
  EXPECT_EQ(continuing(true), (std::vector<std::string>{"d'Estaing", "d’Estaing"}));
  EXPECT_EQ(continuing(false), std::vector<std::string>{});
}

// The mentions MentionRuns makes of `text` with one tag per token (B, I or
// O followed by P, G or L; "O" alone), as "PER:name".
std::vector<std::string> Runs(std::string_view text, const std::vector<std::string>& tags,
                              const ner::NerModel& model = ner::NerModel()) {
  const std::vector<NerToken> tokens = Tokens(text);
  EXPECT_EQ(tokens.size(), tags.size()) << text;
  std::vector<std::string> out;
  const ner::RawSink sink = [&](const ner::RawMention& m, const ner::MentionWord* words) {
    EXPECT_NE(words, nullptr);
    const char* type = m.type == kPer ? "PER:" : m.type == kOrg ? "ORG:" : "LOC:";
    out.push_back(type + std::string(text.substr(m.begin, m.end - m.begin)));
  };
  ner::MentionRuns runs(model, sink);
  for (std::size_t i = 0; i < tokens.size() && i < tags.size(); ++i) {
    std::uint8_t tag = ner::kO;
    if (tags[i] != "O") {
      const int type = tags[i][1] == 'P' ? 0 : tags[i][1] == 'G' ? 1 : 2;
      tag = static_cast<std::uint8_t>(1 + 2 * type + (tags[i][0] == 'I' ? 1 : 0));
    }
    runs.Add(tag, ner::TokenSpan{tokens[i].begin, tokens[i].end,
                                 ner::MentionWord{tokens[i].folded, tokens[i].flags}});
  }
  runs.Finish();
  return out;
}

TEST(NerRulesTest, ANameNeitherEndsNorStartsInsideAWord) {
  using V = std::vector<std::string>;
  // The rest of the word after a hyphen or an apostrophe.
  EXPECT_EQ(Runs("Bae Soo-rok parle", {"BP", "IP", "O", "O"}), V{"PER:Bae Soo-rok"});
  EXPECT_EQ(Runs("Prayut Chan-o-cha", {"BP", "IP", "O", "O"}), V{"PER:Prayut Chan-o-cha"});
  EXPECT_EQ(Runs("Armel Le Cléac'h gagne", {"BP", "IP", "IP", "O", "O"}),
            V{"PER:Armel Le Cléac'h"});
  // Not past a space ("a-t-il" is another word), nor into another name.
  EXPECT_EQ(Runs("Trump a-t-il dit", {"BP", "O", "O", "O", "O"}), V{"PER:Trump"});
  EXPECT_EQ(Runs("Macron-Le Pen", {"BP", "BP", "IP"}), (V{"PER:Macron", "PER:Le Pen"}));
  EXPECT_EQ(Runs("Marine Le Pen-Macron", {"BP", "IP", "IP", "BP"}),
            (V{"PER:Marine Le Pen", "PER:Macron"}));
  // A name of the same type tagged after the rest of the word goes on.
  EXPECT_EQ(Runs("Eure-et-Loir", {"BL", "O", "BL"}), V{"LOC:Eure-et-Loir"});
  EXPECT_EQ(Runs("Saint-Pierre-et-Miquelon Nord", {"BL", "IL", "O", "BL", "IL"}),
            V{"LOC:Saint-Pierre-et-Miquelon Nord"});
  EXPECT_EQ(Runs("Eure-et-Loir", {"BL", "O", "BP"}), (V{"LOC:Eure-et", "PER:Loir"}));
  // The capitalised start of the word before the first token tagged.
  EXPECT_EQ(Runs("Jean-Claude Juncker", {"O", "BP", "IP"}), V{"PER:Jean-Claude Juncker"});
  EXPECT_EQ(Runs("Aa-Bb-Cc-Dd-Ee", {"O", "O", "O", "O", "BL"}), V{"LOC:Aa-Bb-Cc-Dd-Ee"});
  // ... not a lower-case one, nor a start of more than four tokens.
  EXPECT_EQ(Runs("les anti-Trump", {"O", "O", "BP"}), V{"PER:Trump"});
  EXPECT_EQ(Runs("Saint-jean-Claude", {"O", "O", "BP"}), V{"PER:Claude"});
  EXPECT_EQ(Runs("Aa-Bb-Cc-Dd-Ee-Ff", {"O", "O", "O", "O", "O", "BL"}), V{"LOC:Ff"});
  // A word whose start was another mention's end.
  EXPECT_EQ(Runs("Paris-Lyon", {"BL", "BL"}), (V{"LOC:Paris", "LOC:Lyon"}));
}

TEST(NerRulesTest, NoNameEndsWithAFunctionWord) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Runs("la Haute Autorité pour la", {"O", "BG", "IG", "IG", "IG"}),
            V{"ORG:Haute Autorité"});
  EXPECT_EQ(Runs("Jean Dupont et", {"BP", "IP", "IP"}), V{"PER:Jean Dupont"});
  // Capitalised, a single word, or the rest of a word: kept.
  EXPECT_EQ(Runs("Marine Le", {"BP", "IP"}), V{"PER:Marine Le"});
  EXPECT_EQ(Runs("Banque de France", {"BG", "IG", "IG"}), V{"ORG:Banque de France"});
  EXPECT_EQ(Runs("de", {"BG"}), V{"ORG:de"});
  EXPECT_EQ(Runs("Port-au", {"BL", "IL"}), V{"LOC:Port-au"});
}

TEST(NerRulesTest, NoNumberInAPersonsName) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Runs("Emmanuel Macron 23,86 %", {"BP", "IP", "IP"}), V{"PER:Emmanuel Macron"});
  EXPECT_EQ(Runs("Macron 23 86 Paris", {"BP", "IP", "IP", "BL"}), (V{"PER:Macron", "LOC:Paris"}));
  EXPECT_EQ(Runs("2017 Macron", {"BP", "IP"}), V{});
  EXPECT_EQ(Runs("Macron-2017", {"BP", "IP"}), V{"PER:Macron"});
  EXPECT_EQ(Runs("Macron-2017", {"BP", "O"}), V{"PER:Macron"});
  EXPECT_EQ(Runs("Airbus-380", {"BG", "O"}), V{"ORG:Airbus-380"});
  // Letters first: kept ("Louis XIV", a name with a number in a word).
  EXPECT_EQ(Runs("Louis XIV", {"BP", "IP"}), V{"PER:Louis XIV"});
  EXPECT_EQ(Runs("R2D2 Skywalker", {"BP", "IP"}), V{"PER:R2D2 Skywalker"});
  // Other types keep their numbers.
  EXPECT_EQ(Runs("Airbus 380", {"BG", "IG"}), V{"ORG:Airbus 380"});
}

TEST(NerRulesTest, AKnownOrganisationIsCutFromThePersonItRunsInto) {
  const auto key = [](std::string_view name) {
    const std::vector<ner::MentionWord> w = Words(name);
    return ner::PhraseKey(w.data(), w.size());
  };
  ner::NerModel model;
  model.gazetteer = ner::Gazetteer({{key("Commission européenne"), ner::kGazOrganization},
                                    {key("Fondation Jean Jaurès"), ner::kGazOrganization},
                                    {key("Fondation"), ner::kGazOrganization},
                                    {key("Parti"), ner::kGazLocation}});
  model.lexicon = ner::Gazetteer(
      {{key("Jean"), ner::kLexFirstName}, {key("Anne"), ner::kLexFirstName | ner::kLexPlace}});
  const auto cut = [&](EntityType type, std::string_view name) {
    const std::vector<ner::MentionWord> w = Words(name);
    return ner::PersonAfterKnownName(type, w.data(), w.size(), model.gazetteer, model.lexicon);
  };
  EXPECT_EQ(cut(kOrg, "Commission européenne Jean-Claude Juncker"), 2u);
  EXPECT_EQ(cut(kOrg, "Commission européenne Anne Hidalgo"), 2u);
  // Known whole; or the rest a single word, not starting with a first name,
  // not capitalised; or the beginning known as another type.
  EXPECT_EQ(cut(kOrg, "Fondation Jean Jaurès"), 0u);
  EXPECT_EQ(cut(kOrg, "Commission européenne Jean"), 0u);
  EXPECT_EQ(cut(kOrg, "Commission européenne Pierre Moscovici"), 0u);
  EXPECT_EQ(cut(kOrg, "Commission européenne Jean-Claude juncker"), 0u);
  EXPECT_EQ(cut(kLoc, "Commission européenne Jean-Claude Juncker"), 0u);
  EXPECT_EQ(cut(kOrg, "Parti Jean Dupont"), 0u);
  EXPECT_EQ(cut(kPer, "Commission européenne Jean-Claude Juncker"), 0u);
  // The cut mention is two mentions, with their own offsets.
  EXPECT_EQ(Runs("la Commission européenne Jean-Claude Juncker a dit",
                 {"O", "BG", "IG", "IG", "IG", "IG", "O", "O"}, model),
            (std::vector<std::string>{"ORG:Commission européenne", "PER:Jean-Claude Juncker"}));
  EXPECT_EQ(Runs("la Fondation Jean Jaurès", {"O", "BG", "IG", "IG"}, model),
            (std::vector<std::string>{"ORG:Fondation Jean Jaurès"}));
}

TEST(NerRulesTest, OneStringOneTypeWithinAText) {
  ner::TextTypes types;
  const auto add = [&](EntityType type, std::string_view name) {
    const std::vector<ner::MentionWord> w = Words(name);
    types.Add(type, w.data(), w.size());
  };
  const auto type_of = [&](EntityType type, std::string_view name) {
    const std::vector<ner::MentionWord> w = Words(name);
    return types.TypeOf(type, w.data(), w.size());
  };
  // Mentions as a tagger might have decoded them, in text order.
  add(kOrg, "Ishiba");  // before the full name
  add(kPer, "Shigeru Ishiba");
  add(kLoc, "Ishiba");
  add(kOrg, "Le Pen");
  add(kPer, "Marine Le Pen");
  add(kOrg, "Orion");
  add(kLoc, "Orion");
  add(kOrg, "ORION");
  add(kLoc, "Nova");
  add(kOrg, "Nova");
  // A person's surname is that person, wherever it appears.
  EXPECT_EQ(type_of(kOrg, "Ishiba"), kPer);
  EXPECT_EQ(type_of(kLoc, "Ishiba"), kPer);
  EXPECT_EQ(type_of(kOrg, "Le Pen"), kPer);
  EXPECT_EQ(type_of(kLoc, "Pen"), kPer);
  EXPECT_EQ(type_of(kOrg, "Shigeru Ishiba"), kPer);
  // Other strings: the type most of their mentions have (case and accents
  // folded), the first one's on a tie.
  EXPECT_EQ(type_of(kLoc, "Orion"), kOrg);
  EXPECT_EQ(type_of(kOrg, "Nova"), kLoc);
  // A string the text did not give keeps its type.
  EXPECT_EQ(type_of(kLoc, "Tokyo"), kLoc);
  // Only the end of a name is a surname ("Shigeru" is not).
  EXPECT_EQ(type_of(kLoc, "Shigeru"), kLoc);
}

TEST(NerRulesTest, CommonNounsAndCommonAcronymsAreNotNames) {
  const ner::Gazetteer empty;
  const auto common = [](std::string_view name, const ner::Gazetteer& gazetteer) {
    const std::vector<ner::MentionWord> w = Words(name);
    return ner::IsCommonNoun(kOrg, w.data(), w.size(), gazetteer);
  };
  for (const char* name : {"IA", "PIB", "TVA", "intelligence artificielle", "l’ia"}) {
    EXPECT_TRUE(common(name, empty)) << name;
  }
  for (const char* name : {"OpenAI", "SoftBank Group", "OMS", "Banque de France", "IAE"}) {
    EXPECT_FALSE(common(name, empty)) << name;
  }
  // Written as a known organisation (the gazetteer says so): kept.
  const std::vector<ner::MentionWord> ia = Words("IA");
  ner::Gazetteer known({{ner::PhraseKey(ia.data(), ia.size()), ner::kGazOrganization}});
  EXPECT_FALSE(common("IA", known));
  // Known as a place only: still not an organisation.
  ner::Gazetteer place({{ner::PhraseKey(ia.data(), ia.size()), ner::kGazLocation}});
  EXPECT_TRUE(common("IA", place));
}

}  // namespace
}  // namespace facette
