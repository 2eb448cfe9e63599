# The classifier on the shared labeled corpus: train on train.jsonl, evaluate
# on dev.jsonl; fails below macro-F1 0.75 or relevance F1 0.90.  Also train,
# classify (model and lexicon), --folds, and bad input.
. "$(dirname "$0")/lib.sh"
CORPUS="${KZ_SHARED_DIR:-$KZ_SOURCE_DIR/../shared}/corpus"
if [ ! -f "$CORPUS/train.jsonl" ] || [ ! -f "$CORPUS/dev.jsonl" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: corpus missing: $CORPUS" >&2; exit 1
	fi
	echo "skip: corpus missing: $CORPUS"; exit 0
fi

for algo in logreg svm; do
	run 0 "$KUZET" eval --train "$CORPUS/train.jsonl" --test "$CORPUS/dev.jsonl" \
		--algo $algo --json || continue
	pyjson "
m = d['macro_f1']; r = d['relevance']['f1']
print('$algo: macro-F1 %.3f relevance F1 %.3f accuracy %.3f' % (m, r, d['accuracy']))
assert m >= 0.75, 'macro-F1 %.3f < 0.75' % m
assert r >= 0.90, 'relevance F1 %.3f < 0.90' % r
assert set(d['per_label']) == {'expression','privacy','cyber','law','courts','none'}
assert sum(v['support'] for v in d['per_label'].values()) == 113
assert sum(sum(row.values()) for row in d['confusion'].values()) == 113
for v in d['per_label'].values():
    assert set(v) == {'precision','recall','f1','support'}
"
done

# the text table
run 0 "$KUZET" eval --train "$CORPUS/train.jsonl" --test "$CORPUS/dev.jsonl" &&
	expect_in "$T/out" "confusion (rows gold, columns predicted)"
# both algorithms and cross-validation
run 0 "$KUZET" eval --data "$CORPUS/train.jsonl" --folds 3 --algo all --json &&
	pyjson "assert set(d['algos']) == {'logreg','svm'}; assert d['algos']['svm']['items'] == 481"

# train, then classify a text, a file and JSON Lines
run 0 "$KUZET" train --data "$CORPUS/train.jsonl" --model "$T/m.bin" --seed 3 &&
	expect_in "$T/out" "trained logreg on 481 items"
run 0 "$KUZET" train --data "$CORPUS/train.jsonl" --model "$T/m2.bin" --seed 3
cmp -s "$T/m.bin" "$T/m2.bin" || fail "training is not deterministic"
run 0 "$KUZET" classify --model "$T/m.bin" --json \
	"Суд оштрафовал блогера за публикацию в Telegram-канале по статье о распространении ложной информации" &&
	pyjson "assert d['label'] == 'courts', d; assert 0 <= d['relevance'] <= 1; assert d['terms']; assert abs(sum(1 for _ in d['scores']) - 6) == 0"
head -5 "$CORPUS/dev.jsonl" >"$T/five.jsonl"
run 0 "$KUZET" classify --model "$T/m.bin" --json <"$T/five.jsonl" &&
	[ "$(wc -l <"$T/out")" -eq 5 ] || fail "classify: 5 items in, not 5 lines out"
printf 'Утечка персональных данных граждан из базы' >"$T/t.txt"
run 0 "$KUZET" classify --file "$T/t.txt" --json &&
	pyjson "assert d['model'] == 'lexicon'; assert d['label'] == 'privacy', d"

# errors
printf '{"text": "x", "label": "nope"}\n' >"$T/bad.jsonl"
run 1 "$KUZET" train --data "$T/bad.jsonl" --model "$T/x.bin" && expect_in "$T/err" 'unknown label "nope"'
printf '{"text": "x"\n' >"$T/bad2.jsonl"
run 1 "$KUZET" eval --train "$T/bad2.jsonl" --test "$T/bad2.jsonl" && expect_in "$T/err" "bad2.jsonl:1: "
head -c 1000 "$T/m.bin" >"$T/cut.bin"
run 1 "$KUZET" classify --model "$T/cut.bin" "x" && expect_in "$T/err" "model"
run 2 "$KUZET" eval --train "$CORPUS/train.jsonl" && expect_in "$T/err" "give --train and --test"
run 2 "$KUZET" train --data "$CORPUS/train.jsonl" --algo bogus
finish
