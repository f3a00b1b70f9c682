// Canonical entity keys (entity_key.h).
#include "schema/entity_key.h"

#include "analysis/fold.h"

namespace facette {

std::string CanonicalEntityKey(std::string_view name) { return FoldToKey(name); }

std::string_view KeyWithoutArticle(std::string_view key) {
  for (const std::string_view article : {"le ", "la ", "les ", "l "}) {
    if (key.size() > article.size() && key.substr(0, article.size()) == article) {
      return key.substr(article.size());
    }
  }
  return {};
}

std::string EntityLabel(std::string_view name) { return CleanSpaces(name); }

std::string PackKeys(const std::vector<std::string>& keys) {
  std::string packed;
  for (const std::string& key : keys) {
    if (!packed.empty()) packed.push_back(kPackedKeySeparator);
    packed += key;
  }
  return packed;
}

}  // namespace facette
