#!/usr/bin/env python3
"""Build the small committed sample corpus under corpus/ from the shared WiNER-fr corpus.

Usage (from the repository root):

    python3 scripts/make_corpus_sample.py [SHARED_CORPUS_DIR] [--out OUT_DIR]

SHARED_CORPUS_DIR defaults to ../shared/corpus (relative to the repository root) and must
contain winer-fr.jsonl and winer-fr-ner.dev.jsonl.  OUT_DIR defaults to corpus/ in the
repository root.  Standard library only, no network, deterministic (fixed seed): running it
twice gives byte-identical files.

Writes:
  OUT_DIR/articles.jsonl   100 articles of 2016-2017; 85 carry persons/organizations/locations
                           taken from the gold annotations, 15 are raw (no entity keys)
  OUT_DIR/text/<slug>.txt  one more article as plain text (title, French date, body)
  OUT_DIR/text/<slug>.md   one more article as Markdown (# title, ISO date, body)

Articles dated 2018 (the held-out part of the corpus) are never read into the sample.
"""

import argparse
import collections
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20160101
N_ARTICLES = 100
N_ANNOTATED = 85
N_GREEDY = 45          # annotated articles picked for recurring persons/organisations
GREEDY_MONTH_CAP = 5   # at most this many greedy picks per month (keeps the spread)
FREQ_MIN_DF = 8        # a PER/ORG text is "frequent" if it occurs in >= 8 gold articles
RECUR_TARGET = 4       # greedy phase stops rewarding a name once it is in 4 picks
YEARS = ("2016", "2017")

ENTITY_KEYS = (("PER", "persons"), ("ORG", "organizations"), ("LOC", "locations"))

FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                 "août", "septembre", "octobre", "novembre", "décembre")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def entity_lists(gold):
    """Distinct PER/ORG/LOC texts (nested ones included), in order of first appearance."""
    ents = sorted(gold["entities"], key=lambda e: (e["start"], e["end"]))
    out = {}
    for typ, key in ENTITY_KEYS:
        seen = []
        for e in ents:
            if e["type"] == typ and e["text"] not in seen:
                seen.append(e["text"])
        out[key] = seen
    return out


def french_date(iso):
    y, m, d = (int(p) for p in iso.split("-"))
    day = "1er" if d == 1 else str(d)
    return "%s %s %d" % (day, FRENCH_MONTHS[m - 1], y)


def slugify(title, maxlen=60):
    s = unicodedata.normalize("NFKD", title)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > maxlen:
        s = s[:maxlen].rsplit("-", 1)[0]
    return s or "article"


