#!/usr/bin/env python3
"""Logs in to the running leadexd as the head of sales, times N GETs of /head/now and of a
report page, then N runs of the same figures in plain SQL (reference_sql.py) on the same
database, and prints both side by side with the figures each shows.

  bench.py BASE_URL LOGIN PASSWORD DATABASE FROM TO [--n 100] [--warmup 5]

Times are wall-clock per request at the client, over one keep-alive loopback connection: the
daemon's time to read, compute and render the page plus the loopback round trip (an upper
bound of the server time). With --pid, the daemon's CPU time over the N requests (/proc) is
printed per request too: on a loaded machine it says what the wall time cannot. The SQL
reference is timed in-process around each run, wall and CPU.
"""
import argparse
import html
import math
import os
import http.client
import re
import statistics
import sys
import time
import urllib.parse

import reference_sql as ref


def percentile(values, q):
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]  # nearest rank


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.base, self.host, self.port = base, u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                k, v = value.split(";", 1)[0].split("=", 1)
                self.cookies[k.strip()] = v
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def log_in(self, login, password):
        self.request("GET", "/login")
        body = urllib.parse.urlencode({"login": login, "password": password})
        status, headers, _ = self.request("POST", "/login", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.base})
        if status != 303:
            sys.exit(f"login refused: HTTP {status}")


