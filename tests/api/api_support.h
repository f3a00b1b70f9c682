// Support for the tests of the public API (include/facette/): a small
// synthetic collection whose every count the tests work out themselves,
// and databases made by the real facette-index from JSON Lines.
#ifndef FACETTE_TESTS_API_API_SUPPORT_H_
#define FACETTE_TESTS_API_API_SUPPORT_H_

#include <string>
#include <vector>

#include "facette/article.h"
#include "support/process_support.h"

namespace facette::test {

// The synthetic articles: `count` articles "t/00", "t/01"... each with one
// or two of four persons, one of two organisations, one of three
// locations, a date of its own (2015-01-01 plus i months and i days, so
// that the date order is the id order), "climat" in the body of the even
// ones, and two dates mentioned. Names need no resolution (no titles,
// aliases or short forms), so the database stores them as given.
std::vector<Article> SyntheticArticles(int count = 30);

// The persons, organisations and locations SyntheticArticles draws from.
extern const std::vector<std::string> kPersons;
extern const std::vector<std::string> kOrganizations;
extern const std::vector<std::string> kLocations;

// Writes `articles` to `path` as JSON Lines, written field by field here
// (not by FormatArticleJson, which some tests check against it).
void WriteJsonLines(const std::string& path, const std::vector<Article>& articles);

// Runs facette-index on `inputs` into `db` with `args` (e.g. "--jobs",
// "1"), quietly and without extraction; the test fails unless it exits 0.
void IndexWithTool(const std::string& db, const std::vector<std::string>& inputs,
                   const std::vector<std::string>& args = {"--jobs", "1"});

// The device and inode of the directory at `path` (0, 0 when none).
std::pair<unsigned long, unsigned long> DirectoryIdentityOf(const std::string& path);

}  // namespace facette::test

#endif  // FACETTE_TESTS_API_API_SUPPORT_H_
