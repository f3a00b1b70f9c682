// Engine names and dispatch.
#include "bench/engines.h"

#include <stdexcept>
#include <string>

namespace facette::bench {

std::string_view EngineName(EngineId engine) {
  switch (engine) {
    case EngineId::kFacette:
      return "facette";
    case EngineId::kStockXapian:
      return "xapian";
    case EngineId::kSqliteFts5:
      return "sqlite";
    case EngineId::kFacetteOneThread:
      return "facette-1t";
    case EngineId::kFacetteExtract:
      return "facette-extract";
  }
  return "?";
}

EngineId ParseEngineName(std::string_view name) {
  for (EngineId engine : kEngines) {
    if (EngineName(engine) == name) return engine;
  }
  for (EngineId engine : kFacetteVariants) {
    if (EngineName(engine) == name) return engine;
  }
  throw std::runtime_error("unknown engine " + std::string(name));
}

void IndexWith(EngineId engine, const std::string& input, const std::string& db) {
  switch (engine) {
    case EngineId::kFacette:
      return IndexFacette(input, db);
    case EngineId::kStockXapian:
      return IndexStockXapian(input, db);
    case EngineId::kSqliteFts5:
      return IndexSqliteFts5(input, db);
    case EngineId::kFacetteOneThread:
      return IndexFacette(input, db, /*jobs=*/1);
    case EngineId::kFacetteExtract:
      return IndexFacette(input, db, /*jobs=*/0, /*extract=*/true);
  }
}

std::unique_ptr<QueryEngine> OpenEngine(EngineId engine, const std::string& db) {
  switch (engine) {
    case EngineId::kFacette:
    case EngineId::kFacetteOneThread:
    case EngineId::kFacetteExtract:
      return OpenFacette(db);
    case EngineId::kStockXapian:
      return OpenStockXapian(db);
    case EngineId::kSqliteFts5:
      return OpenSqliteFts5(db);
  }
  throw std::runtime_error("unknown engine");
}

}  // namespace facette::bench