def by_id(page, ident):
    m = re.search(r'id="%s"[^>]*>(.*?)</' % re.escape(ident), page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else "?"


def figure(page, ident):
    m = re.search(r'id="%s".*?<span class="value">(\d+)</span>' % re.escape(ident), page, re.S)
    return int(m.group(1)) if m else None


def time_runs(n, fn):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def cpu_ms(pid):
    """User + system CPU of process pid so far, in ms (/proc/PID/stat)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("login")
    ap.add_argument("password")
    ap.add_argument("database")
    ap.add_argument("from_day")
    ap.add_argument("to_day")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--target", type=float, default=100)
    ap.add_argument("--pid", type=int, help="leadexd's process id: its CPU per request is printed too")
    args = ap.parse_args()

    client = Client(args.base)
    client.log_in(args.login, args.password)
    report_path = f"/head/reports?from={args.from_day}&to={args.to_day}"
    pages = {}

    def get(path):
        status, _, data = client.request("GET", path)
        if status != 200:
            sys.exit(f"GET {path}: HTTP {status}\n{data[:500]!r}")
        pages[path] = data.decode()

    db = ref.connect(args.database)
    since, until = ref.period(args.from_day, args.to_day)
    results = {}
    for name, path, sql in [("/head/now", "/head/now", lambda: ref.now_figures(db, time.time())),
                            (f"/head/reports (90 days)", report_path, lambda: ref.report_figures(db, since, until))]:
        for _ in range(args.warmup):
            get(path)
            sql()
        c0 = cpu_ms(args.pid) if args.pid else 0
        ours = time_runs(args.n, lambda: get(path))
        our_cpu = (cpu_ms(args.pid) - c0) / args.n if args.pid else float("nan")
        c0 = time.process_time()
        theirs = time_runs(args.n, sql)
        their_cpu = (time.process_time() - c0) * 1000 / args.n
        results[name] = (ours, theirs, len(pages[path]), our_cpu, their_cpu)

    print(f"\n{args.n} GETs each after {args.warmup} warm-up, one keep-alive connection; SQL reference: the same figures, {args.n} runs")
    print(f"| page | leadexd p50 | leadexd p99 | leadexd max | leadexd CPU/request | SQL p50 | SQL p99 | SQL max | SQL CPU/run | target p99 | page size |")
    print(f"|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for name, (ours, theirs, size, our_cpu, their_cpu) in results.items():
        p99 = percentile(ours, 0.99)
        ok &= p99 <= args.target
        print(f"| {name} | {statistics.median(ours):.1f} ms | {p99:.1f} ms | {max(ours):.1f} ms | {our_cpu:.1f} ms | "
              f"{statistics.median(theirs):.1f} ms | {percentile(theirs, 0.99):.1f} ms | {max(theirs):.1f} ms | {their_cpu:.1f} ms | "
              f"≤ {args.target:.0f} ms {'ok' if p99 <= args.target else 'MISSED'} | {size // 1024} KiB |")

    # The figures, page beside SQL, from the last page fetched and a fresh SQL run.
    # The now page again, just before its SQL: reminders fall due and waits grow meanwhile.
    get("/head/now")
    now_page, now_sql = pages["/head/now"], ref.now_figures(db, time.time())
    print("\n/head/now: page | SQL")
    rows = [("on the exchange", figure(now_page, "now-exchange"), now_sql["exchange"]),
            ("past the untaken threshold", figure(now_page, "now-past"), now_sql["past"]),
            ("overdue calls", figure(now_page, "now-overdue"), now_sql["overdue"]),
            ("deals over their stage norm", figure(now_page, "now-over-norm"), now_sql["over_norm"]),
            ("refusals awaiting review", figure(now_page, "now-refusals"), now_sql["refusals"])]
    m = re.search(r'id="seller-m01".*?</td>', now_page, re.S)
    load = now_sql["load"].get("m01", {})
    rows.append(("m01 open deals", re.sub(r"<[^>]+>", "", m.group(0)).split()[-1].split("/")[0] if m else "?", load.get("owned", 0)))
    agree = True
    for label, page, sql in rows:
        same = str(page) == str(sql)
        agree &= same
        print(f"  {label:30} {page!s:>8} | {sql!s:<8} {'' if same else '  DIFFERENT'}")

    rp, rs = pages[report_path], ref.report_figures(db, since, until)
    print(f"\n{report_path}: page | SQL (the page gives the previous 90 days in brackets)")
    t, p = rs["totals"], rs["previous"]
    for key in ("received", "taken", "won", "refused", "lost", "disqualified"):
        page = by_id(rp, "total-" + key)
        sql = f"{t[key]} (prev. {p[key]})"
        same = page.startswith(f"{t[key]} ({p[key]}")
        agree &= same
        print(f"  {key:30} {page:>22} | {sql}{'' if same else '  DIFFERENT'}")
    on = by_id(rp, "on-exchange")
    agree &= on == str(rs["on_exchange"])
    print(f"  {'on the exchange now':30} {on:>22} | {rs['on_exchange']}")
    speed = by_id(rp, "speed")
    sp = rs["speed"]
    sql_speed = f"{ref.spoken(sp['median'])} / {ref.spoken(sp['p90'])}, {sp['takes']} takes"
    same = f"{ref.spoken(sp['median'])} / {ref.spoken(sp['p90'])}" in speed and str(sp["takes"]) in speed
    agree &= same
    print(f"  time to take median / p90     {speed.split('·')[0].strip()} | {sql_speed}{'' if same else '  DIFFERENT'}")
    stages = re.search(r'<table id="stages">.*?<tbody>(.*?)</tbody>', rp, re.S)
    page_entered = [re.findall(r"<td>(.*?)</td>", row)[0] for row in re.findall(r"<tr>(.*?)</tr>", stages.group(1))] if stages else []
    sql_entered = [str(rs["stages"][s]["entered"]) for s in ref.STAGE_NORMS]
    agree &= page_entered == sql_entered
    print(f"  {'funnel: entered per stage':30} {' '.join(page_entered):>22} | {' '.join(sql_entered)}")
    page_medians = [re.findall(r"<td>(.*?)</td>", row)[-1] for row in re.findall(r"<tr>(.*?)</tr>", stages.group(1))] if stages else []
    sql_medians = [ref.spoken(rs["stages"][s]["median"]) for s in ref.STAGE_NORMS]
    agree &= page_medians == sql_medians
    print(f"  {'funnel: median time in stage':30} {', '.join(page_medians)} | {', '.join(sql_medians)}")
    reasons = re.findall(r"<li>(.*?): (\d+) ", re.search(r'id="refusal-reasons">(.*?)</ul>', rp, re.S).group(1))
    page_counts = sorted(int(n) for _, n in reasons)
    sql_counts = sorted(rs["refused_reasons"].values())
    agree &= page_counts == sql_counts
    print(f"  {'refusal reasons (counts)':30} {' '.join(map(str, page_counts[::-1])):>22} | {' '.join(map(str, sql_counts[::-1]))}")
    mrows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td>', re.search(r'<table id="managers">(.*?)</table>', rp, re.S).group(1))
    page_taken = " ".join(f"{t}/{w}" for _, t, w in mrows)
    sql_taken = " ".join(f"{v['taken']}/{v['won']}" for m, v in rs["managers"].items() if m.startswith("m"))
    agree &= page_taken == sql_taken
    print(f"  managers taken/won            {page_taken} | {sql_taken}")
    print("\nthe pages and the SQL agree on every figure above" if agree else "\nSOME FIGURES DIFFER (see above)")
    return 0 if ok and agree else 1


if __name__ == "__main__":
    sys.exit(main())
