# kill -9 in the middle of an import leaves the database as it was before.
. "$(dirname "$0")/lib.sh"

python3 "$KZ_SOURCE_DIR/tests/tools/gen_report.py" "$T/base" 50 50 >/dev/null
run 0 "$KUZET" import "$T/base/report-000.md"
before=$(sqlite3 "$KUZET_DB" .dump | sha256sum)
python3 "$KZ_SOURCE_DIR/tests/tools/gen_report.py" "$T/big" 60000 10000 >"$T/files"

# Kill at growing delays until one lands while the import is running.
killed=0
for delay in 0.3 0.6 1 1.5 2 3; do
	"$KUZET" import $(cat "$T/files") >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		killed=1
		echo "killed after ${delay}s"
		[ -f "$KUZET_DB-wal" ] && echo "(a WAL file was left behind)"
		break
	fi
	wait "$pid"
	# it finished first: undo by starting over from the base database
	rm -f "$KUZET_DB" "$KUZET_DB-wal" "$KUZET_DB-shm"
	run 0 "$KUZET" import "$T/base/report-000.md"
	before=$(sqlite3 "$KUZET_DB" .dump | sha256sum)
done
[ "$killed" = 1 ] || fail "the import always finished before kill -9; no proof"

[ "$(sqlite3 "$KUZET_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
[ "$(sqlite3 "$KUZET_DB" .dump | sha256sum)" = "$before" ] || fail "database changed by a killed import"
[ "$(count_incidents)" = 50 ] || fail "count after kill: $(count_incidents)"
# and the archive still works: the same import now completes
run 0 "$KUZET" import "$T/big/report-000.md" && expect_in "$T/out" "10000 items"
finish
