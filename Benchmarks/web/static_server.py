#!/usr/bin/env python3
"""The static reference: Python's own threading HTTP server, made HTTP/1.1 (keep-alive, as the
benchmark's client is) and serving FILE's bytes, read once, at every path: what a page of the same
size costs to send from the simplest server there is, with no work done.

    static_server.py PORT FILE
"""
import http.server
import sys

port, path = int(sys.argv[1]), sys.argv[2]
body = open(path, "rb").read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
