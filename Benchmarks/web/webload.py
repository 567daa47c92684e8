#!/usr/bin/env python3
"""The web benchmark's client (Benchmarks/web/run drives it). Every figure goes to stdout as a line
and into RESULTS (JSON), for `table`.

    webload.py login BASE LOGIN PASSWORD                 prints the session cookie (name=value)
    webload.py page URL LABEL KEY RESULTS [--cookie C] [--requests N]
        one keep-alive connection, N GETs: time to the response's headers and to its last byte
    webload.py streams BASE PATH KEY RESULTS --pid PID [--cookies "C1 C2"] [--streams N]
        [--commits N] [--control SOCKET | --publish URL] [--idle-seconds S]
        N Server-Sent Events streams; with --commits, commits that many leads (or publishes) one
        at a time and times commit -> event on every stream; with --idle-seconds, holds them open
        and counts the daemon's CPU ticks and wake-ups; RSS of PID before, with them open, peak.
    webload.py table RESULTS                             the closing table
"""
import argparse
import asyncio
import http.client
import json
import os
import socket
import sys
import time
import urllib.parse


def save(results, key, value):
    data = json.load(open(results)) if os.path.exists(results) else {}
    data[key] = value
    with open(results, "w") as out:
        json.dump(data, out, indent=1)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def per_thread(pid):
    """Each thread's time on a CPU (ns, /proc/PID/task/*/schedstat: finer than the ticks of
    /proc/PID/stat) and voluntary context switches (its wake-ups, Benchmarks/scheduler/run's count)."""
    threads = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            run = int(open(f"/proc/{pid}/task/{task}/schedstat").read().split()[0])
            switches = next(int(line.split()[1]) for line in open(f"/proc/{pid}/task/{task}/status")
                            if line.startswith("voluntary_ctxt_switches:"))
            threads[task] = (run, switches)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return threads


def thread_delta(before, after):
    """Run ns and wake-ups between two per_thread readings: a thread born meanwhile counts whole;
    one that ended meanwhile is lost (libdispatch's workers come and go)."""
    run = switches = 0
    for task, (r, w) in after.items():
        r0, w0 = before.get(task, (0, 0))
        run, switches = run + r - r0, switches + w - w0
    return run, switches


