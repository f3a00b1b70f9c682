// DefaultDatabasePath (facette/searcher.h): the database every facette
// tool uses when none is named.
#include <cstdlib>

#include "facette/searcher.h"

namespace facette {

std::string DefaultDatabasePath() {
  const char* env = std::getenv("FACETTE_DB");
  return env != nullptr && *env != '\0' ? env : "./facette.db";
}

}  // namespace facette
