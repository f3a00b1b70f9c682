// The table of embedded files that the generated web_assets_data.cc defines
// (web/embed_assets.cmake) and web_assets.cc searches. Internal to web/.
#ifndef FACETTE_WEB_WEB_ASSETS_TABLE_H_
#define FACETTE_WEB_WEB_ASSETS_TABLE_H_

#include <vector>

#include "web/web_assets.h"

namespace facette::web {

/// Every file of web/CMakeLists.txt's list, in its order.
const std::vector<Asset>& AssetTable();

}  // namespace facette::web

#endif  // FACETTE_WEB_WEB_ASSETS_TABLE_H_
