// SPDX-License-Identifier: GPL-2.0-or-later
// facette: the whole public API in one include. Search French news articles
// by what they say and by who and what they talk about.
//
//   index.h     write a database (Indexer: upsert, delete, import)
//   searcher.h  search a database, read its articles (Searcher, SearcherPool)
//   search.h    the request and result structs, and their options' names
//   format.h    results and articles as text or JSON
//   article.h   an article, in and out
//   status.h    errors as values
//   version.h   the version
#ifndef FACETTE_FACETTE_H_
#define FACETTE_FACETTE_H_

#include "facette/article.h"
#include "facette/format.h"
#include "facette/index.h"
#include "facette/search.h"
#include "facette/searcher.h"
#include "facette/status.h"
#include "facette/version.h"

#endif  // FACETTE_FACETTE_H_
