#!/usr/bin/env python3
"""The reference: Python's own threading HTTP/1.1 server on a Unix socket, answering the same
paths with bodies of the same size as leadexd's (a fixed exchange list, a fixed lead), and doing
no work: what the socket, HTTP and JSON round trip cost in the simplest server there is.

    reference_server.py SOCKET EXCHANGE_JSON_FILE
"""
import http.server, json, os, socketserver, sys

path, exchange_file = sys.argv[1], sys.argv[2]
exchange = open(exchange_file, "rb").read()
lead = json.dumps(json.loads(exchange)[0]).encode() if exchange.strip() != b"[]" else b"{}"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.reply(exchange)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply(lead)

    def log_message(self, *args):
        pass

    # BaseHTTPRequestHandler wants a (host, port) client address.
    def address_string(self):
        return "unix"


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if os.path.exists(path):
    os.unlink(path)
Server(path, Handler).serve_forever()
