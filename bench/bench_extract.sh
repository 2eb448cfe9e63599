#!/usr/bin/env bash
# Article extraction speed and quality on the shared benchmark (181 real
# pages, ../shared/testdata/article-extraction): pages/s and MB/s of HTML on
# one core for `kuzet extract` and for python3-readability (readability-lxml,
# Document(html).summary()) in the same run, their ratio (target >= 50x), and
# kuzet's precision/recall/F1 (tests/tools/extract_f1.py).
# Both are timed in one process on CPU time (best of 3 passes), parsing
# included: kuzet by bench/bench_extract.c, readability by Python.  Usage: bench/bench_extract.sh BUILD_DIR
set -euo pipefail
B=${1:-build-release}
K="$B/kuzet"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D="${KZ_SHARED_DIR:-$ROOT/../shared}/testdata/article-extraction"
if [ ! -f "$D/ground-truth.json" ]; then
	echo "extract: skipped (no $D)"; exit 0
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/kuzet-bench-extract.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/html" "$W/out"
for f in "$D"/html/*.html.gz; do
	gzip -dc "$f" >"$W/html/$(basename "$f" .gz)"
done
pages=$(ls "$W/html" | wc -l)
bytes=$(cat "$W"/html/*.html | wc -c)
echo "extract: $pages pages, $(python3 -c "print('%.1f' % ($bytes / 1e6))") MB of HTML"

# kuzet in one process (bench_extract: CPU time, best of 3), and the CLI
# once over every page for the quality score
read -r _ _ _ _ _ kz_t < <("$B/bench/bench_extract" "$W"/html/*.html)
for f in "$W"/html/*.html; do
	"$K" extract --json "$f" >"$W/out/$(basename "$f" .html).json"
done

# Debian's python3-readability lives in the system Python
PY=python3
/usr/bin/python3 -c 'import readability' 2>/dev/null && PY=/usr/bin/python3
rd_t=$("$PY" - "$W/html" <<'PY'
import os, sys, time
try:
    from readability import Document
except ImportError:
    print("none")
    sys.exit(0)
d = sys.argv[1]
docs = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d))]
best = None
for run in range(3):
    t0 = time.process_time()
    for h in docs:
        Document(h).summary()
    t = time.process_time() - t0
    best = t if best is None else min(best, t)
print(best)
PY
)
python3 - "$pages" "$bytes" "$kz_t" "$rd_t" <<'PY'
import sys
pages, nbytes, kz = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
print("kuzet extract:       %7.1f pages/s  %6.1f MB/s  (%.2f s)" % (pages / kz, nbytes / kz / 1e6, kz))
if sys.argv[4] == "none":
    print("python3-readability: not installed (apt install python3-readability)")
else:
    rd = float(sys.argv[4])
    print("python3-readability: %7.1f pages/s  %6.1f MB/s  (%.2f s)" % (pages / rd, nbytes / rd / 1e6, rd))
    print("ratio kuzet/readability: %.1fx   target >= 50x" % (rd / kz))
PY
echo "kuzet quality: $(python3 "$ROOT/tests/tools/extract_f1.py" "$D/ground-truth.json" "$W/out")   target F1 >= 0.93"
