# kuzet extract on the shared article-extraction benchmark (181 real pages):
# token-shingle F1 against the ground truth must reach 0.90 (target 0.93).
# Skipped when the shared data is missing, unless CI=true.
. "$(dirname "$0")/lib.sh"

D="${KZ_SHARED_DIR:-$KZ_SOURCE_DIR/../shared}/testdata/article-extraction"
if [ ! -f "$D/ground-truth.json" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: benchmark missing: $D" >&2; exit 1
	fi
	echo "skip: benchmark missing: $D"; exit 0
fi
mkdir -p "$T/html" "$T/out"
for f in "$D"/html/*.html.gz; do
	id=$(basename "$f" .html.gz)
	gzip -dc "$f" >"$T/html/$id.html"
done
python3 -c 'import json,sys; [print(k + "\t" + v["url"]) for k, v in json.load(open(sys.argv[1])).items()]' \
	"$D/ground-truth.json" >"$T/urls"
export T KUZET
# one page per run, in parallel; a page that fails scores as empty
<"$T/urls" xargs -P "$(nproc 2>/dev/null || echo 2)" -L 1 sh -c \
	'"$KUZET" extract --json --url "$1" "$T/html/$0.html" >"$T/out/$0.json" ||
	 echo "extract failed: $0" >&2'
n=$(ls "$T/out" | wc -l)
[ "$n" -eq 181 ] || fail "expected 181 outputs, got $n"
if python3 "$KZ_SOURCE_DIR/tests/tools/extract_f1.py" --min 0.90 \
	"$D/ground-truth.json" "$T/out" >"$T/score"; then
	ok "$(cat "$T/score")"
else
	fail "F1 below 0.90: $(cat "$T/score")"
fi
finish
