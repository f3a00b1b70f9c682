#!/usr/bin/env python3
"""The requests of the load benches (bench/http_load.sh, bench/shard_load.sh).

    bench/load_targets.py QUERIES.tsv OUT_DIR

QUERIES.tsv: the scale bench's query mix (facette_bench --details: class, text,
person, organization, from, to). Writes, for each class, OUT_DIR/targets.CLASS
(URL-encoded paths, for wrk) and OUT_DIR/requests.CLASS (the same decoded: the
path, then NAME=VALUE by tabs, for facette_http_load_ceiling). The classes:
selective, broad, filtered, filter-only, deep (offset=10000) and newest
(sort=newest) as GET /search with the default facets (a mix without deep or
newest rows, as from an older run, gets them from its broad rows, as
query_mix.cc does); facets (GET /facets/{person|organization} with the first
four letters of a name of the mix as the prefix); mix (all of them, in turn).
"""
import csv, sys, urllib.parse
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
searches = ("selective", "broad", "filtered", "filter-only", "deep", "newest")
classes = {name: [] for name in searches + ("facets",)}
# The page and order of each class (query_mix.h: HitOffset, SortsNewestFirst).
paging = {"deep": [("offset", "10000")], "newest": [("sort", "newest")]}
for derived in ("deep", "newest"):
    if not any(row["class"] == derived for row in rows):
        rows += [dict(row, **{"class": derived}) for row in rows if row["class"] == "broad"]
for row in rows:
    params = []
    if row["text"]:
        params.append(("q", row["text"]))
    if row["person"]:
        params.append(("person", row["person"]))
    if row["organization"]:
        params.append(("org", row["organization"]))
    if row["from"]:
        params.append(("from", row["from"]))
    if row["to"]:
        params.append(("to", row["to"]))
    params += paging.get(row["class"], [])
    classes[row["class"]].append(("/search", params))
    for facet, key in (("person", "person"), ("organization", "organization")):
        if row[key]:
            classes["facets"].append(("/facets/" + facet, [("prefix", row[key][:4].lower())]))
mix = []
longest = max(len(v) for v in classes.values())
for i in range(longest):
    for name in searches + ("facets",):
        if i < len(classes[name]):
            mix.append(classes[name][i])
classes["mix"] = mix
for name, requests in classes.items():
    with open(f"{sys.argv[2]}/targets.{name}", "w", encoding="utf-8") as targets, \
         open(f"{sys.argv[2]}/requests.{name}", "w", encoding="utf-8") as decoded:
        for path, params in requests:
            targets.write(path + ("?" + urllib.parse.urlencode(params) if params else "") + "\n")
            decoded.write("\t".join([path] + [f"{k}={v}" for k, v in params]) + "\n")
