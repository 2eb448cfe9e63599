# A kuzet Markdown report imports back to the same incidents: the seed, and
# the bilingual sample in Kazakh.
. "$(dirname "$0")/lib.sh"

canon() { # the fields a report carries, in a stable order
	"$KUZET" incident list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = sorted((i["section"], i["occurred_on"] or "", json.dumps(i["title"], ensure_ascii=False, sort_keys=True),
  json.dumps(i["summary"], ensure_ascii=False, sort_keys=True),
  " ".join(sorted(s["url_norm"] for s in i["sources"]))) for i in d)
for r in rows: print("\t".join(str(x) for x in r))'
}

roundtrip() { # name from to lang files...
	local name=$1 from=$2 to=$3 lang=$4; shift 4
	export KUZET_DB="$T/$name-a.db"
	run 0 "$KUZET" import "$@" || return
	canon >"$T/$name-a.txt" || fail "$name: listing the archive"
	[ "$(wc -l <"$T/$name-a.txt")" -eq "$(count_incidents)" ] && [ -s "$T/$name-a.txt" ] ||
		fail "$name: the canonical listing is empty or short"
	run 0 "$KUZET" report --from "$from" --to "$to" --lang "$lang" -o "$T/$name.md" || return
	export KUZET_DB="$T/$name-b.db"
	run 0 "$KUZET" import "$T/$name.md" || return
	canon >"$T/$name-b.txt" || fail "$name: listing the re-imported archive"
	if diff -u "$T/$name-a.txt" "$T/$name-b.txt" >"$T/diff"; then
		ok "$name: $(wc -l <"$T/$name-a.txt") incidents round-trip"
	else
		fail "$name: the report does not import back the same"; head -40 "$T/diff" >&2
	fi
	# and importing the report into the original archive adds nothing
	export KUZET_DB="$T/$name-a.db"
	run 0 "$KUZET" import --json "$T/$name.md" && expect_in "$T/out" '"added":0'
}

if [ -f "$SEED" ]; then
	roundtrip seed 2025-08-01 2026-01-31 ru "$SEED"
elif [ "${CI:-}" = true ]; then
	fail "seed missing: $SEED"
fi
python3 "$KZ_SOURCE_DIR/tests/tools/gen_report.py" "$T/gen" 200 100 >/dev/null
roundtrip synthetic 2024-01-01 2024-12-31 ru "$T/gen/report-000.md" "$T/gen/report-001.md"
finish
