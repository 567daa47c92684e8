#!/usr/bin/env python3
"""Round trips through a Unix socket: CLIENTS processes, each with one keep-alive HTTP/1.1
connection, looping `GET /v1/exchange` then `POST /v1/leads/ID/take` on a lead from that list
(and `POST .../return` when the take succeeded, so the exchange stays full). Each loop is paced
to start every PACE ms (0: as fast as the server answers; default 1000). Prints p50/p99/max per request kind.

    load.py SOCKET [--clients 50] [--seconds 20] [--pace-ms 1000]
"""
import argparse, http.client, json, multiprocessing, os, random, socket, sys, time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("leadexd")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def request(conn, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return time.perf_counter() - start, response.status, data


def client(args, seed, results):
    random.seed(seed)
    conn = UnixConnection(args.socket)
    samples = {"exchange": [], "take": [], "return": []}
    statuses = {}
    deadline = time.monotonic() + args.seconds
    # Spread the clients' first loops over one pace interval.
    time.sleep(random.random() * args.pace_ms / 1000)
    while time.monotonic() < deadline:
        loop_start = time.monotonic()
        elapsed, status, data = request(conn, "GET", "/v1/exchange")
        samples["exchange"].append(elapsed)
        leads = json.loads(data) if status == 200 else []
        if leads:
            lead = random.choice(leads)["id"]
            elapsed, status, _ = request(conn, "POST", f"/v1/leads/{lead}/take", b"{}")
            samples["take"].append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                elapsed, status, _ = request(conn, "POST", f"/v1/leads/{lead}/return", b"{}")
                samples["return"].append(elapsed)
        pause = args.pace_ms / 1000 - (time.monotonic() - loop_start)
        if pause > 0:
            time.sleep(pause)
    results.put((samples, statuses))


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--pace-ms", type=float, default=1000)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=client, args=(args, i, results)) for i in range(args.clients)]
    for w in workers:
        w.start()
    merged = {"exchange": [], "take": [], "return": []}
    statuses = {}
    for _ in workers:
        samples, counts = results.get()
        for kind, values in samples.items():
            merged[kind].extend(values)
        for status, n in counts.items():
            statuses[status] = statuses.get(status, 0) + n
    for w in workers:
        w.join()
    total = sum(len(v) for v in merged.values())
    print(f"{args.label}{args.clients} clients, {args.seconds:.0f} s, pace {args.pace_ms:.0f} ms: {total} requests ({total / args.seconds:.0f}/s); take statuses {dict(sorted(statuses.items()))}")
    for kind in ("exchange", "take", "return"):
        values = merged[kind]
        if values:
            print(f"  {kind:9s} n={len(values):6d}  p50 {percentile(values, 50) * 1000:6.2f} ms  p99 {percentile(values, 99) * 1000:6.2f} ms  max {max(values) * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