def month_balanced_pick(order, n, month_of, chosen_months):
    """Pick n ids from `order` (already shuffled), each time from the least represented month."""
    counts = collections.Counter(chosen_months)
    picked = []
    remaining = list(order)
    for _ in range(n):
        best = min(remaining, key=lambda i: (counts[month_of[i]], remaining.index(i)))
        remaining.remove(best)
        picked.append(best)
        counts[month_of[best]] += 1
    return picked


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", default=os.path.join(repo, "..", "shared", "corpus"),
                    help="shared corpus directory (default: ../shared/corpus from the repo root)")
    ap.add_argument("--out", default=os.path.join(repo, "corpus"),
                    help="output directory (default: corpus/ in the repo root)")
    args = ap.parse_args()

    articles = {}
    for a in read_jsonl(os.path.join(args.shared, "winer-fr.jsonl")):
        if a["date"][:4] in YEARS:          # never keep 2018 (held out)
            articles[a["id"]] = a
    gold = {}
    for g in read_jsonl(os.path.join(args.shared, "winer-fr-ner.dev.jsonl")):
        if g["date"][:4] in YEARS and g["id"] in articles:
            a = articles[g["id"]]
            if g["text"] != a["title"] + "\n\n" + a["body"]:
                sys.exit("gold text of %s does not match the article" % g["id"])
            gold[g["id"]] = g

    pool = sorted(gold)                      # 2016-2017 articles that have gold
    ents = {i: entity_lists(gold[i]) for i in pool}
    month_of = {i: articles[i]["date"][:7] for i in pool}

    # Document frequency of PER/ORG texts over the whole 2016-2017 gold.
    df = collections.Counter()
    for i in pool:
        df.update(("PER", t) for t in ents[i]["persons"])
        df.update(("ORG", t) for t in ents[i]["organizations"])
    frequent = {k for k, c in df.items() if c >= FREQ_MIN_DF}

    def names(i):
        return ([("PER", t) for t in ents[i]["persons"]]
                + [("ORG", t) for t in ents[i]["organizations"]])

    rng = random.Random(SEED)
    order = pool[:]
    rng.shuffle(order)
    rank = {i: r for r, i in enumerate(order)}

    annotated = []

    # 1. Forced picks: the same name written with different case.
    #    a) articles whose own PER / ORG list holds two case variants (first such by id);
    #    b) for the PER and the ORG case-variant group with the most articles overall,
    #       one article per spelling.
    for typ, key in (("PER", "persons"), ("ORG", "organizations")):
        for i in pool:
            low = collections.Counter(t.lower() for t in ents[i][key])
            if any(c > 1 for c in low.values()):
                if i not in annotated:
                    annotated.append(i)
                break
        groups = collections.defaultdict(set)
        for (t_typ, t) in df:
            if t_typ == typ:
                groups[t.lower()].add(t)
        variants = [sorted(v) for v in groups.values() if len(v) > 1]
        variants.sort(key=lambda v: (-sum(df[(typ, t)] for t in v), v))
        for spelling in variants[0]:
            have = [i for i in pool if spelling in ents[i][key]]
            # prefer an article already picked, else the first in the seeded order
            hit = [i for i in have if i in annotated] or sorted(have, key=rank.get)[:1]
            if hit[0] not in annotated:
                annotated.append(hit[0])

    # 2. Greedy picks for recurring persons/organisations.
    counts = collections.Counter()
    for i in annotated:
        counts.update(names(i))
    month_counts = collections.Counter(month_of[i] for i in annotated)
    while len(annotated) < N_GREEDY:
        best, best_key = None, None
        for i in order:
            if i in annotated or month_counts[month_of[i]] >= GREEDY_MONTH_CAP:
                continue
            gain = sum(1 for k in names(i) if k in frequent and counts[k] < RECUR_TARGET)
            key = (gain, -rank[i])
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is None:
            break
        annotated.append(best)
        counts.update(names(best))
        month_counts[month_of[best]] += 1

    # 3. Fill the rest (annotated, then raw) spreading over the months.
    rest = [i for i in order if i not in annotated]
    fill = month_balanced_pick(rest, N_ANNOTATED - len(annotated), month_of,
                               [month_of[i] for i in annotated])
    annotated += fill
    rest = [i for i in rest if i not in fill]
    raw = month_balanced_pick(rest, N_ARTICLES - N_ANNOTATED, month_of,
                              [month_of[i] for i in annotated])
    rest = [i for i in rest if i not in raw]

    # 4. Two more articles for the plain-text and Markdown samples: a mid-sized body
    #    (600-2500 characters); the .txt one is dated on the 1st of a month ("1er ...").
    def mid(i):
        return 600 <= len(articles[i]["body"]) <= 2500
    txt_id = next(i for i in rest if mid(i) and articles[i]["date"].endswith("-01"))
    md_id = next(i for i in rest if mid(i) and i != txt_id
                 and month_of[i][:4] != month_of[txt_id][:4])

    # ---- write ----------------------------------------------------------------------------
    os.makedirs(args.out, exist_ok=True)
    annotated_set = set(annotated)
    sample = sorted(annotated + raw)
    assert len(sample) == len(set(sample)) == N_ARTICLES
    with open(os.path.join(args.out, "articles.jsonl"), "w", encoding="utf-8",
              newline="\n") as f:
        for i in sample:
            a = articles[i]
            rec = collections.OrderedDict()
            for k in ("id", "title", "date", "body", "url", "source"):
                rec[k] = a[k]
            if i in annotated_set:
                for _, key in ENTITY_KEYS:
                    rec[key] = ents[i][key]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    text_dir = os.path.join(args.out, "text")
    os.makedirs(text_dir, exist_ok=True)
    for name in sorted(os.listdir(text_dir)):   # this directory is generated: start clean
        if name.endswith((".txt", ".md")):
            os.remove(os.path.join(text_dir, name))
    written = []
    for i, ext in ((txt_id, ".txt"), (md_id, ".md")):
        a = articles[i]
        credit = "Source : %s (Wikinews, CC BY 2.5)" % a["url"]
        if ext == ".txt":
            head = "%s\n%s\n\n" % (a["title"], french_date(a["date"]))
        else:
            head = "# %s\n%s\n\n" % (a["title"], a["date"])
        path = os.path.join(text_dir, slugify(a["title"]) + ext)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(head + a["body"].rstrip("\n") + "\n\n" + credit + "\n")
        written.append((os.path.relpath(path, args.out), i, a["date"]))

    # ---- summary -------------------------------------------------------------------------
    per_df = collections.Counter(t for i in annotated for t in ents[i]["persons"])
    org_df = collections.Counter(t for i in annotated for t in ents[i]["organizations"])
    months = sorted({month_of[i] for i in sample})
    years = collections.Counter(month_of[i][:4] for i in sample)
    print("articles.jsonl: %d articles (%d with entity lists, %d raw)"
          % (len(sample), len(annotated), len(raw)))
    print("years: %s; %d distinct months (%s .. %s)"
          % (", ".join("%s=%d" % kv for kv in sorted(years.items())),
             len(months), months[0], months[-1]))
    print("annotated without any person: %d"
          % sum(1 for i in annotated if not ents[i]["persons"]))
    for label, c in (("persons", per_df), ("organizations", org_df)):
        rec = [(t, n) for t, n in c.most_common() if n >= 3]
        print("%s in >= 3 annotated articles (%d): %s"
              % (label, len(rec), "; ".join("%s=%d" % tn for tn in rec)))
    print("case variants in the sample lists:")
    for typ, key in ENTITY_KEYS:
        groups = collections.defaultdict(collections.Counter)
        for i in annotated:
            for t in ents[i][key]:
                groups[t.lower()][t] += 1
        for g in sorted(groups):
            if len(groups[g]) > 1:
                print("  %s: %s" % (key, ", ".join("%s=%d" % tn
                                                   for tn in sorted(groups[g].items()))))
    for rel, i, date in written:
        print("%s <- %s (%s)" % (rel, i, date))

    # Checks the sample is meant to satisfy.
    ok = (len(months) >= 15 and set(years) == set(YEARS)
          and sum(1 for n in per_df.values() if n >= 3) >= 5
          and sum(1 for n in org_df.values() if n >= 3) >= 3
          and txt_id not in sample and md_id not in sample)
    if not ok:
        sys.exit("sample does not meet its requirements")


if __name__ == "__main__":
    main()
