// Looking up the embedded files of the search page (web_assets.h).
#include "web/web_assets.h"

#include "web/web_assets_table.h"

namespace facette::web {

const Asset* FindAsset(std::string_view path) {
  constexpr std::string_view kStatic = "/static/";
  std::string_view name;
  if (path == "/") {
    name = "index.html";
  } else if (path.substr(0, kStatic.size()) == kStatic) {
    name = path.substr(kStatic.size());
  } else {
    return nullptr;
  }
  // Names are compared whole: "/static/../x" or "/static/a/b" find nothing.
  for (const Asset& asset : AssetTable()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

}  // namespace facette::web
