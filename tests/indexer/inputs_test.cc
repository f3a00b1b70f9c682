// Tests of input expansion (indexer/inputs.h).
#include "indexer/inputs.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace facette {
namespace {

namespace fs = std::filesystem;

TEST(InputsTest, FormatFromExtension) {
  static const struct {
    const char* path;
    bool known;
    InputFormat format;
  } kCases[] = {
      {"a.jsonl", true, InputFormat::kJsonLines},   {"dir/a.JSONL", true, InputFormat::kJsonLines},
      {"a.ndjson", true, InputFormat::kJsonLines},  {"a.txt", true, InputFormat::kText},
      {"A.TXT", true, InputFormat::kText},          {"a.md", true, InputFormat::kMarkdown},
      {"a.Markdown", true, InputFormat::kMarkdown}, {"a.json", false, InputFormat::kJsonLines},
      {"a.bin", false, InputFormat::kJsonLines},    {"a", false, InputFormat::kJsonLines},
      {"md", false, InputFormat::kJsonLines},       {"a.txt.gz", false, InputFormat::kJsonLines},
  };
  for (const auto& c : kCases) {
    InputFormat format = InputFormat::kJsonLines;
    EXPECT_EQ(c.known, FormatFromExtension(c.path, format)) << c.path;
    if (c.known) {
      EXPECT_EQ(c.format, format) << c.path;
    }
  }
}

class InputsDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "facette-inputs-XXXXXX").string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
    // Written in an order unlike the sorted one.
    for (const char* name : {"sub/c.md", "README.md", "sub/b.txt", ".hidden/e.jsonl", "d.bin",
                             "a.jsonl", ".f.txt", "sub/LICENSE.txt", "sub/.g.md", "LICENSE-winer-fr.txt",
                             "sub/licence-professionnelle.txt", "READMEfirst.md"}) {
      Touch(name);
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void Touch(const std::string& name) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream out(path);
    out << "x\n";
  }
  fs::path dir_;
};

TEST_F(InputsDirTest, WalksADirectory) {
  Result<std::vector<InputFile>> files = ExpandInputs({dir_.string()});
  ASSERT_TRUE(files.ok()) << files.status().message();
  static const struct {
    const char* relative;
    InputFormat format;
  } kExpected[] = {
      {"READMEfirst.md", InputFormat::kMarkdown},  // not a README: no separator after it
      {"a.jsonl", InputFormat::kJsonLines},
      {"sub/b.txt", InputFormat::kText},
      {"sub/c.md", InputFormat::kMarkdown},
      {"sub/licence-professionnelle.txt", InputFormat::kText},  // lower case: an article
  };
  ASSERT_EQ(std::size(kExpected), files->size());
  for (std::size_t i = 0; i < std::size(kExpected); ++i) {
    const InputFile& f = (*files)[i];
    EXPECT_EQ(kExpected[i].relative, f.text_id) << i;
    EXPECT_EQ(kExpected[i].format, f.format) << i;
    EXPECT_EQ(fs::path(f.path), dir_ / kExpected[i].relative) << f.path;
    EXPECT_TRUE(fs::equivalent(f.path, dir_ / kExpected[i].relative)) << f.path;
    EXPECT_FALSE(f.display_name.empty());
  }
}

TEST_F(InputsDirTest, TrailingSlashGivesTheSameIds) {
  Result<std::vector<InputFile>> files = ExpandInputs({dir_.string() + "/"});
  ASSERT_TRUE(files.ok()) << files.status().message();
  std::vector<std::string> ids;
  for (const InputFile& f : *files) ids.push_back(f.text_id);
  EXPECT_EQ((std::vector<std::string>{"READMEfirst.md", "a.jsonl", "sub/b.txt", "sub/c.md",
                                      "sub/licence-professionnelle.txt"}),
            ids);
}

TEST_F(InputsDirTest, SubdirectoryIdsAreRelativeToTheDirectoryGiven) {
  Result<std::vector<InputFile>> files = ExpandInputs({(dir_ / "sub").string()});
  ASSERT_TRUE(files.ok()) << files.status().message();
  std::vector<std::string> ids;
  for (const InputFile& f : *files) ids.push_back(f.text_id);
  EXPECT_EQ((std::vector<std::string>{"b.txt", "c.md", "licence-professionnelle.txt"}), ids);
}

TEST_F(InputsDirTest, FilesGivenDirectly) {
  static const struct {
    const char* name;
    InputFormat format;
    const char* id;
  } kCases[] = {
      {"sub/c.md", InputFormat::kMarkdown, "c.md"},
      {"sub/b.txt", InputFormat::kText, "b.txt"},
      {"a.jsonl", InputFormat::kJsonLines, "a.jsonl"},
      {"d.bin", InputFormat::kJsonLines, "d.bin"},         // unknown extension: JSON Lines
      {"README.md", InputFormat::kMarkdown, "README.md"},  // not skipped when named
      {".hidden/e.jsonl", InputFormat::kJsonLines, "e.jsonl"},
  };
  for (const auto& c : kCases) {
    std::string arg = (dir_ / c.name).string();
    Result<std::vector<InputFile>> files = ExpandInputs({arg});
    ASSERT_TRUE(files.ok()) << c.name << ": " << files.status().message();
    ASSERT_EQ(1u, files->size()) << c.name;
    const InputFile& f = (*files)[0];
    EXPECT_EQ(arg, f.path) << c.name;
    EXPECT_EQ(arg, f.display_name) << c.name;
    EXPECT_EQ(c.format, f.format) << c.name;
    EXPECT_EQ(c.id, f.text_id) << c.name;
  }
}

TEST_F(InputsDirTest, ArgumentsKeepTheirOrder) {
  Result<std::vector<InputFile>> files =
      ExpandInputs({(dir_ / "sub/c.md").string(), "-", (dir_ / "a.jsonl").string()});
  ASSERT_TRUE(files.ok()) << files.status().message();
  ASSERT_EQ(3u, files->size());
  EXPECT_EQ("c.md", (*files)[0].text_id);
  EXPECT_EQ("-", (*files)[1].path);
  EXPECT_EQ("a.jsonl", (*files)[2].text_id);
}

TEST_F(InputsDirTest, MissingPathIsNotFound) {
  std::string missing = (dir_ / "no-such-file.jsonl").string();
  Result<std::vector<InputFile>> files = ExpandInputs({(dir_ / "a.jsonl").string(), missing});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(Status::Code::kNotFound, files.status().code());
  EXPECT_NE(std::string::npos, files.status().message().find(missing)) << files.status().message();
}

TEST(InputsTest, DashIsStandardInput) {
  Result<std::vector<InputFile>> files = ExpandInputs({"-"});
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(1u, files->size());
  EXPECT_EQ("-", (*files)[0].path);
  EXPECT_EQ("<stdin>", (*files)[0].display_name);
  EXPECT_EQ(InputFormat::kJsonLines, (*files)[0].format);
}

TEST(InputsTest, NoArgumentsNoFiles) {
  Result<std::vector<InputFile>> files = ExpandInputs({});
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

}  // namespace
}  // namespace facette
