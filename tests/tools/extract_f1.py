#!/usr/bin/env python3
"""Score article extraction against the shared benchmark's ground truth.

The metric is the one ../shared/testdata/article-extraction/README.md
defines (scrapinghub article-extraction-benchmark): \\w+ tokens, 4-token
shingles as multisets, per-page P/R, macro averages, F1 from the averages.

usage: extract_f1.py GROUND_TRUTH.json PREDICTIONS
  PREDICTIONS is a JSON file (legacy id -> {articleBody} map, or wrapped
  {"version", "output": {...}}) or a directory of <id>.json files holding
  `kuzet extract --json` output (its "text" is the article body).
Prints "precision P recall R f1 F accuracy A pages N"; with --min F exits 1
when F1 is below F.
"""
import json
import os
import re
import sys
from collections import Counter

TOKEN = re.compile(r"\w+")


def shingles(text, n=4):
    t = TOKEN.findall(text or "")
    if not t:
        return Counter()
    if len(t) < n:
        return Counter([tuple(t)])
    return Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))


def page_pr(truth, pred):
    T, P = shingles(truth), shingles(pred)
    tp = sum(min(c, P[k]) for k, c in T.items())
    fp = sum(max(0, c - T[k]) for k, c in P.items())
    fn = sum(max(0, c - P[k]) for k, c in T.items())
    s = tp + fp + fn
    if s:
        tp, fp, fn = tp / s, fp / s, fn / s
    if fp == 0 and fn == 0:
        p = r = 1.0
    else:
        p = 0.0 if tp == 0 and fp == 0 else tp / (tp + fp)
        r = 0.0 if tp == 0 and fn == 0 else tp / (tp + fn)
    return p, r, (tp + fp > 0), (tp + fn > 0)


def load_preds(path, ids):
    if os.path.isdir(path):
        out = {}
        for i in ids:
            f = os.path.join(path, i + ".json")
            try:
                with open(f, encoding="utf-8") as fh:
                    out[i] = json.load(fh).get("text") or ""
            except (OSError, ValueError):
                out[i] = ""
        return out
    with open(path, encoding="utf-8") as fh:
        d = json.load(fh)
    if "output" in d and isinstance(d["output"], dict):
        d = d["output"]
    return {i: (d.get(i) or {}).get("articleBody") or "" for i in ids}


def score(truths, preds):
    ps, rs, acc = [], [], 0
    per = {}
    for i, truth in truths.items():
        pred = preds.get(i, "")
        p, r, inp, inr = page_pr(truth, pred)
        if inp:
            ps.append(p)
        if inr:
            rs.append(r)
        if TOKEN.findall(truth) == TOKEN.findall(pred):
            acc += 1
        per[i] = (p, r)
    P = sum(ps) / len(ps) if ps else 0.0
    R = sum(rs) / len(rs) if rs else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return P, R, F, acc / len(truths), per


def main():
    args = sys.argv[1:]
    minf = None
    worst = 0
    if "--min" in args:
        k = args.index("--min")
        minf = float(args[k + 1])
        del args[k:k + 2]
    if "--worst" in args:
        k = args.index("--worst")
        worst = int(args[k + 1])
        del args[k:k + 2]
    with open(args[0], encoding="utf-8") as fh:
        gt = json.load(fh)
    truths = {i: v.get("articleBody") or "" for i, v in gt.items()}
    preds = load_preds(args[1], list(truths))
    P, R, F, A, per = score(truths, preds)
    if worst:
        for i, (p, r) in sorted(per.items(), key=lambda kv: 2 * kv[1][0] * kv[1][1] / (kv[1][0] + kv[1][1] + 1e-9))[:worst]:
            print("  %s P %.3f R %.3f" % (i, p, r))
    print("precision %.6f recall %.6f f1 %.6f accuracy %.6f pages %d"
          % (P, R, F, A, len(truths)))
    if minf is not None and F < minf:
        print("FAIL: F1 %.3f below %.2f" % (F, minf), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
