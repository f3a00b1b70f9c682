// The search page's files compiled into facette_web_assets (web/): each
// path finds the file of web/ byte for byte, with its content type, and no
// other path finds anything.
#include "web/web_assets.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace facette::web {
namespace {

std::string ReadSourceFile(const std::string& name) {
  std::ifstream in(std::string(FACETTE_SOURCE_DIR) + "/web/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "web/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(WebAssetsTest, RootIsTheIndexPage) {
  const Asset* asset = FindAsset("/");
  ASSERT_NE(asset, nullptr);
  EXPECT_EQ(asset->name, "index.html");
  EXPECT_EQ(asset->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(asset->bytes, ReadSourceFile("index.html"));
}

TEST(WebAssetsTest, StaticFilesAreTheFilesOfWeb) {
  const struct {
    const char* name;
    const char* type;
  } files[] = {
      {"app.js", "text/javascript; charset=utf-8"}, {"state.js", "text/javascript; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},     {"favicon.svg", "image/svg+xml"},
      {"index.html", "text/html; charset=utf-8"},
  };
  for (const auto& file : files) {
    const Asset* asset = FindAsset(std::string("/static/") + file.name);
    ASSERT_NE(asset, nullptr) << file.name;
    EXPECT_EQ(asset->content_type, file.type) << file.name;
    EXPECT_EQ(asset->bytes, ReadSourceFile(file.name)) << file.name;
  }
}

// Every module the page imports is compiled in: each `from './x.js'` of each
// embedded script names an embedded file.
TEST(WebAssetsTest, EveryImportedModuleIsEmbedded) {
  int imports = 0;
  for (const char* script : {"app.js", "results.js", "facets.js", "timeline.js", "article.js",
                             "errors.js", "key.js", "names.js"}) {
    const Asset* asset = FindAsset(std::string("/static/") + script);
    ASSERT_NE(asset, nullptr) << script;
    const std::string text(asset->bytes);
    for (std::size_t at = text.find("from './"); at != std::string::npos;
         at = text.find("from './", at + 1)) {
      const std::size_t start = at + 8;
      const std::string name = text.substr(start, text.find('\'', start) - start);
      EXPECT_NE(FindAsset("/static/" + name), nullptr) << script << " imports " << name;
      ++imports;
    }
  }
  EXPECT_GT(imports, 5);
}

TEST(WebAssetsTest, OtherPathsFindNothing) {
  for (const char* path :
       {"", "/index.html", "/static/", "/static/missing.js", "/static/../app.js",
        "/static/web/app.js", "/static/app.js/", "/search", "/app.js", "/STATIC/app.js"}) {
    EXPECT_EQ(FindAsset(path), nullptr) << path;
  }
}

}  // namespace
}  // namespace facette::web
