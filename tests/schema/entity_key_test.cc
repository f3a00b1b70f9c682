// Tests of canonical entity keys and labels (schema/entity_key.h).
#include "schema/entity_key.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace facette {
namespace {

TEST(EntityKeyTest, CanonicalEntityKey) {
  static const struct {
    const char* name;
    const char* key;
  } kCases[] = {
      {"OpenAI", "openai"},
      {"Openai", "openai"},
      {"OPENAI", "openai"},
      {"OPEN AI.", "open ai"},
      {"François Hollande", "francois hollande"},
      {"francois hollande", "francois hollande"},
      {"FRANÇOIS HOLLANDE", "francois hollande"},
      {"  Jean-Luc   Mélenchon ", "jean luc melenchon"},
      {"Œuvre", "oeuvre"},
      {"œuvre d'Orient", "oeuvre d orient"},
      {"L'Oréal", "l oreal"},
      {"L’Oréal", "l oreal"},
      {"État islamique", "etat islamique"},
      {"État Islamique", "etat islamique"},
      {"Al-Joulani", "al joulani"},
      {"al-Joulani", "al joulani"},
      {"Benoît Hamon", "benoit hamon"},
      {"Lech Wałęsa", "lech walesa"},
      {"Straße", "strasse"},
      {"G20", "g20"},
      {"Boko Haram (groupe)", "boko haram groupe"},
      {"!!!", ""},
      {"", ""},
      {"   ", ""},
      {"François\u00A0Hollande", "francois hollande"},  // no-break space
      {"François\u202FHollande", "francois hollande"},  // narrow no-break space
      {"Ｏｐｅｎ", "open"},                             // full-width letters
      {"Paris\tFrance\n", "paris france"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.key, CanonicalEntityKey(c.name)) << '"' << c.name << '"';
  }
}

TEST(EntityKeyTest, KeyWithoutArticle) {
  EXPECT_EQ("sncf", KeyWithoutArticle(CanonicalEntityKey("la SNCF")));
  EXPECT_EQ("onu", KeyWithoutArticle(CanonicalEntityKey("l'ONU")));
  EXPECT_EQ("onu", KeyWithoutArticle(CanonicalEntityKey("L’ONU")));
  EXPECT_EQ("monde", KeyWithoutArticle(CanonicalEntityKey("Le Monde")));
  EXPECT_EQ("republicains", KeyWithoutArticle(CanonicalEntityKey("Les Républicains")));
  // Only a whole first word, and never the whole key.
  EXPECT_EQ("", KeyWithoutArticle("laval"));
  EXPECT_EQ("", KeyWithoutArticle("lens"));
  EXPECT_EQ("", KeyWithoutArticle("la"));
  EXPECT_EQ("", KeyWithoutArticle("la "));
  EXPECT_EQ("", KeyWithoutArticle("paris la defense"));
  EXPECT_EQ("", KeyWithoutArticle(""));
}

TEST(EntityKeyTest, KeyNeverContainsSeparatorOrDoubleSpaces) {
  static const char* const kNames[] = {
      "a\x1f"
      "b",
      " x  y ", "--a--b--", "\x1f\x1f", "é\x1f"};
  for (const char* name : kNames) {
    std::string key = CanonicalEntityKey(name);
    EXPECT_EQ(std::string::npos, key.find(kPackedKeySeparator)) << name;
    EXPECT_EQ(std::string::npos, key.find("  ")) << name;
    if (!key.empty()) {
      EXPECT_NE(' ', key.front()) << name;
      EXPECT_NE(' ', key.back()) << name;
    }
  }
}

TEST(EntityKeyTest, EntityLabel) {
  static const struct {
    const char* name;
    const char* label;
  } kCases[] = {
      {"François Hollande", "François Hollande"},
      {"  Jean-Luc   Mélenchon ", "Jean-Luc Mélenchon"},
      {"Marine\u00A0Le\u202FPen", "Marine Le Pen"},
      {"Ren\u0065\u0301 Ang\u0065\u0301lil", "Ren\u00E9 Ang\u00E9lil"},  // NFC
      {"a\tb\nc", "a b c"},
      {"OpenAI", "OpenAI"},
      {"", ""},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(c.label, EntityLabel(c.name)) << '"' << c.name << '"';
  }
}

TEST(EntityKeyTest, PackKeysRoundTrip) {
  static const std::vector<std::string> kLists[] = {
      {},
      {"openai"},
      {"francois hollande", "openai", "etat islamique"},
      {"a", "b", "c", "d"},
  };
  for (const auto& keys : kLists) {
    std::string packed = PackKeys(keys);
    std::vector<std::string> back;
    ForEachPackedKey(packed, [&back](std::string_view key) { back.emplace_back(key); });
    EXPECT_EQ(keys, back) << packed;
  }
  EXPECT_EQ(
      "a\x1f"
      "b",
      PackKeys({"a", "b"}));
}

TEST(EntityKeyTest, ForEachPackedKeySkipsEmptyPieces) {
  std::vector<std::string> keys;
  ForEachPackedKey(
      "\x1f"
      "a\x1f\x1f"
      "b\x1f",
      [&keys](std::string_view k) { keys.emplace_back(k); });
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), keys);
  int calls = 0;
  ForEachPackedKey("", [&calls](std::string_view) { ++calls; });
  EXPECT_EQ(0, calls);
}

}  // namespace
}  // namespace facette
