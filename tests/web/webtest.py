#!/usr/bin/env python3
"""HTTP tests of `kuzet serve` over loopback (run by tests/cli/test_serve.sh).

Usage: webtest.py BASE_URL
The server's database holds the seed report (published incidents), users
alice (editor), vic (viewer) and root (admin) with passwords
alice-password / vic-password / root-password, and a review queue.
"""
import html
import json
import re
import socket
import sys
import time
import urllib.parse
import http.client
import xml.dom.minidom

BASE = sys.argv[1].rstrip("/")
U = urllib.parse.urlparse(BASE)
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg, file=sys.stderr)


def check(cond, msg):
    if cond:
        print("ok: " + msg)
    else:
        fail(msg)


class Client:
    def __init__(self):
        self.cookies = {}

    def req(self, method, path, form=None, body=None, headers=None, raw_form=None):
        c = http.client.HTTPConnection(U.hostname, U.port, timeout=20)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if form is not None or raw_form is not None:
            body = raw_form if raw_form is not None else urllib.parse.urlencode(form, doseq=True)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read().decode("utf-8", "replace")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                val = rest.split(";", 1)[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        c.close()
        r.body = data
        return r

    def get(self, path):
        return self.req("GET", path)

    def csrf(self, path="/"):
        r = self.get(path)
        m = re.search(r'name=csrf value="([^"]+)"', r.body)
        if not m:
            fail("no csrf token on " + path)
            return ""
        return m.group(1)

    def login(self, name, pw):
        t = self.csrf("/login")
        return self.req("POST", "/login", {"csrf": t, "name": name, "password": pw})


def no_leak(body, what):
    bad = [s for s in ("/tmp", "/work", "sqlite", "SQLITE", "SELECT ", ".c:", "Traceback", "kuzet.db")
           if s in body]
    check(not bad, "%s shows no paths, SQL or traces %s" % (what, bad))


# ---- public pages ----
anon = Client()
r = anon.get("/")
check(r.status == 200 and "<article class=inc>" in r.body, "/ lists published incidents")
check(r.getheader("Content-Security-Policy", "").startswith("default-src 'self'"), "CSP header")
r = anon.get("/nope/nothing")
check(r.status == 404, "unknown route gives 404")
no_leak(r.body, "404 page")
r = anon.get("/incidents/999999")
check(r.status == 404, "missing incident gives 404")
r = anon.get("/api/incidents?limit=5")
d = json.loads(r.body)
check(r.status == 200 and len(d) == 5 and all(i["status"] == "published" for i in d),
      "/api/incidents returns published incidents as JSON")
check(set(d[0]) >= {"id", "section", "status", "occurred_on", "title", "summary", "sources"},
      "API shape matches incident list --json")
r = anon.get("/api/incidents?section=courts&limit=1000")
d = json.loads(r.body)
check(d and all(i["section"] == "courts" for i in d), "API section filter")
r = anon.get("/api/incidents?from=2025-09-01&to=2025-09-30&limit=1000")
d = json.loads(r.body)
check(all(i["occurred_on"] is None or "2025-09-01" <= i["occurred_on"] <= "2025-09-30" for i in d),
      "API period filter")
r = anon.get("/api/incidents?limit=0")
check(r.status == 400 and "error" in json.loads(r.body), "API rejects limit=0 with a JSON error")
r = anon.get("/api/incidents?section=nonsense")
check(r.status == 400, "API rejects an unknown section")
r = anon.get("/feed.atom?section=privacy")
check(r.status == 200 and r.getheader("Content-Type").startswith("application/atom+xml"), "Atom feed per section")
doc = xml.dom.minidom.parseString(r.body.encode())
cats = [c.getAttribute("term") for c in doc.getElementsByTagName("category")]
check(cats and set(cats) == {"privacy"}, "feed ?section= keeps only that section")
r = anon.get("/export.csv")
check(r.status == 200 and r.body.startswith("id,section,") and "attachment" in r.getheader("Content-Disposition", ""),
      "/export.csv")
for p in ("/queue", "/report", "/incidents/1/edit", "/users"):
    r = anon.get(p)
    check(r.status == 303 and "/login" in r.getheader("Location", ""), "anonymous %s goes to login" % p)

# ---- CSRF on every form ----
forms = [
    ("/login", {"name": "alice", "password": "alice-password"}),
    ("/logout", {}),
    ("/lang", {"lang": "kk"}),
]
for path, f in forms:
    r = anon.req("POST", path, f)
    check(r.status == 403, "POST %s without a token: 403" % path)
    r = anon.req("POST", path, dict(f, csrf="A" * 43))
    check(r.status == 403, "POST %s with a forged token: 403" % path)
    no_leak(r.body, "403 page")

ed = Client()
r = ed.login("alice", "alice-password")
check(r.status == 303 and "kz_session" in ed.cookies, "editor logs in")
setc = [v for k, v in r.getheaders() if k.lower() == "set-cookie" and v.startswith("kz_session=")]
check(setc and "HttpOnly" in setc[0] and "SameSite=Strict" in setc[0] and "Secure" not in setc[0],
      "session cookie is HttpOnly; SameSite=Strict (no Secure over plain HTTP)")
r = ed.get("/queue")
check(r.status == 200 and "class=cand" in r.body, "editor sees the queue")
ids = re.findall(r'name=ids value=(\d+)', r.body)
check(len(ids) >= 4, "queue has candidates (%d)" % len(ids))
editor_forms = [
    ("/queue", {"action": "dismiss", "ids": ids[0]}),
    ("/incidents/new", {"version": "0", "section": "law", "title.ru": "x"}),
    ("/incidents/1/edit", {"version": "1", "title.ru": "x"}),
    ("/logout", {}),
    ("/lang", {"lang": "en"}),
]
for path, f in editor_forms:
    r = ed.req("POST", path, f)
    check(r.status == 403, "logged in: POST %s without a token: 403" % path)
    r = ed.req("POST", path, dict(f, csrf="B" * 43))
    check(r.status == 403, "logged in: POST %s with a forged token: 403" % path)
# another user's token is not accepted either
other = Client()
other.login("vic", "vic-password")
vt = other.csrf("/queue")
r = ed.req("POST", "/queue", {"action": "dismiss", "ids": ids[0], "csrf": vt})
check(r.status == 403, "another session's token: 403")

# ---- escaping and verbatim storage ----
tok = ed.csrf("/incidents/new")
xss = "<script>alert(1)</script>"
sqlish = "Robert'); DROP TABLE incidents; -- \" OR 1=1"
r = ed.req("POST", "/incidents/new", {
    "csrf": tok, "version": "0", "section": "cyber", "status": "published", "date": "2025-10-02",
    "title.ru": xss, "title.kk": sqlish, "summary.ru": "a & b <b>bold</b>",
    "addsrc": "https://example.org/a?x=1&y=<2>"})
check(r.status == 303, "editor creates an incident (%d)" % r.status)
loc = r.getheader("Location", "")
m = re.match(r"/incidents/(\d+)/edit", loc)
new_id = int(m.group(1)) if m else 0
r = anon.get("/incidents/%d" % new_id)
check(r.status == 200 and xss not in r.body and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.body,
      "script title escaped on the incident page")
r = anon.get("/?section=cyber")
check(xss not in r.body and "&lt;script&gt;" in r.body, "script title escaped on /")
r = anon.get("/feed.atom?section=cyber")
check(xss not in r.body and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.body, "script title escaped in Atom")
doc = xml.dom.minidom.parseString(r.body.encode())
titles = [t.firstChild.data for t in doc.getElementsByTagName("title") if t.firstChild]
check(xss in titles, "Atom title reads back verbatim")
r = anon.get("/api/incidents?section=cyber&limit=1000")
d = {i["id"]: i for i in json.loads(r.body)}
check(new_id in d and d[new_id]["title"]["ru"] == xss and d[new_id]["title"]["kk"] == sqlish,
      "JSON has the script and SQL-looking titles verbatim")
check(d.get(new_id, {}).get("summary", {}).get("ru") == "a & b <b>bold</b>", "summary stored verbatim")
r = anon.get("/api/incidents?limit=1")
check(r.status == 200, "incidents table still there after SQL-looking input")

# ---- search with morphology ----
qq = urllib.parse.quote
r = anon.get("/?q=" + qq("блокировки"))
check(r.status == 200 and "<mark>" in r.body and r.body.count("<article class=inc>") >= 1,
      "/?q=блокировки finds incidents, matches marked")
d = json.loads(anon.get("/api/incidents?limit=1000&q=" + qq("блокировки")).body)
check(d and all("блокир" in (json.dumps(i, ensure_ascii=False).lower()) for i in d),
      "API q= returns only matching incidents (%d)" % len(d))
r = anon.get("/?q=" + qq("script alert"))
check(r.status == 200 and "<script>" not in r.body and "&lt;<mark>script</mark>&gt;" in r.body.replace("&lt;/", "&lt;"),
      "a snippet of the script title is escaped, the match marked")
for q in ('"; DROP TABLE incidents; --', "NEAR(a b) OR * :x -y AND", '"""', "title:*"):
    r = anon.get("/?q=" + qq(q))
    check(r.status == 200, "query %r is safe (%d)" % (q, r.status))
r = anon.get("/api/incidents?q=" + qq("слово " * 3000))
check(r.status == 400 and "error" in json.loads(r.body), "an over-long query: 400")

# ---- drafts stay private ----
tok = ed.csrf("/incidents/new")
r = ed.req("POST", "/incidents/new", {"csrf": tok, "version": "0", "section": "law",
                                       "title.ru": "Черновик секретный"})
draft_id = int(re.match(r"/incidents/(\d+)/edit", r.getheader("Location", "")).group(1))
check(anon.get("/incidents/%d" % draft_id).status == 404, "a draft is 404 to the public")
check("Черновик секретный" not in anon.get("/api/incidents?limit=1000").body, "a draft is not in the API")
check("Черновик секретный" not in anon.get("/feed.atom").body, "a draft is not in the feed")
check("Черновик секретный" not in anon.get("/export.csv").body, "a draft is not in the CSV")
check("Черновик секретный" not in anon.get("/?q=&section=law").body, "a draft is not on /")
check(ed.get("/incidents/%d" % draft_id).status == 200, "an editor sees the draft")

# ---- roles ----
r = other.get("/incidents/%d/edit" % draft_id)
check(r.status == 403, "a viewer cannot open the editor")
r = other.req("POST", "/incidents/%d/edit" % draft_id, {"csrf": vt, "version": "1", "title.ru": "hack"})
check(r.status == 403, "a viewer cannot save")
r = other.req("POST", "/queue", {"csrf": vt, "action": "dismiss", "ids": ids[0]})
check(r.status == 403, "a viewer cannot triage")
check(other.get("/queue").status == 200, "a viewer reads the queue")
check(other.get("/users").status == 403, "a viewer cannot manage users")
check(ed.get("/users").status == 403, "an editor cannot manage users")
adm = Client()
adm.login("root", "root-password")
r = adm.get("/users")
check(r.status == 200 and "alice" in r.body, "an admin manages users")
t = adm.csrf("/users")
r = adm.req("POST", "/users", {"csrf": t, "action": "add", "name": "neweditor", "role": "editor",
                                "password": "neweditor-pw"})
check(r.status == 200 and "neweditor" in r.body, "admin adds a user")
r = adm.req("POST", "/users", {"csrf": t, "action": "add", "name": "x2", "role": "editor", "password": "short"})
check(r.status == 400, "admin: a short password is refused")

r = adm.req("POST", "/users", {"action": "rm", "name": "alice"})
check(r.status == 403, "admin: POST /users without a token: 403")
r = adm.req("POST", "/sources", {"action": "add", "url": "https://x.example/feed"})
check(r.status == 403, "admin: POST /sources without a token: 403")
check(ed.get("/sources").status == 403, "an editor cannot manage sources")
t = adm.csrf("/sources")
r = adm.req("POST", "/sources", {"csrf": t, "action": "add", "url": "https://news.example.kz/rss",
                                  "kind": "rss", "name": "<i>Ньюс</i>", "lang": "kk", "every": "60"})
check(r.status == 303, "admin adds a source")
r = adm.get("/sources")
m = re.findall(r"<tr class=\"on\"><td>(\d+)</td><td>&lt;i&gt;Ньюс&lt;/i&gt;", r.body)
check(len(m) == 1, "the source is listed, its name escaped")
sid = m[0] if m else "0"
r = adm.req("POST", "/sources", {"csrf": t, "action": "disable", "id": sid})
check(r.status == 303 and '<tr class="off"><td>%s</td>' % sid in adm.get("/sources").body, "disable a source")
r = adm.req("POST", "/sources", {"csrf": t, "action": "rm", "id": sid})
check(r.status == 303 and "news.example.kz" not in adm.get("/sources").body, "remove a source")
r = adm.req("POST", "/sources", {"csrf": t, "action": "add", "url": "javascript:alert(1)"})
check(r.status == 400, "a non-http source URL is refused")
r = adm.req("POST", "/sources", {"csrf": t, "action": "rm", "id": "424242"})
check(r.status == 404, "removing a missing source: 404")

# ---- conflicts ----
a2 = Client()
a2.login("neweditor", "neweditor-pw")
f1 = ed.get("/incidents/%d/edit" % draft_id).body
f2 = a2.get("/incidents/%d/edit" % draft_id).body
v1 = re.search(r"name=version value=(\d+)", f1).group(1)
v2 = re.search(r"name=version value=(\d+)", f2).group(1)
check(v1 == v2, "both editors opened the same version")
r = ed.req("POST", "/incidents/%d/edit" % draft_id, {"csrf": ed.csrf("/queue"), "version": v1,
                                                      "title.ru": "Версия Алисы", "title.kk": "Әлияның нұсқасы"})
check(r.status == 303, "first save wins")
r = a2.req("POST", "/incidents/%d/edit" % draft_id, {"csrf": a2.csrf("/queue"), "version": v2,
                                                      "title.ru": "Версия второго"})
check(r.status == 409 and "id=conflict" in r.body and "Версия Алисы" in r.body and "Версия второго" in r.body,
      "second save gets a conflict showing both versions")
r = ed.get("/incidents/%d" % draft_id)
check("Версия Алисы" in r.body and "Версия второго" not in r.body, "nothing silently overwritten")
check("alice" in r.body and "title.ru" in r.body, "the incident page shows its history")

# ---- queue actions ----
t = ed.csrf("/queue")
r = ed.req("POST", "/queue", {"csrf": t, "action": "dismiss", "ids": ids[-2:], "reason": "weather"})
check(r.status == 303 and "done=2" in r.getheader("Location", ""), "dismiss two at once")
r = ed.req("POST", "/queue", {"csrf": t, "action": "accept", "ids": ids[0], "section": "expression"})
check(r.status == 303 and re.match(r"/incidents/\d+/edit", r.getheader("Location", "")), "accept one → its editor")
acc = int(re.match(r"/incidents/(\d+)/edit", r.getheader("Location")).group(1))
r = ed.get("/incidents/%d/edit" % acc)
check("class=stored" in r.body, "accepted incident links the stored article")
r = ed.req("POST", "/queue", {"csrf": t, "action": "attach", "ids": ids[1], "incident": str(acc)})
check(r.status == 303, "attach another article to it")
r = ed.get("/api/incidents?limit=1")  # public API: draft not there
inc = ed.get("/incidents/%d" % acc).body
check(inc.count("<li>") >= 2, "attached article became a second source")
r = ed.req("POST", "/queue", {"csrf": t, "action": "accept", "ids": "99999999"})
check(r.status == 404, "accepting a missing candidate: 404")
no_leak(r.body, "queue error page")
r = ed.req("POST", "/queue", {"csrf": t, "action": "explode", "ids": ids[2]})
check(r.status == 400, "unknown action: 400")

# ---- report ----
r = ed.get("/report?from=2025-08-01&to=2026-01-31&lang=kk")
check(r.status == 200 and "iframe" in r.body, "report page with preview")
for fmt, probe in (("md", "# "), ("html", "<html"), ("json", '"sections"'), ("csv", "id,section")):
    r = ed.get("/report/file?from=2025-08-01&to=2026-01-31&lang=ru&format=" + fmt)
    check(r.status == 200 and probe in r.body, "report download " + fmt)
r = ed.get("/report/file?from=2026-01-01&to=2025-01-01")
check(r.status == 400, "report with from > to: 400")

# ---- interface language ----
t = ed.csrf("/queue")
r = ed.req("POST", "/lang", {"csrf": t, "lang": "kk", "back": "/queue"})
check(r.status == 303, "switch language")
r = ed.get("/queue")
check("Тексеру кезегі" in r.body and "<html lang=kk>" in r.body, "the queue in Kazakh")
r = ed.req("POST", "/lang", {"csrf": t, "lang": "en", "back": "//evil.example/"})
check(r.getheader("Location") == "/", "no open redirect through back=")

# ---- login: no user enumeration, throttling ----
c1, c2 = Client(), Client()
r1 = c1.login("alice", "wrong-password")
r2 = c2.login("nobody-here", "wrong-password")
b1 = r1.body.replace("alice", "NAME")
b2 = r2.body.replace("nobody-here", "NAME")
b1 = re.sub(r'name=csrf value="[^"]+"', "", b1)
b2 = re.sub(r'name=csrf value="[^"]+"', "", b2)
check(r1.status == r2.status == 401 and b1 == b2, "wrong password and unknown user look the same")
for i in range(5):
    c1.login("vic", "wrong-%d" % i)
r = c1.login("vic", "vic-password")
check(r.status == 429, "too many failures: the account is throttled even with the right password")
r = c2.login("alice", "alice-password")
check(r.status == 303, "another account still logs in")

# ---- logout ----
t = ed.csrf("/queue")
r = ed.req("POST", "/logout", {"csrf": t})
check(r.status == 303 and "kz_session" not in ed.cookies, "logout clears the cookie")
r = ed.get("/queue")
check(r.status == 303, "after logout the queue needs a login")

# ---- request limits ----
big = "x" * (70 * 1024)
r = anon.req("POST", "/login", raw_form="csrf=a&name=" + big)
check(r.status == 413, "a body over the cap gets 413")
s = socket.create_connection((U.hostname, U.port), timeout=20)
s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
chunk = b"a" * 8192
for _ in range(10):
    s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
s.sendall(b"0\r\n\r\n")
resp = s.recv(4096)
check(resp.startswith(b"HTTP/1.1 413"), "a chunked body over the cap gets 413")
s.close()
# a client that sends half a request and stalls is cut off (--timeout 2)
s = socket.create_connection((U.hostname, U.port), timeout=20)
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
try:
    got = s.recv(100)
except OSError:
    got = b""
el = time.time() - t0
check(got == b"" and el < 10, "a stalled client is cut off after %.1f s" % el)
s.close()
r = anon.get("/?from=not-a-date")
check(r.status == 400, "bad filter gives 400")
no_leak(r.body, "400 page")
r = anon.req("DELETE", "/")
check(r.status == 405, "DELETE / gives 405")
r = anon.req("POST", "/login", raw_form="csrf=%ff%fe&name=x")
check(r.status == 400, "invalid UTF-8 in a form gives 400")

print("%d failure(s)" % failures)
sys.exit(1 if failures else 0)
