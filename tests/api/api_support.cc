// Support for the tests of the public API (api_support.h).
#include "api_support.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <utility>

namespace facette::test {

const std::vector<std::string> kPersons = {"Jeanne Martin", "Jean Dupont", "Paul Durand",
                                           "Marie Lefebvre"};
const std::vector<std::string> kOrganizations = {"Acme Industries", "Globex"};
const std::vector<std::string> kLocations = {"Lyon", "Nantes", "Brest"};

std::vector<Article> SyntheticArticles(int count) {
  std::vector<Article> articles;
  for (int i = 0; i < count; ++i) {
    Article a;
    char buf[64];
    std::snprintf(buf, sizeof buf, "t/%02d", i);
    a.id = buf;
    a.title = i % 2 == 0 ? "Le climat en question" : "La politique agricole";
    a.body = i % 2 == 0 ? "Le climat change vite, disent les chercheurs."
                        : "Les agriculteurs manifestent devant la préfecture.";
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2015 + i / 12, 1 + i % 12, 1 + i % 28);
    a.date = buf;
    a.url = "https://example.org/" + std::to_string(i);
    a.source = "exemple";
    std::vector<std::string> persons = {kPersons[i % 4]};
    if (i % 3 == 0) persons.push_back(kPersons[(i + 1) % 4]);
    a.entities[Index(EntityType::kPerson)] = persons;
    a.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{kOrganizations[i % 2]};
    a.entities[Index(EntityType::kLocation)] = std::vector<std::string>{kLocations[i % 3]};
    a.dates_mentioned = std::vector<std::string>{"2016-02", "2014"};
    articles.push_back(std::move(a));
  }
  return articles;
}

namespace {

// `s` as a JSON string (the test's texts hold no control character).
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string QuotedList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const std::string& v : values) out += (out.size() > 1 ? ", " : "") + Quoted(v);
  return out + "]";
}

}  // namespace

void WriteJsonLines(const std::string& path, const std::vector<Article>& articles) {
  std::string out;
  for (const Article& a : articles) {
    out += "{\"id\": " + Quoted(a.id) + ", \"title\": " + Quoted(a.title) +
           ", \"date\": " + Quoted(a.date) + ", \"body\": " + Quoted(a.body) +
           ", \"url\": " + Quoted(a.url) + ", \"source\": " + Quoted(a.source);
    const char* keys[] = {"persons", "organizations", "locations"};
    for (EntityType type : kEntityTypes) {
      const auto& names = a.entities[Index(type)];
      if (names) out += std::string(", \"") + keys[Index(type)] + "\": " + QuotedList(*names);
    }
    if (a.dates_mentioned) out += ", \"dates_mentioned\": " + QuotedList(*a.dates_mentioned);
    out += "}\n";
  }
  WriteWholeFile(path, out);
}

void IndexWithTool(const std::string& db, const std::vector<std::string>& inputs,
                   const std::vector<std::string>& args) {
  std::vector<std::string> argv = {IndexBinary(), "--db", db, "--quiet", "--extract", "never"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), inputs.begin(), inputs.end());
  Measured m = RunMeasured(argv, 600);
  ASSERT_EQ(0, m.exit_status) << m.err;
}

std::pair<unsigned long, unsigned long> DirectoryIdentityOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {0, 0};
  return {static_cast<unsigned long>(st.st_dev), static_cast<unsigned long>(st.st_ino)};
}

}  // namespace facette::test
