#!/usr/bin/env python3
"""Python's email package on the same corpus: py_bench.py CORPUS_DIR [ITERATIONS]."""
import os, sys, time
from email import policy
from email.parser import BytesParser

d = sys.argv[1]
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 3
corpus = [open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d)) if n.endswith(".eml")]
total = sum(len(m) for m in corpus)
parser = BytesParser(policy=policy.default)


def work(raw):
    msg = parser.parsebytes(raw)
    body = msg.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        try:
            text = body.get_content()
        except Exception:
            text = ""
    return len(text) + len(str(msg["From"] or "")) + len(str(msg["Subject"] or ""))


best = 1e9
for _ in range(iterations):
    t = time.perf_counter()
    for m in corpus:
        work(m)
    best = min(best, time.perf_counter() - t)
mbps = total / 1e6 / best
print("python email: %d msgs, %.1f MB, best of %d: %.3f s  %.1f MB/s  %.0f msgs/s" % (len(corpus), total / 1e6, iterations, best, mbps, len(corpus) / best))
print("RESULT python %.3f %.1f" % (mbps, len(corpus) / best))
