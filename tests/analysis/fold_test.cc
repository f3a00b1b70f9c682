// Tests of CleanSpaces (analysis/fold.h): white space collapsed and trimmed,
// controls dropped, NFC; text already clean comes back as it is. Expected
// values written by hand.
#include "analysis/fold.h"

#include <gtest/gtest.h>

#include <string>

namespace facette {
namespace {

TEST(CleanSpacesTest, CleanTextComesBackAsItIs) {
  for (const char* text : {"", "Donald Trump", "Jean-Marie Le Pen", "Élysée", "L’Œuvre d’Ōsaka",
                           "Москва", "北京", "a b c", "x"}) {
    EXPECT_EQ(CleanSpaces(text), text);
  }
}

TEST(CleanSpacesTest, RunsOfSpaceBecomeOneSpaceAndTheEndsAreTrimmed) {
  EXPECT_EQ(CleanSpaces(" Donald Trump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("Donald Trump "), "Donald Trump");
  EXPECT_EQ(CleanSpaces("Donald  Trump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("Donald\tTrump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("Donald\nTrump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("   "), "");
  // No-break space (U+00A0), narrow no-break space (U+202F), em space
  // (U+2003), ideographic space (U+3000), zero width space (U+200B).
  EXPECT_EQ(CleanSpaces("Donald\u00A0Trump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("15\u202F%"), "15 %");
  EXPECT_EQ(CleanSpaces("Élysée\u2003 Palais"), "Élysée Palais");
  EXPECT_EQ(CleanSpaces("\u3000北京"), "北京");
  EXPECT_EQ(CleanSpaces("Donald\u200BTrump"), "Donald Trump");
}

TEST(CleanSpacesTest, ControlsAreDroppedAsSpace) {
  EXPECT_EQ(CleanSpaces("Donald\x01Trump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("Donald\x7FTrump"), "Donald Trump");
  EXPECT_EQ(CleanSpaces("Donald\u0085Trump"), "Donald Trump");  // a C1 control
  EXPECT_EQ(CleanSpaces("Élysée\u0090"), "Élysée");
}

TEST(CleanSpacesTest, TextIsPutInNfc) {
  // "e" + combining acute accent -> "é"; the Angstrom sign -> "Å".
  EXPECT_EQ(CleanSpaces("Ele\u0301onore"), "Eléonore");
  EXPECT_EQ(CleanSpaces("\u212B"), "\u00C5");
  EXPECT_EQ(CleanSpaces("Ele\u0301onore  Dupont"), "Eléonore Dupont");
}

TEST(CleanSpacesTest, InvalidUtf8BecomesTheReplacementCharacter) {
  EXPECT_EQ(CleanSpaces("Trump\xFF"), "Trump\uFFFD");
  EXPECT_EQ(CleanSpaces("\xC3"), "\uFFFD");
}

}  // namespace
}  // namespace facette
