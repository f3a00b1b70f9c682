// Titles and honorifics before person names (analysis/person_titles.h).
#include "analysis/person_titles.h"

#include <gtest/gtest.h>

namespace facette {
namespace {

TEST(PersonTitlesTest, StripPersonTitles) {
  static const struct {
    const char* name;
    const char* stripped;
  } kCases[] = {
      {"M. Macron", "Macron"},
      {"Mme Merkel", "Merkel"},
      {"le président Macron", "Macron"},
      {"Le Président Emmanuel Macron", "Emmanuel Macron"},
      {"le Premier ministre Édouard Philippe", "Édouard Philippe"},
      {"l'ancien président Sarkozy", "Sarkozy"},
      {"Dr  Jekyll", "Jekyll"},
      {"Cheikh Tamim ben Hamad Al Thani", "Tamim ben Hamad Al Thani"},
      {"Le Pen", "Le Pen"},  // an article before a name is part of it
      {"Marine Le Pen", "Marine Le Pen"},
      {"M.", "M."},  // nothing would be left
      {"Président", "Président"},
      {"La Fontaine", "La Fontaine"},
      {"Jean-Pierre Raffarin", "Jean-Pierre Raffarin"},
      {"le porte-parole Gabriel Attal", "Gabriel Attal"},
  };
  for (const auto& c : kCases) EXPECT_EQ(c.stripped, StripPersonTitles(c.name)) << c.name;
}

}  // namespace
}  // namespace facette
