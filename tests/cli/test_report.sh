# kuzet report: languages, formats, output file, missing-translation count.
. "$(dirname "$0")/lib.sh"

S="$KZ_SOURCE_DIR/data/sample"
run 0 "$KUZET" import --json "$S"/monitoring-*.md
pyjson "assert d['added'] > 10 and d['translated'] > 5, d"
F=2026-02-01; TO=2026-04-30
for lang in ru kk en; do
	for fmt in md html json csv; do
		run 0 "$KUZET" report --from $F --to $TO --lang $lang --format $fmt -o "$T/r.$lang.$fmt" || continue
		[ -s "$T/r.$lang.$fmt" ] || fail "empty $lang $fmt"
	done
done
expect_in "$T/r.ru.md" "## 1. Свобода выражения мнения и доступ к информации"
expect_in "$T/r.kk.md" "## 1. Пікір білдіру бостандығы және ақпаратқа қол жеткізу"
expect_in "$T/r.en.md" "## 1. Freedom of expression and access to information"
expect_in "$T/r.kk.md" "2026 жылғы"
expect_in "$T/r.ru.html" "<!DOCTYPE html>"
expect_in "$T/r.kk.html" 'lang="kk"'
grep -q '<link\|<script src' "$T/r.ru.html" && fail "html is not self-contained"
python3 -c "import json; json.load(open('$T/r.kk.json'))" || fail "report json"
python3 -c "import csv; r=list(csv.reader(open('$T/r.ru.csv', newline=''))); assert r[0][0]=='id' and len(r)>10" || fail "report csv"
# kk report: Russian-only items are marked and counted on stderr
run 0 "$KUZET" report --from $F --to $TO --lang kk
expect_in "$T/err" "lack a translation into kk"
expect_in "$T/out" "⚠"
# an empty period still gives a valid report
run 0 "$KUZET" report --from 2001-01-01 --to 2001-01-31 --format json && pyjson "assert sum(s['count'] for s in d['sections']) == 0"
# no database yet: a clear error
KUZET_DB="$T/none.db" run 1 "$KUZET" report --from $F --to $TO && expect_in "$T/err" "none.db"
if [ -w /dev/full ]; then
	"$KUZET" report --from $F --to $TO >/dev/full 2>/dev/null; [ $? = 1 ] || fail "report >/dev/full"
fi
# a custom taxonomy: its own sections and names
cat >"$T/tax.ini" <<'INI'
[speech]
ru = Речь
kk = Сөз
en = Speech
INI
run 0 "$KUZET" --help
run 0 "$KUZET" incident add --db "$T/t.db" --taxonomy "$T/tax.ini" --section speech --lang ru --title "Т" --status published --date 2026-02-02
run 0 "$KUZET" report --db "$T/t.db" --taxonomy "$T/tax.ini" --from $F --to $TO --lang en && expect_in "$T/out" "## 1. Speech"
run 2 "$KUZET" incident add --db "$T/t.db" --taxonomy "$T/tax.ini" --section law --lang ru --title "Т" && expect_in "$T/err" "known: speech"
printf '[bad id!]\nru = x\n' >"$T/bad.ini"
run 1 "$KUZET" incident list --taxonomy "$T/bad.ini" && expect_in "$T/err" "bad.ini:1"
finish
