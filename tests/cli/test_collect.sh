# kuzet source / collect / watch / article against real HTTP on loopback:
# feeds (RSS in windows-1251, Atom), a teaser item whose page is fetched, a
# Telegram channel page, a page announcing its feed, hostile feeds and a
# failing server — one bad source never stops the others.
. "$(dirname "$0")/lib.sh"

W="$T/www"
mkdir -p "$W/feeds" "$W/a" "$W/telegram"
cat >"$T/rss.xml" <<'XML'
<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Дала</title><link>http://127.0.0.1:PORT/</link><language>ru</language>
<item><title>Сайт издания заблокирован</title><link>http://127.0.0.1:PORT/a/1.html</link><guid>a1</guid><description>Коротко о блокировке.</description><pubDate>Tue, 12 May 2026 10:00:00 +0500</pubDate></item>
<item><title>Утечка данных клиентов</title><link>http://127.0.0.1:PORT/a/2.html?utm_source=tg</link><guid>a2</guid><description>В сеть попали данные сорока тысяч клиентов интернет-магазина: имена, телефоны и адреса доставки. Компания подтвердила утечку и сообщила, что уведомила регулятора. Эксперты советуют пострадавшим сменить пароли, включить двухфакторную аутентификацию и внимательно относиться к звонкам от «службы безопасности банка», потому что такие базы быстро попадают к мошенникам и используются для обзвона.</description><pubDate>Wed, 13 May 2026 08:00:00 GMT</pubDate></item>
</channel></rss>
XML
iconv -f utf-8 -t windows-1251 "$T/rss.xml" >"$W/feeds/dala.rss"
cat >"$W/a/1.html" <<'HTML'
<!DOCTYPE html><html lang="ru"><head><title>Сайт издания заблокирован — Дала</title>
<link rel="canonical" href="http://127.0.0.1:PORT/a/1.html"></head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav><article><h1>Сайт издания заблокирован</h1>
<p>Сайт независимого издания оказался недоступен для читателей из Казахстана 12 мая, сообщила редакция.</p>
<p>Проверка через нескольких провайдеров показала, что соединение сбрасывается. Министерство не подтвердило блокировку, а редакция направила официальный запрос.</p>
<p>Юристы считают, что ограничение доступа без решения суда нарушает закон о масс-медиа.</p></article>
<footer>© Дала</footer></body></html>
HTML
cat >"$W/feeds/sarap.atom" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk"><title>Сарап</title><id>urn:sarap</id><updated>2026-05-14T10:00:00Z</updated>
<entry><title>Басылым сайтына DDoS-шабуыл жасалды</title><id>urn:sarap:1</id><link href="http://127.0.0.1:PORT/a/3.html"/><updated>2026-05-14T10:00:00Z</updated>
<content type="html">&lt;p&gt;«Сарап» басылымының сайты 14 мамырда екі сағат бойы DDoS-шабуылға ұшырады. Редакция шабуыл кезінде сайтқа секундына жүз мыңнан астам сұрау түскенін хабарлады. Техникалық қызмет трафикті сүзгіден өткізіп, сайттың жұмысын қалпына келтірді. Басылым полицияға арыз беретінін мәлімдеді, ал журналистер ұйымы шабуылды сөз бостандығына қысым деп бағалады.&lt;/p&gt;</content></entry>
</feed>
XML
cp "$KZ_SOURCE_DIR/tests/cases/telegram/channel.html" "$W/telegram/demo.html"
printf '<html><head><link rel="alternate" type="application/atom+xml" href="/feeds/sarap.atom"></head><body>Сарап</body></html>' >"$W/index.html"
# hostile feeds
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n<rss version="2.0"><channel><title>&d;</title><item><title>&d;</title><link>http://x.example/1</link></item></channel></rss>\n' >"$W/feeds/laughs.rss"
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel><title>x</title><item><title>XXE</title><link>http://x.example/xxe</link><description>&x;</description></item></channel></rss>\n' >"$W/feeds/xxe.rss"

python3 "$KZ_SOURCE_DIR/scripts/sample-web.py" "$W" "$T/port" & web=$!
python3 "$KZ_SOURCE_DIR/tests/tools/httpd.py" "$T/port2" & bad=$!
trap 'kill $web $bad 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 50); do [ -s "$T/port" ] && [ -s "$T/port2" ] && break; sleep 0.1; done
P=$(cat "$T/port"); B=$(cat "$T/port2")
U="http://127.0.0.1:$P"

run 0 "$KUZET" init
run 0 "$KUZET" source add "$U/feeds/dala.rss" --name Дала --every 1h && expect_in "$T/out" "(rss)"
run 0 "$KUZET" source add "$U/" && expect_in "$T/err" "announces the feed"
run 0 "$KUZET" source add "$U/s/demo" --kind telegram --lang ru
run 0 "$KUZET" source add "$U/feeds/laughs.rss" --no-detect
run 0 "$KUZET" source add "$U/feeds/xxe.rss" --no-detect
run 0 "$KUZET" source add "http://127.0.0.1:$B/status/500" --no-detect
run 1 "$KUZET" source add "$U/feeds/dala.rss" && expect_in "$T/err" "already a source"
run 2 "$KUZET" source add "ftp://example.kz/feed" && expect_in "$T/err" "only http and https"
run 2 "$KUZET" source add "$U/x" --every 5x