def login(args):
    parts = urllib.parse.urlsplit(args.base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    body = urllib.parse.urlencode({"login": args.login, "password": args.password})
    connection.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": args.base})
    response = connection.getresponse()
    response.read()
    if response.status != 303:
        sys.exit(f"login {args.login}: HTTP {response.status}")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.split("=", 1)[1].split(";", 1)[0]:
            print(value.split(";", 1)[0])
            return
    sys.exit(f"login {args.login}: no cookie")


def page(args):
    parts = urllib.parse.urlsplit(args.url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    headers = {"Cookie": args.cookie} if args.cookie else {}
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    first, full, size = [], [], 0
    for i in range(args.warmup + args.requests):
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        headed = time.perf_counter()
        body = response.read()
        done = time.perf_counter()
        if response.status != 200:
            sys.exit(f"{args.url}: HTTP {response.status}")
        if response.will_close:
            sys.exit(f"{args.url}: the server closed the keep-alive connection")
        size = len(body)
        if i >= args.warmup:
            first.append((headed - start) * 1000)
            full.append((done - start) * 1000)
    figure = {"label": args.label, "bytes": size, "requests": args.requests,
              "ttfb_p50": percentile(first, 50), "ttfb_p99": percentile(first, 99),
              "p50": percentile(full, 50), "p99": percentile(full, 99), "max": max(full)}
    print(f"{args.label}: {size} bytes, {args.requests} GETs on one keep-alive connection: headers p50 "
          f"{figure['ttfb_p50']:.2f} ms p99 {figure['ttfb_p99']:.2f} ms; whole response p50 {figure['p50']:.2f} ms "
          f"p99 {figure['p99']:.2f} ms max {figure['max']:.2f} ms")
    save(args.results, args.key, figure)


class Stream(asyncio.Protocol):
    """One SSE stream over raw HTTP/1.1: undoes the chunked framing and splits events at the blank
    line, timing each event by the arrival of the bytes that complete it."""

    def __init__(self, request, progress):
        self.request, self.progress = request, progress
        self.raw = bytearray()
        self.event = bytearray()
        self.headed = False
        self.remaining = 0
        self.crlf = False
        self.frames = []        # (arrival, event bytes) of `exchange` events
        self.keep_alives = 0
        self.closed = False
        self.opened = asyncio.get_running_loop().create_future()

    def connection_made(self, transport):
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        transport.write(self.request)

    def connection_lost(self, exc):
        self.closed = True
        self.progress.set()
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("stream closed before it opened"))

    def data_received(self, data):
        arrival = time.perf_counter()
        raw = self.raw
        raw += data
        if not self.headed:
            end = raw.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(raw[:end]).decode("latin-1")
            del raw[:end + 4]
            if not head.startswith("HTTP/1.1 200") or "chunked" not in head.lower():
                self.opened.set_exception(ConnectionError("stream refused: " + head.split("\r\n")[0]))
                self.transport.close()
                return
            self.headed = True
        while True:
            if self.crlf:
                if len(raw) < 2:
                    return
                del raw[:2]
                self.crlf = False
            if self.remaining == 0:
                end = raw.find(b"\r\n")
                if end < 0:
                    return
                size = int(bytes(raw[:end]).split(b";")[0], 16)
                del raw[:end + 2]
                if size == 0:
                    self.transport.close()
                    return
                self.remaining = size
            take = min(self.remaining, len(raw))
            if take == 0:
                return
            self.feed(raw[:take], arrival)
            del raw[:take]
            self.remaining -= take
            if self.remaining == 0:
                self.crlf = True

    def feed(self, piece, arrival):
        event = self.event
        start = max(0, len(event) - 1)
        event += piece
        while True:
            end = event.find(b"\n\n", start)
            if end < 0:
                return
            text = bytes(event[:end])
            del event[:end + 2]
            start = 0
            if text.startswith(b"event: "):
                self.frames.append((arrival, text))
                if not self.opened.done():
                    self.opened.set_result(arrival)
                self.progress.set()
            elif text.startswith(b":"):
                self.keep_alives += 1


async def post_unix(socket_path, path, body):
    reader, writer = await asyncio.open_unix_connection(socket_path, limit=1 << 24)
    writer.write(b"POST %s HTTP/1.1\r\nHost: leadexd\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                 b"Connection: close\r\n\r\n%s" % (path.encode(), len(body), body))
    reply = await reader.read()
    writer.close()
    head, _, rest = reply.partition(b"\r\n\r\n")
    if b" 201 " not in head.split(b"\r\n")[0] and b" 200 " not in head.split(b"\r\n")[0]:
        raise RuntimeError("control: " + reply[:300].decode("utf-8", "replace"))
    if b"chunked" in head.lower():
        out, data = b"", rest
        while True:
            line, _, data = data.partition(b"\r\n")
            size = int(line, 16)
            if size == 0:
                break
            out, data = out + data[:size], data[size + 2:]
        rest = out
    return json.loads(rest)


async def post_tcp(url):
    parts = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" % parts.path.encode())
    await reader.read()
    writer.close()


async def streams(args):
    loop = asyncio.get_running_loop()
    parts = urllib.parse.urlsplit(args.base)
    cookies = args.cookies.split() if args.cookies else [""]
    progress = asyncio.Event()
    figure = {"streams": args.streams, "rss_before_kb": rss_kb(args.pid)}
    opened = []
    for i in range(args.streams):
        cookie = cookies[i % len(cookies)]
        request = (f"GET {args.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nAccept: text/event-stream\r\n"
                   + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode()
        _, stream = await loop.create_connection(lambda: Stream(request, progress), parts.hostname, parts.port)
        opened.append(stream)
    await asyncio.wait_for(asyncio.gather(*(s.opened for s in opened)), 120)
    await asyncio.sleep(args.settle)
    figure["rss_open_kb"] = rss_kb(args.pid)
    label = f"{args.key}: {args.streams} streams open"
    print(f"{label}: RSS {figure['rss_before_kb'] / 1024:.1f} MB before, {figure['rss_open_kb'] / 1024:.1f} MB with them "
          f"open ({(figure['rss_open_kb'] - figure['rss_before_kb']) / 1024:+.1f} MB), first frame "
          f"{len(opened[0].frames[0][1]) if opened else 0} bytes")

    if args.idle_seconds:
        for s in opened:
            s.keep_alives = 0
        c0, p0, t0 = cpu_ticks(args.pid), per_thread(args.pid), time.monotonic()
        await asyncio.sleep(args.idle_seconds)
        c1, p1, t1 = cpu_ticks(args.pid), per_thread(args.pid), time.monotonic()
        ticks = os.sysconf("SC_CLK_TCK")
        run, switches = thread_delta(p0, p1)
        figure.update(seconds=t1 - t0, cpu_ms=(c1 - c0) / ticks * 1000, run_ms=run / 1e6, wakeups=switches,
                      keep_alives=sum(s.keep_alives for s in opened), closed=sum(s.closed for s in opened))
        print(f"{args.key}: idle {figure['seconds']:.0f} s with {args.streams} streams open: CPU {figure['cpu_ms']:.0f} ms "
              f"(utime+stime; {figure['run_ms']:.1f} ms on a CPU by schedstat), {figure['wakeups']} wake-ups "
              f"({figure['wakeups'] / figure['seconds']:.2f}/s), keep-alives received {figure['keep_alives']}, "
              f"streams closed {figure['closed']}")

    if args.commits:
        peak = [figure["rss_open_kb"]]
        sampling = True

        async def sample():
            while sampling:
                peak[0] = max(peak[0], rss_kb(args.pid))
                await asyncio.sleep(0.01)
        sampler = asyncio.ensure_future(sample())
        latencies, worst, adds = [], [], []
        for n in range(args.commits):
            for s in opened:
                s.frames.clear()
            progress.clear()
            start = time.perf_counter()
            if args.control:
                body = json.dumps({"name": f"Клиент потока {n}", "phone": f"8 913 {n // 10000:03d}-{n % 10000 // 100:02d}-{n % 100:02d}",
                                   "note": f"Заявка {n} для замера потока", "take": False}).encode()
                reply = await post_unix(args.control, "/v1/leads", body)
                marker = b'lead-%d\\"' % reply["lead"]["id"]
            else:
                await post_tcp(args.publish)
                marker = b""
            adds.append((time.perf_counter() - start) * 1000)
            deadline = time.perf_counter() + 30
            arrivals = {}
            while len(arrivals) < len(opened) and time.perf_counter() < deadline:
                for i, s in enumerate(opened):
                    if i not in arrivals:
                        for arrival, text in s.frames:
                            if marker in text:
                                arrivals[i] = arrival
                                break
                if len(arrivals) < len(opened):
                    progress.clear()
                    try:
                        await asyncio.wait_for(progress.wait(), 1)
                    except asyncio.TimeoutError:
                        pass
            if len(arrivals) < len(opened):
                sys.exit(f"{args.key}: commit {n}: only {len(arrivals)} of {len(opened)} streams got it within 30 s")
            these = [(a - start) * 1000 for a in arrivals.values()]
            latencies += these
            worst.append(max(these))
            await asyncio.sleep(args.pause)
        sampling = False
        await sampler
        figure.update(commits=args.commits, p50=percentile(latencies, 50), p99=percentile(latencies, 99), max=max(latencies),
                      last_p50=percentile(worst, 50), add_p50=percentile(adds, 50), rss_peak_kb=peak[0],
                      frame_bytes=len(opened[0].frames[0][1]) if opened and opened[0].frames else 0)
        print(f"{args.key}: {args.commits} commits x {args.streams} streams ({figure['frame_bytes']} bytes per event): "
              f"commit -> event p50 {figure['p50']:.1f} ms p99 {figure['p99']:.1f} ms max {figure['max']:.1f} ms "
              f"(the last of the {args.streams} streams, median over commits: {figure['last_p50']:.1f} ms; "
              f"the commit's own round trip p50 {figure['add_p50']:.1f} ms, included); RSS peak "
              f"{figure['rss_peak_kb'] / 1024:.1f} MB")
    for s in opened:
        s.transport.close()
    await asyncio.sleep(0.5)
    save(args.results, args.key, figure)


def table(args):
    r = json.load(open(args.results))
    rows = []

    def add(what, ours, reference, target):
        rows.append((what, ours, reference, target))

    def ms(v):
        return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"

    page = r.get("page")
    if page:
        refs = [(name, r[k]) for k, name in (("python", "http.server"), ("nginx", "nginx"), ("asset", "leadexd's CSS")) if k in r]
        ref_text = lambda field: ", ".join(f"{name} {ms(x[field])}" for name, x in refs)
        add(f"GET /exchange, {r.get('leads', '?')} leads ({page['bytes']} B): p50", ms(page["p50"]), ref_text("p50"), "")
        add(f"GET /exchange, {r.get('leads', '?')} leads: p99 (whole response)", ms(page["p99"]), ref_text("p99"), "<= 10 ms")
        add("GET /exchange: max", ms(page["max"]), ref_text("max"), "")
        add("GET /exchange: p99 to the headers (TTFB)", ms(page["ttfb_p99"]), ref_text("ttfb_p99"), "")
    for key in sorted(k for k in r if k.startswith("live")):
        s = r[key]
        ref = r.get("ref-" + key)
        add(f"{s['streams']} streams, {s['frame_bytes']} B events ({key}): commit -> event p50", ms(s["p50"]),
            ms(ref["p50"]) if ref else "", "")
        add(f"  ... p99 / max", f"{ms(s['p99'])} / {ms(s['max'])}",
            f"{ms(ref['p99'])} / {ms(ref['max'])}" if ref else "", "p99 <= 100 ms")
        add(f"  RSS: with them open above idle / peak during commits above idle",
            f"{(s['rss_open_kb'] - s['rss_before_kb']) / 1024:+.1f} / {(s['rss_peak_kb'] - s['rss_before_kb']) / 1024:+.1f} MB",
            f"{(ref['rss_open_kb'] - ref['rss_before_kb']) / 1024:+.1f} / {(ref['rss_peak_kb'] - ref['rss_before_kb']) / 1024:+.1f} MB" if ref else "",
            "<= +10 MB")
    if "intake" in r:
        pass
    idle0, idle50 = r.get("idle-0"), r.get("idle-streams")
    if idle0 and idle50:
        per = lambda x: f"{x['cpu_ms']:.0f} ms CPU ({x.get('run_ms', 0):.1f} ms run), {x['wakeups'] / x['seconds']:.2f} wake-ups/s"
        add(f"idle {idle50['seconds']:.0f} s, {idle50['streams']} streams open ({idle50['keep_alives']} keep-alives sent)",
            per(idle50), "0 streams: " + per(idle0), "no more than without")
    widths = [max(len(row[i]) for row in rows + [("", "leadexd", "reference", "target")]) for i in range(4)]
    line = lambda row: " | ".join(cell.ljust(w) for cell, w in zip(row, widths))
    print(line(("", "leadexd", "reference", "target")))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("login")
    p.add_argument("base"); p.add_argument("login"); p.add_argument("password")
    p = sub.add_parser("page")
    p.add_argument("url"); p.add_argument("label"); p.add_argument("key"); p.add_argument("results")
    p.add_argument("--cookie", default=""); p.add_argument("--requests", type=int, default=500)
    p.add_argument("--warmup", type=int, default=20)
    p = sub.add_parser("streams")
    p.add_argument("base"); p.add_argument("path"); p.add_argument("key"); p.add_argument("results")
    p.add_argument("--pid", type=int, required=True); p.add_argument("--cookies", default="")
    p.add_argument("--streams", type=int, default=200); p.add_argument("--commits", type=int, default=0)
    p.add_argument("--control"); p.add_argument("--publish"); p.add_argument("--idle-seconds", type=float, default=0)
    p.add_argument("--settle", type=float, default=2); p.add_argument("--pause", type=float, default=0.2)
    p = sub.add_parser("table")
    p.add_argument("results")
    args = parser.parse_args()
    if args.command == "login":
        login(args)
    elif args.command == "page":
        page(args)
    elif args.command == "streams":
        asyncio.run(streams(args))
    else:
        table(args)


if __name__ == "__main__":
    main()
