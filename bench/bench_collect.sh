#!/usr/bin/env bash
# kuzet collect end to end: 1,000 RSS sources (20 Russian items of their
# own each, tests/tools/httpd.py /news/N) on 100 host names pinned to the
# loopback server with --resolve, --jobs 32, no delay between requests.
# Prints the median wall time of a cold collection (every item new: fetch,
# parse, store with evidence, classify into the review queue) and of a warm
# one (every feed answers 304), and the cold run's peak memory.
# Usage: bench/bench_collect.sh BUILD_DIR
set -euo pipefail
B=${1:-build-release}
K="$B/kuzet"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
N=${N:-1000}
HOSTS=100
W=$(mktemp -d "${TMPDIR:-/tmp}/kuzet-bench-collect.XXXXXX")
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" "$ROOT/tests/tools/httpd.py" "$W/port" & HTTPD=$!
trap 'kill $HTTPD 2>/dev/null || true; rm -rf "$W"' EXIT
for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.1; done
PORT=$(cat "$W/port")

# the sources, as one text list
export KUZET_DB="$W/base.db"
"$K" init >/dev/null
for i in $(seq 0 $((N - 1))); do
	echo "http://h$((i % HOSTS)).test:$PORT/news/$i"
done >"$W/sources.txt"
"$K" source import "$W/sources.txt" --kind rss >/dev/null
resolve=()
for h in $(seq 0 $((HOSTS - 1))); do
	resolve+=(--resolve "h$h.test:$PORT:127.0.0.1")
done
cmd="$K collect --all --jobs 32 --delay 0 --no-pages ${resolve[*]}"

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.2f s (min %.2f, max %.2f, %d runs)' % (r['median'], r['min'], r['max'], len(r['times'])))" "$1"; }

hyperfine -N --runs "$RUNS" --prepare "cp $W/base.db $W/a.db" \
	--export-json "$W/cold.json" "env KUZET_DB=$W/a.db $cmd" >/dev/null
KUZET_DB="$W/a.db" "$K" collect --all --jobs 32 --delay 0 --no-pages \
	"${resolve[@]}" --json >"$W/warm-first.json"
hyperfine -N --runs "$RUNS" --export-json "$W/warm.json" \
	"env KUZET_DB=$W/a.db $cmd" >/dev/null
cp "$W/base.db" "$W/b.db"
peak=$( { /usr/bin/time -v env KUZET_DB="$W/b.db" $cmd >/dev/null; } 2>&1 |
	awk -F': ' '/Maximum resident/ {printf "%.1f MB", $2/1024}')
articles=$(sqlite3 "$W/b.db" "SELECT count(*) FROM articles")
echo "collect $N feeds (--jobs 32, $HOSTS hosts): cold $(median "$W/cold.json"), $articles articles stored"
echo "collect $N feeds, all 304:            $(median "$W/warm.json")"
echo "collect $N feeds peak memory (cold):  $peak"
python3 - "$W/warm-first.json" "$N" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert d["failed"] == 0 and d["not_modified"] == n, d
PY
