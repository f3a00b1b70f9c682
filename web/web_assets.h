// The search page's files (web/), compiled in: what facette-serve answers
// for "/" and "/static/NAME". Plain data, no HTTP library.
#ifndef FACETTE_WEB_WEB_ASSETS_H_
#define FACETTE_WEB_WEB_ASSETS_H_

#include <string_view>

namespace facette::web {

struct Asset {
  std::string_view name;          ///< the file's name in web/ ("app.js")
  std::string_view content_type;  ///< "text/javascript; charset=utf-8"
  std::string_view bytes;         ///< the file's contents
};

/// The asset a URL path names: "/" is index.html, "/static/NAME" the file
/// NAME of web/; nullptr for any other path (no file by that name, a
/// subfolder, "..").
const Asset* FindAsset(std::string_view path);

}  // namespace facette::web

#endif  // FACETTE_WEB_WEB_ASSETS_H_
