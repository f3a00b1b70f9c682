// Article helpers (article.h).
#include "indexer/article.h"

namespace facette {

std::string SourcePosition::ToString() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line);
}

}  // namespace facette
