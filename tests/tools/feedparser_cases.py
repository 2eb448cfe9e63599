#!/usr/bin/env python3
"""Run feedparser's own test cases against `kuzet parse --json`.

Usage: feedparser_cases.py KUZET CASES_DIR [MIN_PASS_PERCENT]

Each case file carries an `Expect:` Python expression over feedparser's
result (see CASES_DIR/README.md).  A case runs when its expression only
touches what kuzet parses: the feed's title, link, subtitle, language and
updated date; entries' id, link, title, summary/description, content,
author, dates, categories and enclosures; encoding; bozo.  kuzet's JSON is
shaped into a dict like feedparser's (with its key aliases) and the
expression evaluated against it.

Equivalences kuzet's contract implies, accepted as equal:
  - text fields are plain text: an expected HTML value compares equal to
    kuzet's text when it is the same text after tags are stripped, entities
    decoded and whitespace collapsed;
  - dates are compared as `*_parsed` UTC tuples (kuzet prints RFC 3339,
    feedparser keeps the raw string, so raw date strings are not run);
  - bozo is "an error or any warning".
Prints every failure with the expression and kuzet's value, the skipped
cases by reason, and exits 1 below MIN_PASS_PERCENT (default 95).
"""
import ast
import calendar
import html
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter

FEED_KEYS = {
    "title", "link", "subtitle", "description", "tagline", "language",
    "updated_parsed", "modified_parsed", "date_parsed",
}
ENTRY_KEYS = {
    "id", "guid", "link", "title", "summary", "description", "content",
    "author", "published_parsed", "issued_parsed", "updated_parsed",
    "modified_parsed", "date_parsed", "tags", "category", "enclosures",
}
SUB_KEYS = {"content": {"value"}, "tags": {"term"},
            "enclosures": {"href", "url", "type", "length"}}
NAMES = {"bozo", "feed", "channel", "entries", "items", "encoding", "len",
         "ord"}

BLOCKS = ("p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr|"
          "section|article|header|footer|dd|dt|dl|figure|figcaption|main|"
          "aside|nav|address")


def html2text(s):
    s = re.sub(r"<!--.*?-->", "", s, flags=re.S)
    s = re.sub(r"<(script|style)\b.*?</\1\s*>", "", s, flags=re.S | re.I)
    s = re.sub(r"</?(?:%s)\b[^>]*>" % BLOCKS, " ", s, flags=re.I)
    s = re.sub(r"<[a-zA-Z/!?][^>]*>", "", s)
    s = html.unescape(s)
    return " ".join(s.replace("\xa0", " ").split())


class T(str):
    """A kuzet text value: equal to the same text or to HTML of it."""

    def __eq__(self, other):
        if not isinstance(other, str):
            return False
        if str.__eq__(self, other):
            return True
        return str(self) == html2text(other) or \
            str(self) == " ".join(other.replace("\xa0", " ").split())

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


class D(dict):
    ALIASES = {"description": ["summary", "subtitle"], "url": ["href"],
               "guid": ["id"], "tagline": ["subtitle"],
               "modified_parsed": ["updated_parsed"],
               "date_parsed": ["updated_parsed"],
               "issued_parsed": ["published_parsed"],
               "channel": ["feed"], "items": ["entries"]}

    def __getitem__(self, k):
        if dict.__contains__(self, k):
            return dict.__getitem__(self, k)
        for a in self.ALIASES.get(k, []):
            if dict.__contains__(self, a):
                return dict.__getitem__(self, a)
        if k == "category" and self.get("tags"):
            return self["tags"][0]["term"]
        if k == "updated_parsed" and dict.__contains__(self,
                                                       "published_parsed"):
            return dict.__getitem__(self, "published_parsed")
        raise KeyError(k)

    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k)

    def has_key(self, k):
        try:
            self[k]
            return True
        except KeyError:
            return False


def parsed(s):
    t = calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))
    return time.gmtime(t)


def shape(j):
    def text(d, out, keys):
        for k in keys:
            if j_get(d, k) is not None:
                out[k] = T(d[k])

    def j_get(d, k):
        return d.get(k)

    feed = D()
    text(j, feed, ("title", "link", "subtitle", "language"))
    if j.get("updated"):
        feed["updated_parsed"] = parsed(j["updated"])
    entries = []
    for e in j["entries"]:
        x = D()
        text(e, x, ("id", "link", "title", "summary", "author"))
        if e.get("content") is not None:
            x["content"] = [D(value=T(e["content"]))]
        for k in ("published", "updated"):
            if e.get(k):
                x[k + "_parsed"] = parsed(e[k])
        x["tags"] = [D(term=T(c)) for c in e["categories"]]
        encs = []
        for n in e["enclosures"]:
            d = D(href=T(n["url"]))
            if n.get("type"):
                d["type"] = T(n["type"])
            if n.get("length") is not None:
                d["length"] = T(str(n["length"]))
            encs.append(d)
        x["enclosures"] = encs
        entries.append(x)
    return feed, entries


