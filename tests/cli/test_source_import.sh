# kuzet source import: an OPML export of a feed reader and a text list
# become sources (names kept, duplicates skipped), which then collect over
# loopback; bad lists name the file and line and store nothing.
. "$(dirname "$0")/lib.sh"

python3 "$KZ_SOURCE_DIR/tests/tools/httpd.py" "$T/port" & srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
U="http://127.0.0.1:$(cat "$T/port")"

cat >"$T/subs.opml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE opml>
<opml version="2.0"><head><title>Подписки</title></head><body>
<outline text="Казахстан">
  <outline type="rss" text="Первый" title="Первый источник" xmlUrl="$U/news/1" htmlUrl="$U/"/>
  <outline type="rss" text="Екінші дереккөз" xmlUrl=" $U/news/2?a=1&amp;b=2 "/>
  <outline text="папка"><outline text="Третий" xmlUrl="$U/news/3"/></outline>
</outline>
<outline type="link" text="not a feed" url="$U/"/>
</body></opml>
EOF
run 0 "$KUZET" init
run 0 "$KUZET" source import "$T/subs.opml" --every 1h --lang ru --json
pyjson "assert d == {'sources': 3, 'added': 3, 'skipped': 0}, d"
run 0 "$KUZET" source list --json
pyjson "
by = {s['url']: s for s in d}
assert by['$U/news/1']['name'] == 'Первый источник', by
assert by['$U/news/2?a=1&b=2']['name'] == 'Екінші дереккөз', by
assert by['$U/news/3']['name'] == 'Третий', by
assert all(s['kind'] == 'auto' and s['lang'] == 'ru' for s in d), d
"
# a text list: comments, names after the URL, one already there
printf '# more sources\n\n%s/news/4   Төртінші\n  %s/news/1\n%s/news/5\n' "$U" "$U" "$U" >"$T/more.txt"
run 0 "$KUZET" source import "$T/more.txt" --kind rss && expect_in "$T/out" "3 sources: 2 added, 1 already there"
# the imported sources collect (auto kinds detected on the way)
run 0 "$KUZET" collect --delay 0 --json
pyjson "assert d['sources'] == 5 and d['failed'] == 0 and d['added'] == 100, d"
run 0 "$KUZET" source list --json
pyjson "assert sorted(s['kind'] for s in d) == ['rss'] * 5, d"

# bad lists: nothing stored, the line named
printf '%s/news/6\nftp://example.kz/feed\n' "$U" >"$T/bad.txt"
run 1 "$KUZET" source import "$T/bad.txt" && expect_in "$T/err" "bad.txt:2: 'ftp://example.kz/feed' is not an http or https URL"
printf '%s/news/6 name\nfile:///etc/passwd\n' "$U" >"$T/file.txt"
run 1 "$KUZET" source import "$T/file.txt" && expect_in "$T/err" "file.txt:2:"
printf '<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<opml><body><outline xmlUrl="http://x.kz/&b;"/></body></opml>\n' >"$T/laughs.opml"
run 1 "$KUZET" source import "$T/laughs.opml" && expect_in "$T/err" "declares XML entities"
printf '<?xml version="1.0"?>\n<opml><body>\n<outline xmlUrl="http://x.kz/">\n</body></opml>\n' >"$T/broken.opml"
run 1 "$KUZET" source import "$T/broken.opml" && expect_in "$T/err" "broken.opml:5: Premature end of data"
printf '<rss><channel/></rss>' >"$T/rss.opml"
run 1 "$KUZET" source import "$T/rss.opml" && expect_in "$T/err" "not OPML"
printf '# nothing\n' >"$T/empty.txt"
run 1 "$KUZET" source import "$T/empty.txt" && expect_in "$T/err" "no sources"
run 2 "$KUZET" source import && expect_in "$T/err" "one file"
run 0 "$KUZET" source list --json
pyjson "assert len(d) == 5, d"
finish
