#!/usr/bin/env python3
"""The reference: a plain Python intake of the same mailbox, imaplib + email (policy.default) +
sqlite3, fetching with BODY.PEEK[] in batches of 200 and storing one row per message.
Prints RESULT python MSGS_PER_S PEAK_RSS_MB SECONDS."""
import email, email.parser, email.policy, imaplib, resource, sqlite3, ssl, sys, time

host, port, user, password, ca, db_path, count = sys.argv[1:8]
start = time.perf_counter()
context = ssl.create_default_context(cafile=ca)
imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
imap.login(user, password)
imap.select("INBOX")
_, data = imap.uid("SEARCH", None, "ALL")
uids = data[0].split()
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE lead (uid INTEGER PRIMARY KEY, sender TEXT, subject TEXT, body TEXT)")
parser = email.parser.BytesParser(policy=email.policy.default)
done = 0
for i in range(0, len(uids), 200):
    batch = b",".join(uids[i:i + 200])
    _, items = imap.uid("FETCH", batch, "(UID BODY.PEEK[])")
    rows = []
    for item in items:
        if not isinstance(item, tuple):
            continue
        uid = int(item[0].split(b"UID ")[1].split()[0])
        msg = parser.parsebytes(item[1])
        body = msg.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        rows.append((uid, str(msg["From"]), str(msg["Subject"]), text))
    with db:
        db.executemany("INSERT INTO lead VALUES (?, ?, ?, ?)", rows)
    done += len(rows)
imap.logout()
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT python %.0f %.1f %.2f (%d messages)" % (done / elapsed, rss, elapsed, done))
