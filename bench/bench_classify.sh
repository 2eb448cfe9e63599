#!/usr/bin/env bash
# Classification: kuzet vs scikit-learn (TF-IDF word 1-2-grams + char_wb
# 2-5-grams, LinearSVC) on the same data in the same run: macro-F1 and
# relevance F1 on dev.jsonl (trained on train.jsonl), training time on N
# synthetic items (corpus items repeated with words dropped and swapped),
# classification items/s and MB/s on one core.
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

secs() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }

# quality on the real split
for algo in logreg svm; do
	"$K" eval --train "$C/train.jsonl" --test "$C/dev.jsonl" --algo $algo --json |
		"$PY" -c "import json,sys; d=json.load(sys.stdin); print('kuzet %-7s dev macro-F1 %.3f  relevance F1 %.3f' % ('$algo', d['macro_f1'], d['relevance']['f1']))"
done
# speed: train on N, classify N (one process, one core)
ttrain=$(secs taskset -c 0 "$K" train --data "$W/big.jsonl" --model "$W/m.bin")
tcls=$(secs taskset -c 0 "$K" classify --model "$W/m.bin" --json <"$W/big.jsonl")
ttrain_svm=$(secs taskset -c 0 "$K" train --algo svm --data "$W/big.jsonl" --model "$W/s.bin")
echo "kuzet   train logreg $N items: ${ttrain} s   svm: ${ttrain_svm} s"
"$PY" -c "t=float('$tcls'); print('kuzet   classify %d items: %.2f s  %.0f items/s  %.2f MB/s' % ($N, t, $N/t, $bytes/t/1e6))"

taskset -c 0 "$PY" - "$C/train.jsonl" "$C/dev.jsonl" "$W/big.jsonl" "$bytes" <<'PY'
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
Xt, yt = load(sys.argv[1]); Xd, yd = load(sys.argv[2])
m = model().fit(Xt, yt); p = m.predict(Xd)
rel = f1_score([y != "none" for y in yd], [y != "none" for y in p])
print("sklearn LinearSVC dev macro-F1 %.3f  relevance F1 %.3f" % (f1_score(yd, p, average="macro"), rel))
Xb, yb = load(sys.argv[3]); n = len(Xb); nbytes = int(sys.argv[4])
t0 = time.time(); m = model().fit(Xb, yb); t1 = time.time()
m.predict(Xb); t2 = time.time()
print("sklearn train %d items: %.2f s" % (n, t1 - t0))
print("sklearn classify %d items: %.2f s  %.0f items/s  %.2f MB/s" % (n, t2 - t1, n / (t2 - t1), nbytes / (t2 - t1) / 1e6))
PY