run 0 "$KUZET" collect --delay 20 --json || { cat "$T/err"; finish; }
pyjson "
assert d['sources'] == 6, d
assert d['failed'] >= 2, d   # the 500 and the entity bomb at least
assert d['added'] >= 4, d
"
run 0 "$KUZET" source list --json
pyjson "
by = {s['url'].rsplit('/', 1)[-1]: s for s in d}
assert by['dala.rss']['kind'] == 'rss' and by['dala.rss']['failures'] == 0 and by['dala.rss']['items_seen'] == 2, by['dala.rss']
assert by['sarap.atom']['kind'] == 'atom', by
assert by['500']['failures'] == 1 and by['500']['last_error'], by['500']
assert by['laughs.rss']['failures'] == 1, by['laughs.rss']
"
run 0 "$KUZET" article list --json
pyjson "
urls = {a['canonical_url']: a for a in d}
p = urls['$U/a/1.html']
assert 'Юристы считают' in p['text'], p      # the teaser's page was fetched
assert p['lang'] == 'ru' and p['published'] == '2026-05-12T05:00:00Z', p
assert '$U/a/2.html' in urls                  # utm_source dropped
assert any('DDoS' in a['title'] for a in d)   # Atom, found through the home page
assert any(a['url'].startswith('https://t.me/') for a in d)  # Telegram posts
assert not any('root:' in (a['text'] or '') for a in d)      # no /etc/passwd
"
sqlite3 "$KUZET_DB" "select count(*) from evidence where encoding = 'gzip'" >"$T/n"
[ "$(cat "$T/n")" -ge 3 ] || { fail "evidence not kept: $(cat "$T/n")"; sqlite3 "$KUZET_DB" "select e.article_id, a.url from evidence e join articles a on a.id = e.article_id" >&2; }

# again: unchanged sources cost a 304, and nothing is stored twice
before=$("$KUZET" article list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
run 0 "$KUZET" collect --delay 20 --all --json
pyjson "assert d['added'] == 0 and d['not_modified'] >= 2, d"
# a changed article keeps its earlier version
sleep 1.1
sed -i 's/екі сағат бойы/үш сағат бойы/' "$W/feeds/sarap.atom"
run 0 "$KUZET" collect --delay 20 --all --json
pyjson "assert d['changed'] == 1, d"
run 0 "$KUZET" article list --json
pyjson "
a = [a for a in d if a['canonical_url'] == '$U/a/3.html'][0]
assert 'үш сағат' in a['text'] and a['previous'], a
"
[ "$("$KUZET" article list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$before" ] || fail "latest versions count changed"

# disable, remove
run 0 "$KUZET" source disable 6
run 0 "$KUZET" collect --delay 20 --all --json && pyjson "assert d['sources'] == 5, d"
run 0 "$KUZET" source rm 6
run 1 "$KUZET" source rm 6

# Retry-After on a 429: the source is not due again before it
run 0 "$KUZET" source add "http://127.0.0.1:$B/retry-after?s=7200&k=cli" --no-detect --every 5m
rid=$(sqlite3 "$KUZET_DB" "SELECT id FROM collect_sources WHERE url LIKE '%retry-after%'")
run 0 "$KUZET" collect --delay 20 --source "$rid" --json && pyjson "assert d['failed'] == 1, d"
wait_s=$(sqlite3 "$KUZET_DB" "SELECT next_due - last_fetch FROM collect_sources WHERE id = $rid")
[ "$wait_s" -ge 7200 ] && [ "$wait_s" -le 7300 ] && ok "Retry-After 7200 s recorded: due again in $wait_s s" || fail "next_due after Retry-After: $wait_s"
run 0 "$KUZET" source list --json
pyjson "
s = [s for s in d if 'retry-after' in s['url']][0]
assert 'Retry-After 7200 s' in s['last_error'], s
"
run 0 "$KUZET" source rm "$rid"
# the contact in the User-Agent is checked before anything is sent
KUZET_CONTACT='two words' run 2 "$KUZET" collect && expect_in "$T/err" "KUZET_CONTACT"
KUZET_CONTACT='mailto:ops@example.org' run 0 "$KUZET" collect --delay 20 --json

# --resolve: a source on a name DNS cannot resolve (.invalid), pinned to
# loopback (never asked of DNS, which a test must not depend on)
run 0 "$KUZET" source add "http://pinned.invalid:$B/feed/resolve" --kind rss --no-detect
pid=$(sqlite3 "$KUZET_DB" "SELECT id FROM collect_sources WHERE url LIKE '%pinned.invalid%'")
run 0 "$KUZET" collect --delay 20 --source "$pid" --resolve "pinned.invalid:$B:127.0.0.1" --json
pyjson "assert d['failed'] == 0 and d['sources'] == 1, d"
run 2 "$KUZET" collect --resolve "pinned.invalid:http:127.0.0.1" && expect_in "$T/err" "HOST:PORT:ADDRESS"
run 2 "$KUZET" collect --resolve "pinned invalid:80:127.0.0.1"
run 0 "$KUZET" source rm "$pid"

# watch stops cleanly on SIGTERM and keeps what it stored
"$KUZET" watch --delay 20 >"$T/watch.out" 2>&1 & w=$!
sleep 2
kill -TERM $w
wait $w; st=$?
[ "$st" = 0 ] || fail "watch exited $st: $(cat "$T/watch.out")"
[ "$(sqlite3 "$KUZET_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity after watch"
finish
