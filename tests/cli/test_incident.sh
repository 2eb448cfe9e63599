# incident add/list/show/edit/publish/rm, their --json shapes and the audit log.
. "$(dirname "$0")/lib.sh"

run 0 "$KUZET" init --json && expect_in "$T/out" '"incidents":0'
run 0 "$KUZET" incident add --json --section privacy --lang kk \
	--title "Деректер базасы ашық қалды" --summary "3 наурызда 12 мың адамның деректері жарияланды." \
	--source "https://news.example.kz/a/7?utm_source=tg&id=7#top" --date 2026-03-03
pyjson "
assert d['id'] == 1 and d['section'] == 'privacy' and d['status'] == 'draft', d
assert d['occurred_on'] == '2026-03-03'
assert d['title'] == {'kk': 'Деректер базасы ашық қалды'}
assert d['sources'][0]['url_norm'] == 'https://news.example.kz/a/7?id=7', d['sources']
"
run 2 "$KUZET" incident add --section nosuch --lang ru --title x && expect_in "$T/err" "unknown section 'nosuch'"
run 2 "$KUZET" incident add --section law --lang xx --title x
run 1 "$KUZET" incident add --section law --lang ru --title x --source "ftp://example.kz/x"
run 2 "$KUZET" incident add --section law --lang ru --title x --date 2026-02-30
run 0 "$KUZET" incident add --section law --lang ru --title "Поправки о СМИ" --summary "Текст." --source https://law.example.kz/1

# list and its filters
run 0 "$KUZET" incident list --json && pyjson "assert [i['id'] for i in d] == [2, 1] or [i['id'] for i in d] == [1, 2], d"
run 0 "$KUZET" incident list --json --section law && pyjson "assert [i['id'] for i in d] == [2]"
run 0 "$KUZET" incident list --json --lang kk && pyjson "assert [i['id'] for i in d] == [1]"
run 0 "$KUZET" incident list --json --from 2026-03-01 --to 2026-03-31 && pyjson "assert [i['id'] for i in d] == [1]"
run 0 "$KUZET" incident list --json --status published && pyjson "assert d == []"
run 0 "$KUZET" incident list && expect_in "$T/out" "Деректер базасы ашық қалды"

# edit one field at a time, publish, and the history
run 0 "$KUZET" incident edit 1 --set "title.ru=Открытой оказалась база данных" --set "summary.ru=Данные 12 тысяч человек."
run 0 "$KUZET" incident edit 1 --add-source https://t.me/kuzet_demo/5
run 2 "$KUZET" incident edit 1 --set nonsense
run 2 "$KUZET" incident edit 1 --set bogus=1 && expect_in "$T/err" "unknown field 'bogus'"
run 1 "$KUZET" incident edit 99 --set status=draft && expect_in "$T/err" "99"
run 0 "$KUZET" incident publish 1
run 0 "$KUZET" incident show 1 --json
pyjson "
assert d['status'] == 'published' and d['version'] >= 4, d
assert d['title']['ru'] == 'Открытой оказалась база данных'
assert len(d['sources']) == 2
fields = [h['field'] for h in d['history']]
assert fields[0] == 'created' and 'title.ru' in fields and 'status' in fields and 'sources' in fields, fields
h = [h for h in d['history'] if h['field'] == 'status'][0]
assert h['old'] == 'draft' and h['new'] == 'published' and h['actor'] == 'tester', h
"
run 0 "$KUZET" incident show 1 && expect_in "$T/out" "history:"

# edit through $EDITOR: a script stands in for the editor
cat >"$T/ed.sh" <<'SH'
#!/bin/sh
sed -i 's/^status: .*/status: rejected/; s/^Поправки о СМИ$/Поправки о СМИ приняты/' "$1"
SH
chmod +x "$T/ed.sh"
EDITOR="$T/ed.sh" run 0 "$KUZET" incident edit 2
run 0 "$KUZET" incident show 2 --json && pyjson "assert d['status'] == 'rejected' and d['title']['ru'] == 'Поправки о СМИ приняты', d"
# a form made invalid keeps the user's text and changes nothing
printf '#!/bin/sh\nsed -i "s/^section: .*/section: nosuch/" "$1"\n' >"$T/bad.sh"; chmod +x "$T/bad.sh"
EDITOR="$T/bad.sh" run 1 "$KUZET" incident edit 2 && expect_in "$T/err" "kept in"
run 0 "$KUZET" incident show 2 --json && pyjson "assert d['section'] == 'law'"

# rm
run 0 "$KUZET" incident rm 2
run 1 "$KUZET" incident show 2
[ "$(count_incidents)" = 1 ] || fail "rm"
# >/dev/full: a write error is an error
if [ -w /dev/full ]; then
	"$KUZET" incident list --json >/dev/full 2>"$T/err"; [ $? = 1 ] || fail "writing to /dev/full did not fail"
fi
finish
