#!/usr/bin/env python3
"""Loopback HTTP/1.1 server for kuzet's fetcher tests and bench.

Usage: httpd.py PORTFILE
Binds 127.0.0.1 on a free port, writes the port to PORTFILE (atomically)
and serves until killed.  Hosts are told apart by the Host header (tests
pin names like a.test to 127.0.0.1 with curl's --resolve).

Routes (any query string is allowed and counts as part of the path):
  /ok              200, ETag "v1", Last-Modified; 304 on a matching
                   If-None-Match or an If-Modified-Since not older
  /status/N        status N with a short body (404, 410, 500, ...)
  /flaky           500 on the first hit of this exact path+query, then 200
  /redirect/N      302 to /redirect/N-1 ... /redirect/0 is 302 to /ok
  /loop            302 to itself
  /redirect-ftp    302 to ftp://127.0.0.1/x
  /drip?n=N&ms=M   N bytes, one every M milliseconds (Content-Length set)
  /stall           headers (Content-Length 100), then nothing for 30 s
  /truncated       Content-Length 1000, 100 bytes sent, connection closed
  /gzip, /deflate  a feed, Content-Encoding gzip / deflate
  /gzip-bomb?n=N   N zero bytes gzip-encoded (tiny on the wire)
  /big?n=N         N bytes with Content-Length
  /big-chunked?n=N N bytes, chunked, no Content-Length
  /wrongtype       RSS XML sent as image/png
  /cp1251, /koi8r  Russian text in that charset, named in Content-Type
  /feed/ANY        a small RSS feed
  /news/N          RSS of 20 Russian news items of their own (links
                   http://news.example/N/I), ETag "nN"; 304 on a match
  /sleep?ms=M      200 after M milliseconds
  /echo-ua         the User-Agent header as the body
  /robots.txt      a kuzet group forbidding /private/ (but /private/ok),
                   and a "*" group forbidding everything; on a Host named
                   deny.*: the kuzet group forbids everything; on a Host
                   named crawl.*: the kuzet group has Crawl-delay 0.4
  /retry-after?s=S[&code=C][&date=1]  the first hit of this exact
                   path+query: status C (429) with Retry-After S seconds
                   (as an HTTP-date with date=1); later hits 200
  /redirect-to?url=U  302 to U
  /private/...     200 (a polite client never asks)
  /hits?path=P[&host=H]  hits of path P (with its query), on any host or
                   on Host H, as a decimal number
  /maxconc?host=H  most requests in flight at once for Host H
  /hitlog          every path served, one per line, in order
"""
import email.utils
import gzip
import http.server
import os
import sys
import threading
import time
import urllib.parse
import zlib

LM = "Tue, 01 Jul 2025 10:00:00 GMT"
FEED = (b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<rss version="2.0"><channel><title>t</title>'
        b'<link>http://example.org/</link>'
        + b''.join(b'<item><title>item %d</title>'
                   b'<link>http://example.org/%d</link>'
                   b'<description>Some text about item %d.</description>'
                   b'</item>' % (i, i, i) for i in range(10))
        + b'</channel></rss>\n')
def news(n):
    """RSS with 20 items of its own for source n (the collect bench)."""
    items = []
    for i in range(20):
        items.append(
            ("<item><title>Новость %d источника %d: доступ к сайту "
             "издания ограничен</title>"
             "<link>http://news.example/%d/%d</link><guid>n%d-%d</guid>"
             "<pubDate>Tue, 12 May 2026 %02d:%02d:00 +0500</pubDate>"
             "<description>Читатели из Казахстана сообщили, что сайт "
             "издания %d недоступен с утра; редакция проверила доступ "
             "через нескольких провайдеров и направила запрос в "
             "министерство. Заметка %d.</description></item>"
             % (i, n, n, i, n, i, i % 24, n % 60, n, i)))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
            "<channel><title>Источник %d</title>"
            "<link>http://news.example/%d/</link><language>ru</language>%s"
            "</channel></rss>\n" % (n, n, "".join(items))).encode()


RU = "Блокировка сайтов в Казахстане: новости"

