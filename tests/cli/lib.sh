# Shared helpers for tests/cli/test_*.sh.  Each test runs build/kuzet ($KUZET)
# in a fresh temporary directory with its own database.
set -u
: "${KUZET:?set KUZET to the kuzet binary}"
: "${KZ_SOURCE_DIR:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/kuzet-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export KUZET_DB="$T/kuzet.db"
export XDG_DATA_HOME="$T/xdg"
unset KUZET_TAXONOMY
export KUZET_USER=tester
SEED="${KZ_SHARED_DIR:-$KZ_SOURCE_DIR/../shared}/seed/000_bfb9eca3802dfca6.txt"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# run EXPECTED_STATUS CMD... : run, keep stdout in $T/out, stderr in $T/err
run() {
	local want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "exit $got (want $want): $*"
		sed 's/^/  stderr: /' "$T/err" | head -5 >&2
		return 1
	fi
	return 0
}

# expect_in FILE STRING : FILE contains STRING
expect_in() {
	grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'"; sed 's/^/  | /' "$1" | head -5 >&2; }
}

# py EXPR-SCRIPT : run python3 with the JSON of $T/out as `d`
pyjson() {
	python3 -c "import json,sys; d=json.load(open('$T/out')); $1" || fail "json check: $1"
}

# the seed is needed; skipped outside CI when missing, fatal under CI=true
need_seed() {
	if [ ! -f "$SEED" ]; then
		if [ "${CI:-}" = true ]; then
			echo "FAIL: seed report missing: $SEED" >&2; exit 1
		fi
		echo "skip: seed report missing: $SEED"; exit 0
	fi
}

count_incidents() {
	"$KUZET" incident list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s)" >&2
		exit 1
	fi
	echo "all ok"
	exit 0
}

# web_archive: a new database with the seed report (published incidents)
# and the review queue filled by collecting the sample web (served on
# loopback for the while), for the tests of kuzet serve
web_archive() {
	python3 "$KZ_SOURCE_DIR/scripts/sample-web.py" "$KZ_SOURCE_DIR/data/sample/web" "$T/port" &
	local web=$!
	for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
	local w="http://127.0.0.1:$(cat "$T/port")"
	run 0 "$KUZET" init
	run 0 "$KUZET" import "$SEED"
	run 0 "$KUZET" source add "$w/feeds/dalanews.rss"
	run 0 "$KUZET" source add "$w/feeds/sarap.atom"
	run 0 "$KUZET" collect --delay 10
	kill $web 2>/dev/null
	wait $web 2>/dev/null
}
