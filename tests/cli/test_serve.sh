# kuzet user and kuzet serve over loopback HTTP: public pages, roles, CSRF,
# escaping, conflicts, the queue, limits (tests/web/webtest.py).
. "$(dirname "$0")/lib.sh"
need_seed

python3 "$KZ_SOURCE_DIR/scripts/sample-web.py" "$KZ_SOURCE_DIR/data/sample/web" "$T/port" & web=$!
srv=
trap 'kill $web $srv 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
W="http://127.0.0.1:$(cat "$T/port")"

run 0 "$KUZET" init
run 0 "$KUZET" import "$SEED"
run 0 "$KUZET" source add "$W/feeds/dalanews.rss"
run 0 "$KUZET" source add "$W/feeds/sarap.atom"
run 0 "$KUZET" collect --delay 10
kill $web 2>/dev/null

# users
echo alice-password | run 0 "$KUZET" user add alice --role editor --password-stdin
echo vic-password | run 0 "$KUZET" user add vic --role viewer --password-stdin
echo root-password | run 0 "$KUZET" user add root --role admin --password-stdin
echo alice-password | run 1 "$KUZET" user add alice --role editor --password-stdin && expect_in "$T/err" "exists already"
echo short | run 2 "$KUZET" user add bob --role editor --password-stdin && expect_in "$T/err" "too short"
run 2 "$KUZET" user add bob --role boss --password-stdin </dev/null
echo 'pw-with-space ok' | run 2 "$KUZET" user add 'bad name' --role viewer --password-stdin && expect_in "$T/err" "invalid user name"
run 0 "$KUZET" user list --json
pyjson "assert [u['name'] for u in d] == ['alice', 'root', 'vic'] and d[0]['role'] == 'editor', d"
python3 - "$KUZET_DB" <<'PY' || fail "passwords stored as argon2id only"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT pw_hash FROM users").fetchall()
assert rows and all(r[0].startswith("$argon2id$") for r in rows), rows
assert not any("password" in r[0] for r in rows)
PY
echo temp-user-pw | run 0 "$KUZET" user add temp --role viewer --password-stdin
echo temp-user-pw2 | run 0 "$KUZET" user passwd temp --password-stdin
run 0 "$KUZET" user rm temp
run 1 "$KUZET" user rm temp && expect_in "$T/err" "no user 'temp'"

# the server
run 2 "$KUZET" serve --listen nowhere
"$KUZET" serve --listen 127.0.0.1:0 --timeout 2 --max-body 65536 --threads 2 \
	--ready-file "$T/url" 2>"$T/serve.log" & srv=$!
for _ in $(seq 100); do [ -s "$T/url" ] && break; sleep 0.1; done
[ -s "$T/url" ] || { fail "serve did not start"; cat "$T/serve.log" >&2; }
python3 "$KZ_SOURCE_DIR/tests/web/webtest.py" "$(cat "$T/url")" || fail "webtest.py"
kill -TERM $srv
wait $srv; st=$?
[ "$st" = 0 ] || fail "serve exit status $st after SIGTERM"
expect_in "$T/serve.log" "SIGTERM, stopping"
srv=
finish
