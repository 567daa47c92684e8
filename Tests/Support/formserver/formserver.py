#!/usr/bin/python3
"""A fake web-form backend for Leadex's tests (no packaged, self-hostable form backend exists on
these machines). It does what a site's form handler plus its "submissions" export do:

  POST /submit           a form post, application/x-www-form-urlencoded or multipart/form-data;
                         the submission gets a server id and is stored (in memory)
  GET  /feed.json        {"data": {"submissions": [{"id": 1, "created_at": "...", FIELD: VALUE...}]}}
  GET  /feed.csv         the same as a CSV sheet (UTF-8 with BOM, CRLF, header row)
                         both take ?since_id=N or ?since_time=ISO, and ?limit=N
  GET  /submissions      every stored submission, as JSON (for the tests' own checks)
  POST /control          JSON that breaks or repairs it:
                           {"submit_status": 500}     the form answers 500 (nothing stored)
                           {"drop": true}             the form says thanks and stores nothing
                           {"rename": {"phone": "tel"}}  the site renamed a field
                           {"slow": 2.5}              every answer waits 2.5 s
                           {"feed_status": 500}       the feeds answer 500
                           {"feed_redirect": "/login"}  the feeds redirect (a lost session)
                           {"feed_html": true}        the feeds send a login page, 200 text/html
                           {"feed_garbage": true}     the JSON feed sends invalid JSON
                           {"bearer": "TOKEN"} / {"basic": "user:password"}  feeds need auth
                           {"page_size": 10}          feeds return at most 10 items
                           {"repair": true}           undo all breakage; {"clear": true} forget submissions
Starts on 127.0.0.1 at an ephemeral port (or --port) and prints PORT=N on stdout.
"""
import argparse
import base64
import csv
import email.parser
import email.policy
import io
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"submissions": [], "next_id": 1}
HEALTHY = {
    "submit_status": 0, "drop": False, "rename": {}, "slow": 0.0, "feed_status": 0, "feed_redirect": None,
    "feed_html": False, "feed_garbage": False, "bearer": None, "basic": None, "page_size": 0,
}
BREAK = dict(HEALTHY)


def now_iso():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%06dZ" % int((t % 1) * 1e6)


def parse_form(content_type, body):
    """The fields of a form post, in order, as the browser sent them."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
        if not message.is_multipart():
            raise ValueError("multipart body without parts")
        fields = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name is None:
                continue
            payload = part.get_payload(decode=True) or b""
            fields.append((name, payload.decode(part.get_content_charset() or "utf-8")))
        return fields
    raise ValueError("unsupported Content-Type: " + content_type)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "leadex-formserver/1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def slow(self):
        with LOCK:
            delay = BREAK["slow"]
        if delay:
            time.sleep(delay)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        body = self.body()
        if url.path == "/control":
            change = json.loads(body or b"{}")
            with LOCK:
                if change.pop("repair", False):
                    BREAK.clear()
                    BREAK.update(HEALTHY)
                if change.pop("clear", False):
                    STATE["submissions"].clear()
                for key, value in change.items():
                    if key not in HEALTHY:
                        return self.reply(400, "unknown control key " + key)
                    BREAK[key] = value
            return self.reply(200, "ok")
        if url.path != "/submit":
            return self.reply(404, "no such form")
        self.slow()
        with LOCK:
            status, drop, rename = BREAK["submit_status"], BREAK["drop"], dict(BREAK["rename"])
        if status:
            return self.reply(status, "<html><body>Ошибка сервера</body></html>", "text/html; charset=utf-8")
        try:
            fields = parse_form(self.headers.get("Content-Type", ""), body)
        except ValueError as error:
            return self.reply(400, str(error))
        if not drop:
            with LOCK:
                item = {"id": STATE["next_id"], "created_at": now_iso()}
                STATE["next_id"] += 1
                for name, value in fields:
                    item[rename.get(name, name)] = value
                STATE["submissions"].append(item)
        # What a site shows after a post: a thank-you page.
        self.reply(200, "<html><body>Спасибо! Мы перезвоним.</body></html>", "text/html; charset=utf-8")

    def authorized(self):
        with LOCK:
            bearer, basic = BREAK["bearer"], BREAK["basic"]
        given = self.headers.get("Authorization", "")
        if bearer and given != "Bearer " + bearer:
            return False
        if basic and given != "Basic " + base64.b64encode(basic.encode()).decode():
            return False
        return True

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/submissions":
            with LOCK:
                return self.reply(200, json.dumps(STATE["submissions"], ensure_ascii=False), "application/json")
        if url.path == "/login":
            return self.reply(200, "<!DOCTYPE html><html><form>Войдите</form></html>", "text/html; charset=utf-8")
        if url.path not in ("/feed.json", "/feed.csv"):
            return self.reply(404, "not found")
        self.slow()
        with LOCK:
            settings = dict(BREAK)
            items = list(STATE["submissions"])
        if not self.authorized():
            return self.reply(401, "unauthorized", headers=[("WWW-Authenticate", 'Bearer realm="feed"')])
        if settings["feed_status"]:
            return self.reply(settings["feed_status"], "feed broken")
        if settings["feed_redirect"]:
            return self.reply(302, "", headers=[("Location", settings["feed_redirect"])])
        if settings["feed_html"]:
            return self.reply(200, "<!DOCTYPE html><html><form>Войдите</form></html>", "text/html; charset=utf-8")
        if "since_id" in query:
            items = [i for i in items if i["id"] > int(query["since_id"])]
        if "since_time" in query:
            items = [i for i in items if i["created_at"] > query["since_time"]]
        limit = int(query.get("limit") or settings["page_size"] or 0)
        if limit:
            items = items[:limit]
        if url.path == "/feed.json":
            if settings["feed_garbage"]:
                return self.reply(200, '{"data": {"submissions": [{"id": 1,', "application/json")
            return self.reply(200, json.dumps({"data": {"submissions": items}}, ensure_ascii=False), "application/json; charset=utf-8")
        columns = []
        for item in items:
            for key in item:
                if key not in columns:
                    columns.append(key)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for item in items:
            writer.writerow([item.get(c, "") for c in columns])
        self.reply(200, "\ufeff" + out.getvalue(), "text/csv; charset=utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("PORT=%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
