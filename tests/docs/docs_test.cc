// SPDX-License-Identifier: GPL-2.0-or-later
// The documentation names everything a user can type or read: every
// command-line option of every tool, as its --help lists it, and every key
// of the JSON the tools print, as a real run over corpus/ prints it, must
// appear in README.md, docs/*.md or corpus/README.md (the input format).
// The lists come from the programs, so a new option or field without
// documentation fails here.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/process_support.h"

namespace facette::test {
namespace {

std::string ExportBinary() { return std::string(FACETTE_BINARY_DIR) + "/query/facette-export"; }

// The text of every document the check searches.
std::string Documentation() {
  const std::filesystem::path root(FACETTE_SOURCE_DIR);
  std::vector<std::filesystem::path> files = {root / "README.md", root / "corpus" / "README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(root / "docs")) {
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::string text;
  for (const auto& file : files) text += ReadWholeFile(file.string()) + "\n";
  return text;
}

bool IsOptionChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// True when `option` ("--db") is written in `docs` as a whole option, not
// as the start of a longer one ("--dbx") nor the end of one ("--not-db").
bool DocumentsOption(const std::string& docs, const std::string& option) {
  for (std::size_t at = docs.find(option); at != std::string::npos;
       at = docs.find(option, at + 1)) {
    const std::size_t end = at + option.size();
    const bool starts = at == 0 || !IsOptionChar(docs[at - 1]);
    const bool ends = end == docs.size() || !IsOptionChar(docs[end]);
    if (starts && ends) return true;
  }
  return false;
}

// The long options of the "Options:" section of a CLI11 --help: each line
// that starts with an option, its names before the first space, separated
// by commas ("  --organization,--org,--organisation TEXT").
std::set<std::string> LongOptions(const std::string& help) {
  std::set<std::string> options;
  std::istringstream lines(help);
  std::string line;
  bool in_options = false;
  while (std::getline(lines, line)) {
    if (line == "Options:") {
      in_options = true;
      continue;
    }
    if (!in_options) continue;
    if (line.empty()) break;
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] != '-') continue;
    std::istringstream names(line.substr(start, line.find(' ', start) - start));
    std::string name;
    while (std::getline(names, name, ',')) {
      if (name.rfind("--", 0) == 0 && name != "--help") options.insert(name);
    }
  }
  return options;
}

TEST(DocsTest, EveryOptionOfEveryToolIsDocumented) {
  const std::string docs = Documentation();
  for (const std::string& tool : {IndexBinary(), QueryBinary(), ExportBinary()}) {
    const Measured help = RunMeasured({tool, "--help"}, 60);
    ASSERT_EQ(help.exit_status, 0) << tool << " --help: " << help.err;
    const std::set<std::string> options = LongOptions(help.out);
    // Every tool reads --db: the parse of its help found its options.
    ASSERT_EQ(options.count("--db"), 1u) << tool << " --help:\n" << help.out;
    for (const std::string& option : options) {
      EXPECT_TRUE(DocumentsOption(docs, option))
          << tool << " " << option << " is in no document (README.md, docs/*.md)";
    }
  }
}

// Every key of every object in `element`, at any depth.
void CollectKeys(simdjson::dom::element element, std::set<std::string>* keys) {
  if (element.is_object()) {
    for (auto field : element.get_object()) {
      keys->insert(std::string(field.key));
      CollectKeys(field.value, keys);
    }
  } else if (element.is_array()) {
    for (auto child : element.get_array()) CollectKeys(child, keys);
  }
}

// The keys of every JSON document of `output`, one per line.
std::set<std::string> KeysOfLines(const std::string& output) {
  std::set<std::string> keys;
  simdjson::dom::parser parser;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    simdjson::dom::element element;
    const auto error = parser.parse(line).get(element);
    EXPECT_EQ(error, simdjson::SUCCESS) << "not JSON: " << line;
    if (error == simdjson::SUCCESS) CollectKeys(element, &keys);
  }
  return keys;
}

// True when `key` is written in `docs` as code (`key`) or as a JSON string
// ("key").
bool DocumentsKey(const std::string& docs, const std::string& key) {
  return docs.find("`" + key + "`") != std::string::npos ||
         docs.find("\"" + key + "\"") != std::string::npos;
}

TEST(DocsTest, EveryJsonFieldIsDocumented) {
  ScratchDir dir;
  const std::string db = dir.Path("db");
  const Measured indexed = RunMeasured({IndexBinary(), "--db", db, "-q", CorpusFile()}, 300);
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;

  // A search with hits, matched words and every facet; a facet search; the
  // export. Their outputs hold every kind of object the tools print.
  const std::vector<std::vector<std::string>> runs = {
      {QueryBinary(), "--db", db, "--format", "json", "attentat"},
      {QueryBinary(), "--db", db, "--format", "jsonl", "attentat"},
      {QueryBinary(), "--db", db, "--format", "json", "--facet-search", "person", "fran"},
      {ExportBinary(), "--db", db, "-q"},
  };
  const std::string docs = Documentation();
  for (const auto& run : runs) {
    const Measured output = RunMeasured(run, 120);
    ASSERT_EQ(output.exit_status, 0) << run.back() << ": " << output.err;
    const std::set<std::string> keys = KeysOfLines(output.out);
    // Every run prints objects with keys: the output was read.
    ASSERT_FALSE(keys.empty()) << output.out;
    for (const std::string& key : keys) {
      EXPECT_TRUE(DocumentsKey(docs, key))
          << "the JSON field \"" << key << "\" (" << run.front() << ") is in no document";
    }
  }
}

}  // namespace
}  // namespace facette::test