def eligible(expr):
    """None when the expression only touches what kuzet parses, else why."""
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return "expression does not parse"
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in NAMES:
            return "uses %s" % node.id
        if isinstance(node, ast.Attribute) and node.attr != "has_key":
            # feed.x / entries[0].x: same as indexing
            if not key_ok(node.value, node.attr):
                return "field %s" % node.attr
        if isinstance(node, ast.Subscript):
            k = node.slice
            if isinstance(k, ast.Index):  # Python < 3.9
                k = k.value
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                if not key_ok(node.value, k.value):
                    return "field %s" % k.value
    return None


def level(node):
    """'feed', 'entry' or ('sub', key) for the dict node evaluates to."""
    if isinstance(node, ast.Name):
        return {"feed": "feed", "channel": "feed"}.get(node.id, node.id)
    if isinstance(node, ast.Subscript):
        base = level(node.value)
        k = node.slice
        if isinstance(k, ast.Index):
            k = k.value
        if base in ("entries", "items"):
            return "entry"
        if isinstance(k, ast.Constant) and isinstance(k.value, str):
            return ("list", k.value)
        if isinstance(base, tuple) and base[0] == "list":
            return ("sub", base[1])
    if isinstance(node, ast.Attribute):
        return level(ast.Subscript(value=node.value,
                                   slice=ast.Constant(node.attr)))
    return None


def key_ok(value, key):
    lv = level(value)
    if lv == "feed":
        return key in FEED_KEYS
    if lv == "entry":
        return key in ENTRY_KEYS
    if isinstance(lv, tuple) and lv[0] == "sub":
        return key in SUB_KEYS.get(lv[1], set())
    return False


def read_expect(path):
    raw = open(path, "rb").read()
    for enc, bom in (("utf-32", b"\x00\x00\xfe\xff"),
                     ("utf-32", b"\xff\xfe\x00\x00"),
                     ("utf-16", b"\xfe\xff"), ("utf-16", b"\xff\xfe")):
        if raw.startswith(bom):
            return raw.decode(enc, "ignore")
    for enc, head in (("utf-32-be", b"\x00\x00\x00<"),
                      ("utf-32-le", b"<\x00\x00\x00"),
                      ("utf-16-be", b"\x00<"), ("utf-16-le", b"<\x00")):
        if raw.startswith(head):
            return raw.decode(enc, "ignore")
    return raw.decode("utf-8", "ignore")


def main():
    kuzet, cases = sys.argv[1], sys.argv[2]
    need = float(sys.argv[3]) if len(sys.argv) > 3 else 95.0
    headers = {}
    with open(os.path.join(cases, "http-headers.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p, h, v = line.rstrip("\n").split("\t")
            if h.lower() == "content-type":
                headers[p] = v
    rows = []
    with open(os.path.join(cases, "index.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            rows.append(line.rstrip("\n").split("\t"))
    skipped = Counter()
    passed, failed = 0, []
    for path, fmt, desc, _ in rows:
        full = os.path.join(cases, path)
        m = re.search(r"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->",
                      read_expect(full))
        expr = m.group(2).strip() if m else None
        if expr is None:
            skipped["no Expect line"] += 1
            continue
        why = eligible(expr)
        if why is not None:
            skipped[why] += 1
            continue
        cmd = [kuzet, "parse", "--json"]
        if path.startswith("encoding/") and "http" in os.path.basename(path):
            cmd += ["--content-type", headers.get(path, "text/xml")]
        cmd.append(full)
        r = subprocess.run(cmd, capture_output=True)
        if r.returncode not in (0, 1):
            failed.append((path, expr, "kuzet exit %d: %s" % (
                r.returncode, r.stderr.decode(errors="replace").strip())))
            continue
        if r.returncode == 1:
            ns = {"bozo": True, "feed": D(), "entries": [],
                  "encoding": None}
            got = r.stderr.decode(errors="replace").strip()
        else:
            j = json.loads(r.stdout)
            feed, entries = shape(j)
            ns = {"bozo": bool(j["warnings"]), "feed": feed,
                  "channel": feed, "entries": entries, "items": entries,
                  "encoding": j["encoding"]}
            got = json.dumps(j, ensure_ascii=False)[:300]
        ns.update(len=len, ord=ord)
        try:
            ok = bool(eval(expr, {"__builtins__": {}}, ns))
        except (KeyError, IndexError, AttributeError, TypeError) as e:
            ok, got = False, "%s: %r; %s" % (type(e).__name__, e, got)
        if ok and path.startswith("wellformed/") and ns["bozo"]:
            ok = False
            got = "bozo (wellformed cases must parse cleanly); " + got
        if ok:
            passed += 1
        else:
            failed.append((path, expr, got))
    run = passed + len(failed)
    for path, expr, got in failed:
        print("accepted failure: %s\n  expect: %s\n  kuzet:  %s" %
              (path, expr, got))
    print("skipped %d cases that touch fields kuzet does not parse:" %
          sum(skipped.values()))
    for why, n in skipped.most_common():
        print("  %4d  %s" % (n, why))
    rate = 100.0 * passed / run if run else 0.0
    print("feedparser cases: %d of %d run pass (%.1f%%), need %.0f%%" %
          (passed, run, rate, need))
    return 0 if rate >= need else 1


if __name__ == "__main__":
    sys.exit(main())
