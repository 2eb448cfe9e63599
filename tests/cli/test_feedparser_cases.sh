# Peer suite: feedparser's own RSS/Atom/RDF and encoding cases through
# `kuzet parse --json`; at least 95% of the cases that touch fields kuzet
# parses must pass (tests/tools/feedparser_cases.py says how they are
# judged and prints the failures it accepts).
. "$(dirname "$0")/lib.sh"

cases="${KZ_SHARED_DIR:-$KZ_SOURCE_DIR/../shared}/testdata/feedparser-cases"
if [ ! -f "$cases/index.tsv" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: feedparser cases missing: $cases" >&2; exit 1
	fi
	echo "skip: feedparser cases missing: $cases"; exit 0
fi
python3 "$KZ_SOURCE_DIR/tests/tools/feedparser_cases.py" "$KUZET" "$cases" 95 ||
	fail "feedparser cases below 95%"

# the parse command itself: usage, errors, JSON shape
run 2 "$KUZET" parse && expect_in "$T/err" "no file to parse"
run 1 "$KUZET" parse "$T/missing.xml" && expect_in "$T/err" "kuzet: error:"
printf '<rss version="2.0"><channel><title>T</title><item><title>a &amp;amp; b</title><link>/x</link><pubDate>Fri, 26 Sep 2025 10:00:00 +0600</pubDate></item></channel></rss>' >"$T/f.xml"
run 0 "$KUZET" parse --base http://example.com/feed --json "$T/f.xml" &&
	pyjson "e=d['entries'][0]; assert d['format']=='rss20' and e['title']=='a & b' and e['link']=='http://example.com/x' and e['published']=='2025-09-26T04:00:00Z', d"
printf '<rss><channel><title>\xf2\xe5\xf1\xf2</title></channel></rss>' >"$T/koi.xml"
run 0 "$KUZET" parse --content-type 'text/xml; charset=windows-1251' --json "$T/koi.xml" &&
	pyjson "assert d['title']=='тест' and d['encoding']=='windows-1251', d"
run 0 "$KUZET" parse "$T/f.xml" && expect_in "$T/out" "rss20"
if [ -w /dev/full ]; then
	"$KUZET" parse --json "$T/f.xml" >/dev/full 2>/dev/null
	[ $? = 1 ] && ok "write error: exit 1" || fail "parse >/dev/full did not exit 1"
fi
finish
