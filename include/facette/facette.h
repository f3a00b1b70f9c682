// facette: the whole public API. Search French news articles by what they
// say and by who and what they talk about.
//
//   index.h     write a database (Indexer: upsert, delete, import)
//   article.h   an article, in and out
//   status.h    errors as values
//   version.h   the version
#ifndef FACETTE_FACETTE_H_
#define FACETTE_FACETTE_H_

#include "facette/article.h"
#include "facette/index.h"
#include "facette/status.h"
#include "facette/version.h"

#endif  // FACETTE_FACETTE_H_
