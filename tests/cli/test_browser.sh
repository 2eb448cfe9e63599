# kuzet serve in real headless Chromium (tests/web/browser.py): log in,
# accept a candidate with the keyboard, write ru and kk, publish, see it on
# the public page and in the feed, log out; a viewer cannot edit.
# Screenshots of the main pages go to $KZ_BUILD_DIR/screenshots/.
. "$(dirname "$0")/lib.sh"
need_seed
CHROMIUM=$(command -v chromium || true)
if [ -z "$CHROMIUM" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: chromium missing (scripts/install-deps installs it)" >&2; exit 1
	fi
	echo "skip: chromium missing"; exit 0
fi

srv=
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
web_archive
echo alice-password | run 0 "$KUZET" user add alice --role editor --password-stdin
echo vic-password | run 0 "$KUZET" user add vic --role viewer --password-stdin

"$KUZET" serve --listen 127.0.0.1:0 --ready-file "$T/url" 2>"$T/serve.log" & srv=$!
for _ in $(seq 100); do [ -s "$T/url" ] && break; sleep 0.1; done
[ -s "$T/url" ] || { fail "serve did not start"; cat "$T/serve.log" >&2; }
python3 "$KZ_SOURCE_DIR/tests/web/browser.py" "$(cat "$T/url")" "${KZ_BUILD_DIR:-$T}/screenshots" ||
	{ fail "browser.py"; sed 's/^/  serve: /' "$T/serve.log" | tail -20 >&2; }
for s in public-index queue editor public-incident viewer-forbidden report; do
	[ -s "${KZ_BUILD_DIR:-$T}/screenshots/$s.png" ] || fail "no screenshot $s.png"
done
kill -TERM $srv; wait $srv
srv=
finish
