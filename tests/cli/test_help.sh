# Every command has --help (exit 0, on stdout); usage errors exit 2; the man
# page documents the same flags as --help.
. "$(dirname "$0")/lib.sh"

for cmd in "" analyze article classify collect eval extract import incident init parse queue report search serve source train user watch; do
	run 0 "$KUZET" $cmd --help && expect_in "$T/out" "usage: kuzet"
done
run 2 "$KUZET" && ok "no command: exit 2"
run 2 "$KUZET" frobnicate && expect_in "$T/err" "kuzet: error: unknown command 'frobnicate'"
run 2 "$KUZET" import --bogus && expect_in "$T/err" "kuzet: error:"
run 2 "$KUZET" import && expect_in "$T/err" "no files to import"
run 2 "$KUZET" report --from 2025-01-01 && expect_in "$T/err" "--from and --to are required"
run 2 "$KUZET" report --from 2025-13-01 --to 2025-12-31 && expect_in "$T/err" "not a date"
run 2 "$KUZET" incident show abc && expect_in "$T/err" "not an incident ID"
run 2 "$KUZET" incident bogus
run 0 "$KUZET" --version && expect_in "$T/out" "kuzet "

# --help and the man page name the same long flags, per command
man="$KZ_SOURCE_DIR/docs/man/kuzet.1"
[ -f "$man" ] || fail "man page missing"
for cmd in article classify collect eval extract import incident init parse queue report search serve source train user; do
	"$KUZET" $cmd --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/help.$cmd"
	# the man page's subsection for the command: from ".Ss kuzet CMD" to the next .Ss/.Sh
	awk -v c="$cmd" '
		/^\.S[sh] / { on = ($0 ~ "^\\.Ss kuzet " c "$") ; next }
		on' "$man" | grep -o 'Fl -[a-z][a-z-]*' | sed 's/^Fl -/--/' |
		sort -u >"$T/man.$cmd"
	if ! diff -u "$T/help.$cmd" "$T/man.$cmd" >"$T/diff"; then
		fail "kuzet $cmd: --help and kuzet.1 differ:"; cat "$T/diff" >&2
	fi
done
finish
