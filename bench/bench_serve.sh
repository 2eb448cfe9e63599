#!/usr/bin/env bash
# kuzet serve under load: wrk (Debian) against /, /api/incidents and a
# search, with 10,000 published incidents (tests/tools/gen_report.py).
# Prints requests/s and latency percentiles (p50, p99) per route.
# Usage: bench/bench_serve.sh BUILD_DIR [SECONDS] [CONNECTIONS]
set -euo pipefail
B=${1:-build-release}
D=${2:-10}
C=${3:-32}
K="$B/kuzet"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { echo "serve bench: wrk missing (apt install wrk), skipped"; exit 0; }
W=$(mktemp -d "${TMPDIR:-/tmp}/kuzet-bench-serve.XXXXXX")
srv=
trap 'kill $srv 2>/dev/null || true; rm -rf "$W"' EXIT
export KUZET_DB="$W/k.db"
python3 "$ROOT/tests/tools/gen_report.py" "$W/in" 10000 10000 >"$W/files"
"$K" import $(cat "$W/files") >/dev/null
threads=$(nproc)
"$K" serve --listen 127.0.0.1:0 --ready-file "$W/url" 2>"$W/log" & srv=$!
for _ in $(seq 100); do [ -s "$W/url" ] && break; sleep 0.1; done
U=$(sed 's#/$##' "$W/url")
echo "serve bench: 10,000 published incidents, wrk ${D}s, $C connections, 2 wrk threads, server $threads threads (same $(nproc)-core machine)"
# two words of the generated titles for the search route: the most common
# one (in most titles: the worst case, every match is ranked) and a rarer one
read -r common rare < <(python3 - "$KUZET_DB" <<'PY'
import sqlite3, sys, collections, urllib.parse
db = sqlite3.connect(sys.argv[1])
c = collections.Counter(w.strip(".,:;«»\"()") for (t,) in db.execute("SELECT title FROM incident_texts")
                        for w in t.lower().split() if len(w) > 6).most_common()
print(urllib.parse.quote(c[0][0]), urllib.parse.quote(c[len(c) // 3][0]))
PY
)
for route in "/" "/api/incidents" "/?q=$common" "/?q=$rare"; do
	wrk -t2 -c"$C" -d"${D}s" --latency "$U$route" >"$W/out" 2>&1 || true
	python3 - "$route" "$W/out" <<'PY'
import re, sys, urllib.parse
t = open(sys.argv[2]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
p = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", t, re.M))
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print("  %-30s %9s req/s   p50 %-9s p99 %-9s%s" % (urllib.parse.unquote(sys.argv[1])[:30], rps.group(1) if rps else "?",
      p.get("50", "?"), p.get("99", "?"), "  NON-2xx: " + errs.group(1) if errs else ""))
PY
done
