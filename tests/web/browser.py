#!/usr/bin/env python3
"""Browser test of `kuzet serve` in real headless Chromium, driven over the
DevTools protocol on a pipe (--remote-debugging-pipe: no extra packages).

Usage: browser.py BASE_URL SCREENSHOT_DIR
Needs users alice (editor, alice-password) and vic (viewer, vic-password)
and a review queue in the server's database (tests/cli/test_browser.sh).
"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BASE = sys.argv[1].rstrip("/")
SHOTS = sys.argv[2]
CHROMIUM = os.environ.get("KZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
failures = 0


def check(cond, msg):
    global failures
    if cond:
        print("ok: " + msg)
    else:
        failures += 1
        print("FAIL: " + msg, file=sys.stderr)


class Browser:
    """One Chromium with one page, over fds 3 (to it) and 4 (from it)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="kuzet-chromium-")
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # move the child's ends above 9 so the redirections below cannot
        # overwrite one with the other
        for name in ("to_r", "from_w"):
            fd = locals()[name]
            hi = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
            os.close(fd)
            if name == "to_r":
                to_r = hi
            else:
                from_w = hi

        # Chromium reads commands on fd 3 and answers on fd 4
        self.proc = subprocess.Popen([
            "bash", "-c", 'exec "$0" "$@" 3<&%d 4>&%d %d<&- %d>&-' % (to_r, from_w, to_r, from_w),
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", "--user-data-dir=" + self.profile,
            "--window-size=1280,900", "about:blank"],
            pass_fds=(to_r, from_w),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        t = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        s = self.call("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True},
                      session=False)
        self.session = s["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_r, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        m = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            m["sessionId"] = self.session
        os.write(self.to_w, json.dumps(m).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            r = self._read(deadline)
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError("%s: %s" % (method, r["error"]))
                return r.get("result", {})
            if "method" in r:
                self.events.append(r)

    def wait_load(self, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e["method"] == "Page.loadEventFired":
                    del self.events[: i + 1]
                    return
            self.events.append(self._read(deadline))

    def go(self, path):
        self.events.clear()
        self.call("Page.navigate", {"url": BASE + path})
        self.wait_load()

    def js(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("js: %s: %s" % (expr, r["exceptionDetails"].get("text")))
        return r["result"].get("value")

    def act(self, expr):
        """Run JS that navigates (a click that submits), wait for the page."""
        self.events.clear()
        self.js("setTimeout(function(){%s}, 0); true" % expr)
        self.wait_load()

    def key(self, k):
        for t in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": t, "key": k, "text": k if t == "keyDown" else "",
                                                 "code": "Key" + k.upper(),
                                                 "windowsVirtualKeyCode": ord(k.upper())})

    def shot(self, name):
        d = self.call("Page.captureScreenshot", {"format": "png"})
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, name + ".png"), "wb") as f:
            f.write(base64.b64decode(d["data"]))

    def close(self):
        try:
            self.call("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def path(b):
    return b.js("location.pathname + location.search")


def fill(b, sel, value):
    b.js("(function(){var e=document.querySelector(%s); e.value=%s; return 1})()"
         % (json.dumps(sel), json.dumps(value)))


b = Browser()
try:
    b.go("/")
    check("kuzet" in b.js("document.title"), "public page loads")
    b.shot("public-index")
    # log in as an editor
    b.go("/login")
    fill(b, "#name", "alice")
    fill(b, "#password", "alice-password")
    b.act("document.querySelector('#login').click()")
    check(path(b) == "/queue", "login lands on the queue (%s)" % path(b))
    rows = b.js("document.querySelectorAll('tr.cand').length")
    check(rows >= 4, "queue shows candidates (%s)" % rows)
    b.shot("queue")
    # keyboard: j focuses the first row, x selects it, a accepts it
    first = b.js("document.querySelector('tr.cand').dataset.id")
    b.key("j")
    b.key("x")
    check(b.js("document.querySelector('tr.cand input[name=ids]').checked") is True,
          "j then x selects the first candidate")
    b.events.clear()
    b.key("a")
    b.wait_load()
    p = path(b)
    check(p.startswith("/incidents/") and p.endswith("/edit"), "a accepts it into a new incident (%s)" % p)
    inc = p.split("/")[2]
    check(b.js("document.querySelector('a.stored') !== null"), "the editor links the stored article")
    # write it up in two languages and publish
    ru_t = "Блокировка сайта издания «Проба» (браузерный тест)"
    kk_t = "«Проба» басылымының сайтын бұғаттау (браузер сынағы)"
    fill(b, "#title-ru", ru_t)
    fill(b, "#summary-ru", "Суд постановил ограничить доступ к сайту.")
    fill(b, "#title-kk", kk_t)
    fill(b, "#summary-kk", "Сот сайтқа қолжетімділікті шектеуге шешім шығарды.")
    fill(b, "#status", "published")
    fill(b, "#date", "2025-10-15")
    b.shot("editor")
    b.act("document.querySelector('#save').click()")
    check(b.js("document.querySelector('#saved') !== null"), "saved (%s)" % path(b))
    check(b.js("document.querySelector('#title-kk').value") == kk_t, "Kazakh title kept")
    check("title.kk" in b.js("document.querySelector('#history').textContent"), "history lists the change")
    # log out; the public sees it, in the page and in the feed
    b.act("document.querySelector('#logout').click()")
    check(path(b) == "/" and b.js("document.querySelector('#logout') === null"), "logged out")
    b.go("/incidents/" + inc)
    txt = b.js("document.body.textContent")
    check(ru_t in txt and kk_t in txt, "the public incident page shows ru and kk")
    b.shot("public-incident")
    feed = b.js("fetch('/feed.atom').then(function(r){return r.text()})")
    check(ru_t in feed, "the Atom feed has it")
    b.go("/?section=&q=")
    check(ru_t in b.js("document.body.textContent"), "the public list has it")
    # a viewer reads but cannot edit
    b.go("/login")
    fill(b, "#name", "vic")
    fill(b, "#password", "vic-password")
    b.act("document.querySelector('#login').click()")
    check(path(b) == "/queue" and b.js("document.querySelector('#act') === null"),
          "a viewer sees the queue without actions")
    b.go("/incidents/%s/edit" % inc)
    check("403" in b.js("document.body.textContent") and b.js("document.querySelector('#editor') === null"),
          "a viewer cannot open the editor")
    b.shot("viewer-forbidden")
    b.go("/report?from=2025-08-01&to=2026-01-31&lang=kk")
    check(b.js("document.querySelector('iframe.preview') !== null"), "report page with preview")
    time.sleep(0.5)
    b.shot("report")
finally:
    b.close()
print("%d failure(s)" % failures)
sys.exit(1 if failures else 0)
