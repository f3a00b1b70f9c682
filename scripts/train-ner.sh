#!/usr/bin/env bash
# Remakes the entity tagger's built-in model, indexer/extract/model/ner.model,
# from the annotated 2016-2017 articles of the shared corpus (never the 2018
# ones: the trainer skips their ids) and the lexicon of the shared name lists
# (../shared/ner-extra/gaz; sources and licences in
# indexer/extract/model/README.md), which the model file holds. Deterministic: same gold, same code,
# same bytes. Rebuild afterwards (scripts/build.sh) to compile the new model in.
#
#   scripts/train-ner.sh [GOLD.jsonl]      (default ../shared/corpus/winer-fr-ner.dev.jsonl)
#
# Builds only the trainer, in build-train-ner/. The options are the
# trainer's defaults, which facette-eval-extract's cross-validation uses too.
set -euo pipefail
cd "$(dirname "$0")/.."
gold="${1:-../shared/corpus/winer-fr-ner.dev.jsonl}"
lexicon="${FACETTE_NER_LEXICON:-../shared/ner-extra/gaz}"
cmake -S . -B build-train-ner -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFACETTE_TESTS=OFF \
  -DFACETTE_BENCH=OFF >/dev/null
cmake --build build-train-ner -j"$(nproc)" --target facette-train-ner
build-train-ner/indexer/extract/tools/facette-train-ner --gold "$gold" --lexicon "$lexicon" \
  --out indexer/extract/model/ner.model
sha256sum indexer/extract/model/ner.model
