#!/usr/bin/env bash
# Feed parsing speed per core: kuzet (bench_feed) against python3-feedparser
# on the same files in the same run.  The files are generated: RSS 2.0 and
# Atom feeds of 200 items each with Russian and Kazakh HTML descriptions,
# one of them in windows-1251, plus the feedparser test cases concatenated
# into one RSS feed of their items.  Usage: bench/bench_feed.sh BUILD_DIR
set -euo pipefail
B=${1:-build-release}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${SECS:-3}
PY=/usr/bin/python3
W=$(mktemp -d "${TMPDIR:-/tmp}/kuzet-bench-feed.XXXXXX")
trap 'rm -rf "$W"' EXIT
CASES="${KZ_SHARED_DIR:-$ROOT/../shared}/testdata/feedparser-cases"

"$PY" - "$W" "$CASES" <<'PY'
import os, re, sys, random
w, cases = sys.argv[1], sys.argv[2]
random.seed(1)
words = ("журналист суд блокировка сайт свобода слова интернет закон "
         "тергеу сот жарияланым құқық ақпарат редакция court media law "
         "Алматы Астана штраф задержан").split()
def para(n):
    return " ".join(random.choice(words) for _ in range(n))
def rss(n):
    items = []
    for i in range(n):
        items.append(
            "<item><title>%s</title><link>https://example.kz/news/%d</link>"
            "<guid>https://example.kz/news/%d</guid>"
            "<pubDate>Fri, %02d Sep 2025 10:%02d:00 +0600</pubDate>"
            "<category>%s</category><description><![CDATA[<p>%s</p>"
            "<p><a href=\"https://example.kz/%d\">%s</a> &laquo;%s&raquo;</p>"
            "]]></description></item>" % (para(8), i, i, 1 + i % 28,
            i % 60, random.choice(words), para(60), i, para(4), para(30)))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
            "<channel><title>Лента</title><link>https://example.kz/</link>"
            "<description>Новости</description>%s</channel></rss>"
            % "".join(items))
def atom(n):
    es = []
    for i in range(n):
        es.append(
            "<entry><id>tag:example.kz,2025:%d</id><title>%s</title>"
            "<link href=\"/n/%d\"/><updated>2025-09-%02dT10:00:00+05:00"
            "</updated><author><name>%s</name></author>"
            "<content type=\"html\">&lt;p&gt;%s&lt;/p&gt;</content></entry>"
            % (i, para(8), i, 1 + i % 28, para(2), para(90)))
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://'
            'www.w3.org/2005/Atom" xml:base="https://example.kz/"><title>A'
            "</title><updated>2025-09-26T10:00:00Z</updated>%s</feed>"
            % "".join(es))
open(os.path.join(w, "rss.xml"), "w").write(rss(200))
open(os.path.join(w, "atom.xml"), "w").write(atom(200))
open(os.path.join(w, "cp1251.xml"), "wb").write(
    rss(200).replace('encoding="utf-8"', 'encoding="windows-1251"')
    .encode("cp1251", "replace"))
# the feedparser RSS cases' items, as one feed
items = []
d = os.path.join(cases, "wellformed", "rss")
if os.path.isdir(d):
    for f in sorted(os.listdir(d)):
        t = open(os.path.join(d, f), "rb").read().decode("utf-8", "ignore")
        items += re.findall(r"<item>.*?</item>", t, re.S)
if items:
    body = "".join(items * 10)
    open(os.path.join(w, "cases.xml"), "w").write(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content='
        '"http://purl.org/rss/1.0/modules/content/"><channel><title>c'
        "</title>%s</channel></rss>" % body)
PY
files=$(ls "$W"/*.xml)
bytes=$(cat $files | wc -c)
echo "feed parsing: $(echo $files | wc -w) files, $((bytes / 1024)) KB (RSS, Atom, windows-1251, feedparser cases)"
read -r kb ks kmbs kent < <("$B/bench/bench_feed" "$SECS" $files)
echo "  kuzet:      $kmbs MB/s per core ($kent entries in ${ks}s)"
pmbs=$("$PY" - "$SECS" $files <<'PY'
import sys, time, feedparser
secs = float(sys.argv[1]); data = [open(f, "rb").read() for f in sys.argv[2:]]
n = 0; t0 = time.process_time(); el = 0
while el < secs:
    for d in data:
        feedparser.parse(d); n += len(d)
    el = time.process_time() - t0
print("%.2f" % (n / el / 1e6))
PY
)
echo "  feedparser: $pmbs MB/s per core (python3-feedparser $("$PY" -c 'import feedparser; print(feedparser.__version__)'))"
"$PY" -c "import sys; r=float(sys.argv[1])/float(sys.argv[2]); print('  ratio:      %.1fx (target >= 20x)' % r)" "$kmbs" "$pmbs"
