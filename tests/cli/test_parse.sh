# kuzet parse and kuzet extract as offline filters: formats, encodings,
# Telegram pages, and their errors.
. "$(dirname "$0")/lib.sh"
C="$KZ_SOURCE_DIR/tests/cases"

run 0 "$KUZET" parse --json "$C/telegram/channel.html"
pyjson "
assert d['format'] == 'telegram' and d['encoding'] == 'utf-8', d
assert d['entries'][0]['link'] == 'https://t.me/kz_test_channel/101', d['entries'][0]
assert d['entries'][0]['published'] == '2025-09-26T08:15:00Z'
assert 'Суд в Алматы' in d['entries'][0]['summary']
"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости</title><item><title>Блокировка</title><link>http://a.example/1</link><pubDate>12 мая 2026 10:00</pubDate></item></channel></rss>' |
	iconv -f utf-8 -t koi8-r >"$T/koi8.xml"
run 0 "$KUZET" parse --json --content-type "text/xml; charset=koi8-r" "$T/koi8.xml"
pyjson "
assert d['format'] == 'rss20' and d['encoding'] == 'koi8-r', d
assert d['title'] == 'Новости' and d['entries'][0]['title'] == 'Блокировка', d
"
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel><title>&x;</title></channel></rss>' >"$T/xxe.xml"
"$KUZET" parse --json "$T/xxe.xml" >"$T/out" 2>"$T/err"
grep -q 'root:' "$T/out" "$T/err" && fail "external entity expanded"
run 1 "$KUZET" parse "$T/missing.xml" && expect_in "$T/err" "missing.xml"
printf 'not a feed at all' >"$T/junk.txt"
run 1 "$KUZET" parse "$T/junk.txt" && expect_in "$T/err" "junk.txt"
run 2 "$KUZET" parse
# extract: a page's title, date, language and text
cat >"$T/page.html" <<'HTML'
<!DOCTYPE html><html lang="kk"><head><title>Сайт бұғатталды — Сарап</title>
<meta property="article:published_time" content="2026-05-14T10:00:00+05:00"></head>
<body><nav><a href="/">Басты бет</a></nav><article><h1>Сайт бұғатталды</h1>
<p>Тәуелсіз басылымның сайты 14 мамырда Қазақстандағы оқырмандар үшін ашылмай қалды, деп хабарлады редакция.</p>
<p>Бірнеше провайдер арқылы жүргізілген тексеріс қосылымның үзілетінін көрсетті, ал министрлік бұғаттауды растамады.</p>
</article><footer>© Сарап</footer></body></html>
HTML
run 0 "$KUZET" extract --json "$T/page.html"
pyjson "
assert d['title'] == 'Сайт бұғатталды' and d['lang'] == 'kk', d
assert d['published'] == '2026-05-14T05:00:00Z', d
assert 'министрлік' in d['text'] and 'Басты бет' not in d['text'], d
"
run 1 "$KUZET" extract "$T/missing.html" && expect_in "$T/err" "missing.html"
run 2 "$KUZET" extract
finish
