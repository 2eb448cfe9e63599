#!/usr/bin/env python3
"""Serve a folder over HTTP on 127.0.0.1 for `make demo` and the tests.

usage: sample-web.py ROOT PORTFILE

Binds a free port, writes it to PORTFILE, and serves ROOT until killed.
In text files the placeholder "127.0.0.1:PORT" becomes the real address,
so the sample feeds can link to the sample article pages.  Answers
If-Modified-Since with 304 (from the file's modification time), and serves
*.rss as application/rss+xml, *.atom as application/atom+xml.
"""
import email.utils
import http.server
import os
import sys

ROOT, PORTFILE = sys.argv[1], sys.argv[2]
TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
         ".html": "text/html; charset=utf-8", ".json": "application/feed+json",
         ".txt": "text/plain; charset=utf-8", ".xml": "application/xml"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.endswith("/"):
            path += "index.html"
        # /s/CHANNEL (a Telegram channel preview) is telegram/CHANNEL.html
        if path.startswith("/s/"):
            path = "/telegram/" + path[3:] + ".html"
        root = os.path.realpath(ROOT)
        full = os.path.realpath(os.path.join(root, path.lstrip("/")))
        # stay inside ROOT: "/root-other" must not pass for "/root"
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return self.reply(404, b"not found\n", "text/plain")
        mtime = int(os.path.getmtime(full))
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                t = email.utils.parsedate_to_datetime(ims).timestamp()
                if mtime <= t:
                    return self.reply(304, b"", None, mtime)
            except (TypeError, ValueError):
                pass
        with open(full, "rb") as f:
            body = f.read()
        ext = os.path.splitext(full)[1]
        ctype = TYPES.get(ext, "application/octet-stream")
        if ext in TYPES:
            host = "127.0.0.1:%d" % self.server.server_address[1]
            body = body.replace(b"127.0.0.1:PORT", host.encode())
        self.reply(200, body, ctype, mtime)

    def reply(self, status, body, ctype, mtime=None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if mtime is not None:
            self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
