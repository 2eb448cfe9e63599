# kuzet import of kuzet's own exports: incident list --json, a report as
# JSON and as CSV go into a fresh archive with the same incidents (twice:
# nothing added the second time); bad files name the file and line and
# store nothing.
. "$(dirname "$0")/lib.sh"
need_seed

A="$T/a.db"
KUZET_DB="$A" run 0 "$KUZET" init
KUZET_DB="$A" run 0 "$KUZET" import "$SEED"
# a bilingual draft with a formula-looking title, and a rejected one
KUZET_DB="$A" run 0 "$KUZET" incident add --section law --lang ru \
	--title '=Закон о СМИ' --summary 'Первый абзац.

Второй абзац.' --source 'https://example.kz/law?utm_source=x' \
	--status draft --date 2026-03-01 --json
did=$(python3 -c "import json; print(json.load(open('$T/out'))['id'])")
KUZET_DB="$A" run 0 "$KUZET" incident edit "$did" --set 'title.kk=БАҚ туралы заң' \
	--set 'summary.kk=Қазақша мәтін: ә ғ қ ң ө ұ ү һ і.'
KUZET_DB="$A" run 0 "$KUZET" incident add --section courts --lang en \
	--title 'Rejected item' --summary 'x' --status rejected
KUZET_DB="$A" run 0 "$KUZET" incident add --section expression --lang ru \
	--title '+7 727 — горячая линия заблокирована' --summary '@kuzet, "кавычки", запятые' \
	--source 'https://example.kz/a' --source 'https://example.kz/b' --status published \
	--date 2026-03-02

KUZET_DB="$A" "$KUZET" incident list --json >"$T/list.json"
KUZET_DB="$A" run 0 "$KUZET" report --from 2020-01-01 --to 2030-12-31 --format json -o "$T/r.json"
KUZET_DB="$A" run 0 "$KUZET" report --from 2020-01-01 --to 2030-12-31 --format csv -o "$T/r.csv"

# what an archive assigns is left out of the comparison
strip='
def key(i):
    return (i["section"], i["status"], i["occurred_on"], json.dumps(i["title"], sort_keys=True))
def core(i, csv=False):
    c = {k: i.get(k) for k in ("section", "status", "occurred_on", "title", "summary")}
    c["sources"] = [s["url"] for s in i["sources"]]
    if not csv:
        c["period"] = i.get("period")
    return c
'

for f in list.json r.json r.csv; do
	B="$T/b-$f.db"
	KUZET_DB="$B" run 0 "$KUZET" init
	KUZET_DB="$B" run 0 "$KUZET" import "$T/$f" || continue
	KUZET_DB="$B" run 0 "$KUZET" import "$T/$f" && expect_in "$T/out" " 0 added"
	KUZET_DB="$B" "$KUZET" incident list --json >"$T/back.json"
	python3 -c "
import json, sys
$strip
src = json.load(open('$T/list.json'))
if '$f' != 'list.json':
    src = [i for i in src if i['status'] == 'published']   # reports hold published ones
back = json.load(open('$T/back.json'))
csv = '$f'.endswith('.csv')
if csv:   # one language per row: the report's (ru), or the one there is
    for i in src:
        l = 'ru' if 'ru' in i['title'] else sorted(i['title'])[0]
        i['title'] = {l: i['title'][l]}
        i['summary'] = {l: i['summary'][l]} if l in i['summary'] else {}
a = sorted((core(i, csv) for i in src), key=lambda c: json.dumps(c, sort_keys=True))
b = sorted((core(i, csv) for i in back), key=lambda c: json.dumps(c, sort_keys=True))
if a != b:
    for x, y in zip(a, b):
        if x != y:
            print('first difference:', x, y, sep='\n', file=sys.stderr); break
    print(len(a), len(b), file=sys.stderr)
    sys.exit(1)
print('$f: %d incidents back' % len(b))
" || fail "$f: not the same incidents after import"
done

# the draft came back with both languages, its status and the formula
# title (and the CSV round trip above dropped the guard quote it added)
KUZET_DB="$T/b-list.json.db" "$KUZET" incident list --json --status draft >"$T/out"
pyjson "
i = d[0]
assert i['title'] == {'ru': '=Закон о СМИ', 'kk': 'БАҚ туралы заң'}, i
assert i['summary']['ru'] == 'Первый абзац.\n\nВторой абзац.', i
assert i['sources'][0]['url_norm'] == 'https://example.kz/law', i
"
grep -q "'+7 727" "$T/r.csv" || fail "the CSV export should guard the formula title"

# bad files: file and line named, nothing stored
B="$T/bad.db"
KUZET_DB="$B" run 0 "$KUZET" init
printf '[{"section": "expression", "title": {"ru": "a"}, "sources": []},\n {"section": "nosuch", "title": {"ru": "b"}}]\n' >"$T/sec.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/sec.json" && expect_in "$T/err" "sec.json:2: section 'nosuch'"
printf '[{"section": "expression",\n "title": {"ru": "a"},,}]\n' >"$T/syntax.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/syntax.json" && expect_in "$T/err" "syntax.json: line 2: JSON"
printf '[{"section": "expression", "title": {"xx": "a"}}]\n' >"$T/lang.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/lang.json" && expect_in "$T/err" "want ru, kk or en"
printf '[{"section": "expression", "summary": {"ru": "a"}}]\n' >"$T/notitle.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/notitle.json" && expect_in "$T/err" "without a title"
printf '{"a": 1}\n' >"$T/other.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/other.json" && expect_in "$T/err" "not a kuzet export"
python3 -c "print('[' * 100 + ']' * 100)" >"$T/deep.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/deep.json" && expect_in "$T/err" "nested deeper than 16"
head -1 "$T/r.csv" >"$T/bad.csv"
printf '1,expression,x,published,2025-01-01,ru,T,S,https://a.kz/ https://b.kz/\r\n2,expression,x,published,2025-01-01,ru,"T2,S2\r\n' >>"$T/bad.csv"
KUZET_DB="$B" run 1 "$KUZET" import "$T/bad.csv" && expect_in "$T/err" "bad.csv:3: a quoted field never ends"
head -1 "$T/r.csv" >"$T/few.csv"
printf '1,expression,x,published,2025-01-01,ru,T\n' >>"$T/few.csv"
KUZET_DB="$B" run 1 "$KUZET" import "$T/few.csv" && expect_in "$T/err" "few.csv:2: 7 fields, want 9"
head -1 "$T/r.csv" >"$T/date.csv"
printf '1,expression,x,published,2025-02-30,ru,T,S,\n' >>"$T/date.csv"
KUZET_DB="$B" run 1 "$KUZET" import "$T/date.csv" && expect_in "$T/err" "date.csv:2: occurred_on '2025-02-30'"
python3 -c "
import json
print(json.dumps([{'section': 'law', 'title': {'kk': 'a'},
                   'sources': [{'url': 'https://x.kz/%d' % i} for i in range(65)]}]))" >"$T/many.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/many.json" && expect_in "$T/err" "many.json:1: more than 64 sources"
printf '{"section": "law", "title": {"en": "a"},\n "period": {"from": "2026-02-01", "to": "2026-01-01"}}\n' >"$T/period.json"
KUZET_DB="$B" run 1 "$KUZET" import "$T/period.json" && expect_in "$T/err" "period.json:1: the period ends before it starts"
n=$(KUZET_DB="$B" count_incidents)
[ "$n" = 0 ] && ok "nothing stored from bad files" || fail "$n incidents stored from bad files"
finish