lock = threading.Lock()
hits = {}
hitlog = []
inflight = {}
maxconc = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=b"", ctype="text/plain", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        host = self.headers.get("Host", "")
        with lock:
            hits[self.path] = hits.get(self.path, 0) + 1
            key = (host, self.path)
            hits[key] = hits.get(key, 0) + 1
            hitlog.append(self.path)
            inflight[host] = inflight.get(host, 0) + 1
            maxconc[host] = max(maxconc.get(host, 0), inflight[host])
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with lock:
                inflight[host] -= 1

    def route(self):
        host = self.headers.get("Host", "")
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        p = u.path
        num = lambda k, d: int(q.get(k, d))
        if p == "/ok":
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            hdrs = (("ETag", '"v1"'), ("Last-Modified", LM))
            if inm == '"v1"' or (inm is None and ims == LM):
                self.send_response(304)
                for k, v in hdrs:
                    self.send_header(k, v)
                self.end_headers()
                return
            self.send(200, b"hello", "text/plain", hdrs)
        elif p.startswith("/status/"):
            n = int(p[len("/status/"):])
            self.send(n, b"status %d\n" % n)
        elif p == "/flaky":
            with lock:
                n = hits[self.path]
            if n == 1:
                self.send(500, b"try again\n")
            else:
                self.send(200, b"recovered")
        elif p.startswith("/redirect/"):
            n = int(p[len("/redirect/"):])
            loc = "/ok" if n <= 0 else "/redirect/%d" % (n - 1)
            self.send(302, b"", headers=(("Location", loc),))
        elif p == "/loop":
            self.send(302, b"", headers=(("Location", self.path),))
        elif p == "/redirect-ftp":
            self.send(302, b"", headers=(("Location", "ftp://127.0.0.1/x"),))
        elif p == "/drip":
            n, ms = num("n", 10), num("ms", 100)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(n))
            self.end_headers()
            for _ in range(n):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(ms / 1000)
        elif p == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
            self.close_connection = True
        elif p == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"y" * 100)
            self.wfile.flush()
            self.close_connection = True
        elif p == "/gzip":
            self.send(200, gzip.compress(FEED), "application/rss+xml",
                      (("Content-Encoding", "gzip"),))
        elif p == "/deflate":
            self.send(200, zlib.compress(FEED), "application/rss+xml",
                      (("Content-Encoding", "deflate"),))
        elif p == "/gzip-bomb":
            body = gzip.compress(b"\0" * num("n", 1 << 20))
            self.send(200, body, "application/rss+xml",
                      (("Content-Encoding", "gzip"),))
        elif p == "/big":
            self.send(200, b"b" * num("n", 1000))
        elif p == "/big-chunked":
            n = num("n", 1000)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while n > 0:
                    k = min(n, 65536)
                    self.wfile.write(b"%x\r\n" % k + b"c" * k + b"\r\n")
                    n -= k
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif p == "/wrongtype":
            self.send(200, FEED, "image/png")
        elif p == "/cp1251":
            self.send(200, RU.encode("cp1251"), "text/plain; charset=windows-1251")
        elif p == "/koi8r":
            self.send(200, RU.encode("koi8_r"), "text/plain; charset=KOI8-R")
        elif p.startswith("/news/"):
            n = int(p[len("/news/"):])
            tag = '"n%d"' % n
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self.send(200, news(n), "application/rss+xml; charset=utf-8",
                      (("ETag", tag),))
        elif p.startswith("/feed/"):
            self.send(200, FEED, "application/rss+xml; charset=utf-8")
        elif p == "/sleep":
            time.sleep(num("ms", 100) / 1000)
            self.send(200, b"slept")
        elif p == "/echo-ua":
            self.send(200, self.headers.get("User-Agent", "").encode())
        elif p == "/robots.txt" and host.startswith("deny."):
            self.send(200, b"User-agent: kuzet\nDisallow: /\n")
        elif p == "/robots.txt" and host.startswith("busy."):
            self.send(429, b"slow down\n", headers=(("Retry-After", "5"),))
        elif p == "/robots.txt" and host.startswith("down."):
            self.send(503, b"down\n")
        elif p == "/robots.txt" and host.startswith("gone."):
            self.send(404, b"no robots here\n")
        elif p == "/robots.txt" and host.startswith("crawl."):
            self.send(200, b"User-agent: kuzet\nCrawl-delay: 0.4\n"
                      b"Disallow: /private/\n")
        elif p == "/retry-after":
            with lock:
                n = hits[self.path]
            if n == 1:
                s = num("s", 1)
                v = (email.utils.formatdate(time.time() + s, usegmt=True)
                     if q.get("date") == "1" else str(s))
                self.send(num("code", 429), b"slow down\n",
                          headers=(("Retry-After", v),))
            else:
                self.send(200, b"after")
        elif p == "/redirect-to":
            self.send(302, b"", headers=(("Location", q.get("url", "/")),))
        elif p == "/robots.txt":
            self.send(200, b"# test robots\n"
                      b"User-agent: kuzet\n"
                      b"Disallow: /private/\n"
                      b"Allow: /private/ok\n"
                      b"\n"
                      b"User-agent: *\n"
                      b"Disallow: /\n")
        elif p.startswith("/private/"):
            self.send(200, b"private")
        elif p == "/hits":
            with lock:
                if "host" in q:
                    n = hits.get((q["host"], q.get("path", "")), 0)
                else:
                    n = hits.get(q.get("path", ""), 0)
            self.send(200, b"%d" % n)
        elif p == "/maxconc":
            with lock:
                n = maxconc.get(q.get("host", ""), 0)
            self.send(200, b"%d" % n)
        elif p == "/hitlog":
            with lock:
                body = "".join(x + "\n" for x in hitlog).encode()
            self.send(200, body)
        else:
            self.send(404, b"no route\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: httpd.py PORTFILE")
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, sys.argv[1])
    srv.serve_forever()


if __name__ == "__main__":
    main()
