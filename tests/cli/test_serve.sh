# kuzet user and kuzet serve over loopback HTTP: public pages, roles, CSRF,
# escaping, conflicts, the queue, limits (tests/web/webtest.py).
. "$(dirname "$0")/lib.sh"
need_seed

srv=
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
web_archive

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

# HTTPS with a throwaway self-signed certificate: cookies get Secure
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	-keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null || fail "openssl"
rm -f "$T/url"
"$KUZET" serve --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" \
	--ready-file "$T/url" 2>"$T/serve.log" & srv=$!
for _ in $(seq 100); do [ -s "$T/url" ] && break; sleep 0.1; done
case "$(cat "$T/url" 2>/dev/null)" in https://*) ok "serves https" ;; *) fail "no https URL" ;; esac
python3 - "$(cat "$T/url")" "$T/cert.pem" <<'PY' || fail "https checks"
import re, ssl, sys, urllib.parse, urllib.request
base, cert = sys.argv[1].rstrip("/"), sys.argv[2]
ctx = ssl.create_default_context(cafile=cert)
ctx.check_hostname = False
r = urllib.request.urlopen(base + "/login", context=ctx)
body = r.read().decode()
c = r.headers.get("Set-Cookie", "")
assert "kz_csrf=" in c and "; Secure" in c, c
tok = re.search(r'name=csrf value="([^"]+)"', body).group(1)
req = urllib.request.Request(base + "/login", method="POST",
    data=urllib.parse.urlencode({"csrf": tok, "name": "alice", "password": "alice-password"}).encode(),
    headers={"Cookie": "kz_csrf=" + tok, "Content-Type": "application/x-www-form-urlencoded"})
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
op = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx), NoRedirect)
try:
    op.open(req)
    raise SystemExit("no redirect after login")
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code
    s = [v for k, v in e.headers.items() if k.lower() == "set-cookie" and v.startswith("kz_session=")]
    assert s and "; Secure" in s[0] and "HttpOnly" in s[0], s
print("ok: https login sets a Secure session cookie")
PY
kill -TERM $srv; wait $srv
srv=
run 1 "$KUZET" serve --listen 127.0.0.1:0 --tls-cert "$T/nope.pem" --tls-key "$T/key.pem" &&
	expect_in "$T/err" "nope.pem"
finish
