#!/usr/bin/env bash
# Classification: kuzet vs scikit-learn (TF-IDF word 1-2-grams + char_wb
# 2-5-grams, LinearSVC) on the same data in the same run: macro-F1 and
# relevance F1 on dev.jsonl (trained on train.jsonl), training time on N
# synthetic items (corpus items repeated with words dropped and swapped),
# classification items/s and MB/s; every timed run on one core (taskset -c
# 0).  Each time is wall and CPU (user + sys) seconds; the machine may be
# shared, and CPU time is the steadier of the two.  sklearn's times include
# its vectorizing (fit and predict of the whole pipeline) but not reading
# the JSON; kuzet's include reading the JSON Lines and, for classify, the
# --json output with the terms that weighed most.  The last line gives the
# ratios sklearn / kuzet.
# Usage: bench/bench_classify.sh BUILD_DIR [N]   (N default 100000)
set -euo pipefail
B=${1:-build-release}
N=${2:-100000}
K="$B/kuzet"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
C="${KZ_SHARED_DIR:-$ROOT/../shared}/corpus"
PY=/usr/bin/python3
[ -f "$C/train.jsonl" ] || { echo "bench_classify: no corpus at $C, skipped"; exit 0; }
W=$(mktemp -d "${TMPDIR:-/tmp}/kuzet-bench-cls.XXXXXX")
trap 'rm -rf "$W"' EXIT

"$PY" - "$C/train.jsonl" "$C/dev.jsonl" "$N" "$W/big.jsonl" <<'PY'
import json, random, sys
random.seed(1)
items = [json.loads(l) for f in sys.argv[1:3] for l in open(f) if l.strip()]
n = int(sys.argv[3])
with open(sys.argv[4], "w") as out:
    for i in range(n):
        it = dict(items[i % len(items)])
        w = it["text"].split()
        w = [x for x in w if random.random() > 0.1]
        for _ in range(3):
            if len(w) > 2:
                a, b = random.randrange(len(w)), random.randrange(len(w))
                w[a], w[b] = w[b], w[a]
        it["text"] = " ".join(w)
        it["id"] = "syn-%d" % i
        out.write(json.dumps(it, ensure_ascii=False) + "\n")
PY
bytes=$(wc -c <"$W/big.jsonl")
echo "classify bench: $N synthetic items, $((bytes / 1024 / 1024)) MB"

# "wall cpu peak_kb" of a command (its output discarded)
timed() { /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1 |
	awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}'; }

# quality on the real split
for algo in logreg svm; do
	"$K" eval --train "$C/train.jsonl" --test "$C/dev.jsonl" --algo $algo --json |
		"$PY" -c "import json,sys; d=json.load(sys.stdin); print('kuzet %-7s dev macro-F1 %.3f  relevance F1 %.3f' % ('$algo', d['macro_f1'], d['relevance']['f1']))"
done
# speed: train on N, classify N (one process, one core)
read -r tw tc tm < <(timed taskset -c 0 "$K" train --data "$W/big.jsonl" --model "$W/m.bin")
read -r cw cc _ < <(timed taskset -c 0 "$K" classify --model "$W/m.bin" --json <"$W/big.jsonl")
read -r sw sc sm < <(timed taskset -c 0 "$K" train --algo svm --data "$W/big.jsonl" --model "$W/s.bin")
echo "kuzet   train logreg $N items: $tw s (CPU $tc s, peak $((tm / 1024)) MB)   svm: $sw s (CPU $sc s, peak $((sm / 1024)) MB)"
"$PY" -c "w,c=float('$cw'),float('$cc'); print('kuzet   classify %d items: %.2f s (CPU %.2f s)  %.0f items/s  %.2f MB/s (CPU: %.0f items/s)' % ($N, w, c, $N/w, $bytes/w/1e6, $N/c))"

taskset -c 0 "$PY" - "$C/train.jsonl" "$C/dev.jsonl" "$W/big.jsonl" "$bytes" "$W/sk" <<'PY'
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC
from sklearn.metrics import f1_score
def load(f):
    d = [json.loads(l) for l in open(f) if l.strip()]
    return [x["title"] + "\n" + x["text"] for x in d], [x["label"] for x in d]
def model():
    return make_pipeline(make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        LinearSVC())
def clocks():
    return time.time(), time.process_time()
Xt, yt = load(sys.argv[1]); Xd, yd = load(sys.argv[2])
m = model().fit(Xt, yt); p = m.predict(Xd)
rel = f1_score([y != "none" for y in yd], [y != "none" for y in p])
print("sklearn LinearSVC dev macro-F1 %.3f  relevance F1 %.3f" % (f1_score(yd, p, average="macro"), rel))
Xb, yb = load(sys.argv[3]); n = len(Xb); nbytes = int(sys.argv[4])
w0, c0 = clocks(); m = model().fit(Xb, yb); w1, c1 = clocks()
m.predict(Xb); w2, c2 = clocks()
print("sklearn train %d items: %.2f s (CPU %.2f s)" % (n, w1 - w0, c1 - c0))
print("sklearn classify %d items: %.2f s (CPU %.2f s)  %.0f items/s  %.2f MB/s (CPU: %.0f items/s)" % (n, w2 - w1, c2 - c1, n / (w2 - w1), nbytes / (w2 - w1) / 1e6, n / (c2 - c1)))
open(sys.argv[5], "w").write("%f %f %f %f\n" % (w1 - w0, c1 - c0, w2 - w1, c2 - c1))
PY
read -r skt skc skcw skcc < "$W/sk"
"$PY" -c "
tw, tc, sw, sc, cw, cc = $tw, $tc, $sw, $sc, $cw, $cc
skt, skc, skcw, skcc = $skt, $skc, $skcw, $skcc
print('kuzet vs sklearn, same run, one core (sklearn time / kuzet time; target >= 10x):')
print('  train     logreg %5.1fx wall %5.1fx CPU    svm %5.1fx wall %5.1fx CPU' % (skt / tw, skc / tc, skt / sw, skc / sc))
print('  classify  logreg %5.1fx wall %5.1fx CPU   (items/s)' % (skcw / cw, skcc / cc))
"
