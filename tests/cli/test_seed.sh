# The real report imports whole: 38 items in five sections, published, with
# sources; importing it again adds nothing.
. "$(dirname "$0")/lib.sh"
need_seed

run 0 "$KUZET" import --json "$SEED" || { finish; }
python3 -c "
import json; d=json.load(open('$T/out'))
assert d == {'files':1,'items':38,'added':38,'translated':0,'skipped':0}, d
" || fail "first import stats: $(cat $T/out)"

run 0 "$KUZET" incident list --json
pyjson "
from collections import Counter
assert len(d) == 38, len(d)
c = Counter(i['section'] for i in d)
assert c == {'expression':8,'privacy':7,'cyber':5,'law':8,'courts':10}, c
assert all(i['status'] == 'published' for i in d)
assert all(i['sources'] and all(s['url'].startswith('http') for s in i['sources']) for i in d)
assert not any('utm_' in s['url_norm'] for i in d for s in i['sources'])
assert all(set(i['title']) == {'ru'} and i['summary']['ru'] for i in d)
titles = {i['title']['ru']: i for i in d}
t = titles['В Казахстане появилось министерство искусственного интеллекта']
assert t['section'] == 'cyber' and t['occurred_on'] == '2025-09-18', t
assert titles['Токаев высказался о провокационных материалах в соцсетях']['occurred_on'] == '2025-09-26'
assert titles['Суд признал решение МИД в отказе в аккредитации радио Азаттык законным']['occurred_on'] == '2026-01-14'
m = [i for i in d if i['title']['ru'].startswith('Минцифры объяснило')][0]
assert 'При этом выявлены многомиллиардные траты' in m['summary']['ru'], m['summary']
assert all(i['period'] == {'from':'2025-08-01','to':'2026-01-31'} for i in d)
"
ok "seed: 38 items"

run 0 "$KUZET" import --json "$SEED"
expect_in "$T/out" '"added":0'
expect_in "$T/out" '"skipped":38'
[ "$(count_incidents)" = 38 ] || fail "re-import changed the count"
ok "re-import adds nothing"
finish
