# The review queue: collected articles are classified (the keyword lexicon
# before any training), listed most relevant first, accepted into draft
# incidents or dismissed.
. "$(dirname "$0")/lib.sh"

python3 "$KZ_SOURCE_DIR/scripts/sample-web.py" "$KZ_SOURCE_DIR/data/sample/web" "$T/port" & web=$!
trap 'kill $web 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
U="http://127.0.0.1:$(cat "$T/port")"

run 0 "$KUZET" init
run 0 "$KUZET" source add "$U/feeds/dalanews.rss"
run 0 "$KUZET" source add "$U/feeds/sarap.atom"
run 0 "$KUZET" collect --delay 10 --json
pyjson "assert d['added'] >= 10 and d['classified'] == d['added'], d"
run 0 "$KUZET" queue --json --limit 0
pyjson "
assert len(d) >= 10, len(d)
rel = [c['relevance'] for c in d]
assert rel == sorted(rel, reverse=True), rel
assert all(0 <= r <= 1 for r in rel)
top = d[0]
assert top['label'] != 'none' and top['why'], top
assert set(top['scores']) >= {'expression', 'privacy', 'cyber', 'law', 'courts', 'none'}, top
"
first=$(python3 -c "import json; print(json.load(open('$T/out'))[0]['article'])")
last=$(python3 -c "import json; print(json.load(open('$T/out'))[-1]['article'])")
run 0 "$KUZET" queue accept "$first" && expect_in "$T/out" "became incident"
run 0 "$KUZET" incident list --json
pyjson "
assert len(d) == 1 and d[0]['status'] == 'draft', d
assert d[0]['sources'][0]['url'].startswith('$U/'), d
"
run 0 "$KUZET" queue dismiss "$last" --reason "weather"
run 0 "$KUZET" queue --json --status dismissed && pyjson "assert [c['article'] for c in d] == [$last], d"
run 0 "$KUZET" queue --json --status accepted && pyjson "assert d[0]['incident'] == 1, d"
run 1 "$KUZET" queue accept 99999 && expect_in "$T/err" "99999"
run 2 "$KUZET" queue frob 1
run 2 "$KUZET" queue --min 2
# analyze finds nothing new once everything is classified
run 0 "$KUZET" analyze && expect_in "$T/out" "classified 0"
# training on the archive (the accepted incident and the imported sample
# reports; dismissals as none) stores a model; the queue is classified anew
run 0 "$KUZET" import "$KZ_SOURCE_DIR"/data/sample/monitoring-*.md
run 0 "$KUZET" train --from-db --json && pyjson "assert d['items'] >= 20, d"
run 0 "$KUZET" analyze --again
run 0 "$KUZET" queue --json --limit 0 && pyjson "assert d and all(c['model'] == 1 for c in d), d[:2]"
run 0 "$KUZET" train --from-db && expect_in "$T/out" "model 2 in the database"
run 0 "$KUZET" classify --json "Сайт издания заблокирован по решению суда"
pyjson "assert d['model'] != 'lexicon' and 0 <= d['relevance'] <= 1, d"
run 2 "$KUZET" train && expect_in "$T/err" "no --data or --from-db"
finish
