#!/usr/bin/env python3
"""The head's figures computed with plain SQL (Python's sqlite3) on leadexd's database: the
reference the pages are timed against and checked with.

now_figures(): what /head/now shows (the exchange, how many past the untaken threshold in
working time, each seller's open deals, overdue calls, deals over their stage's norm, refusals
awaiting review). report_figures(): what /head/reports shows for [since, until) (totals and the
previous period's, funnel by stage with median time in stage, time to take median/p90 overall,
per local day, per source and per manager, refusal and disqualification reasons, sources, won
sums). Each runs in one read transaction, like the store's. The queries are written from what the pages define, not copied
from the store; where both need "the latest line of this lead before that one" both use a
correlated subquery, which SQLite answers from an index when there is one.

Standalone: reference_sql.py DATABASE FROM TO   (local days YYYY-MM-DD, Europe/Moscow)
"""
import datetime
import math
import sqlite3
import sys
import time

ZONE = datetime.timezone(datetime.timedelta(hours=3))  # Europe/Moscow: UTC+3 all year
STAGE_NORMS = {"new": 3600, "call": 86400, "needs": 3 * 86400, "proposal": 5 * 86400, "meeting": 7 * 86400,
               "revision": 5 * 86400, "closing": 7 * 86400}
UNTAKEN_AFTER = 1800
WORK_DAYS, WORK_FROM, WORK_TO = range(0, 5), 9 * 3600, 18 * 3600  # Mon..Fri 09:00-18:00

# When a lead landed on the exchange: created, returned, swept, reopened to the exchange, or
# reassigned to the exchange (the notes ExchangeRules writes).
LANDING = """(action IN ('created', 'returned', 'swept')
    OR (action = 'reopened' AND (note = 'to the exchange' OR note LIKE '%; to the exchange'))
    OR (action = 'reassigned' AND note LIKE '% to the exchange'))"""


def text_time(t):
    ms = int(round(t * 1000))
    s, frac = divmod(ms, 1000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s)) + f".{frac:03d}"


def epoch(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()


def median(values):
    s = sorted(values)
    if not s:
        return None
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def p90(values):
    s = sorted(values)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)] if s else None


def spoken(seconds):
    """DurationText.spoken in Russian: whole minutes, days and hours, no minutes past a day."""
    if seconds is None:
        return "—"
    total = int(round(max(seconds, 0) / 60))
    days, hours, minutes = total // 1440, total // 60 % 24, total % 60
    parts = ([f"{days} д"] if days else []) + ([f"{hours} ч"] if hours else []) + ([f"{minutes} мин"] if minutes and not days else [])
    return " ".join(parts) or "0 мин"


def working_seconds(start, end):
    """Seconds of Mon..Fri 09:00-18:00 Moscow time in [start, end)."""
    total = 0.0
    day = datetime.datetime.fromtimestamp(start, ZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    while day.timestamp() < end:
        if day.weekday() in WORK_DAYS:
            a, b = max(start, day.timestamp() + WORK_FROM), min(end, day.timestamp() + WORK_TO)
            total += max(0.0, b - a)
        day += datetime.timedelta(days=1)
    return total


def connect(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    return db


def now_figures(db, now):
    db.execute("BEGIN")
    try:
        landed = [epoch(r[0]) for r in db.execute(f"""
            SELECT coalesce((SELECT max(at) FROM history WHERE lead_id = lead.id AND {LANDING}), created_at) AS landed
            FROM lead WHERE status = 'exchange' ORDER BY landed""")]
        past = sum(1 for t in landed if working_seconds(t, now) >= UNTAKEN_AFTER)
        load = {}
        for owner, status, n in db.execute("SELECT owner, status, count(*) FROM lead WHERE status IN ('owned', 'refused') GROUP BY owner, status"):
            load.setdefault(owner, {})[status] = n
        overdue = dict(db.execute("""
            SELECT l.owner, count(*) FROM reminder r JOIN lead l ON l.id = r.lead_id
            WHERE l.status = 'owned' AND r.due_at <= ? AND l.last_activity_at < r.due_at GROUP BY l.owner""", (text_time(now),)))
        over_norm = {}
        for stage, norm in STAGE_NORMS.items():
            for owner, n in db.execute("SELECT owner, count(*) FROM lead WHERE status = 'owned' AND stage = ? AND stage_entered_at < ? GROUP BY owner",
                                       (stage, text_time(now - norm))):
                over_norm[owner] = over_norm.get(owner, 0) + n
        refusals, oldest = db.execute("""
            SELECT count(*), min((SELECT max(at) FROM history WHERE lead_id = lead.id AND action = 'refused'))
            FROM lead WHERE status = 'refused'""").fetchone()
    finally:
        db.execute("COMMIT")
    return {"exchange": len(landed), "oldest": landed[0] if landed else None, "past": past,
            "overdue": sum(overdue.values()), "over_norm": sum(over_norm.values()), "refusals": refusals,
            "oldest_refusal": oldest, "load": load, "overdue_by": overdue, "over_norm_by": over_norm}


def totals(db, a, b):
    received = db.execute("SELECT count(*) FROM lead WHERE created_at >= ? AND created_at < ?", (a, b)).fetchone()[0]
    actions = dict(db.execute("""SELECT action, count(*) FROM history WHERE at >= ? AND at < ?
        AND action IN ('taken', 'won', 'refused', 'closed_lost', 'disqualified') GROUP BY action""", (a, b)))
    return {"received": received, "taken": actions.get("taken", 0), "won": actions.get("won", 0),
            "refused": actions.get("refused", 0), "lost": actions.get("closed_lost", 0), "disqualified": actions.get("disqualified", 0)}


def report_figures(db, since, until):
    a, b = text_time(since), text_time(until)
    prev_a = text_time(since - (until - since))
    db.execute("BEGIN")
    try:
        figures = {"totals": totals(db, a, b), "previous": totals(db, prev_a, a)}
        figures["on_exchange"] = db.execute("SELECT count(*) FROM lead WHERE status = 'exchange'").fetchone()[0]
        # Time to take: from the latest landing on the exchange before each take.
        takes = db.execute(f"""
            SELECT h.at, h.actor, l.source_kind || ':' || l.source_name,
                (julianday(h.at) - julianday(coalesce(
                    (SELECT max(e.at) FROM history e WHERE e.lead_id = h.lead_id AND e.id < h.id AND {LANDING.replace('action', 'e.action').replace('note', 'e.note')}),
                    l.created_at))) * 86400.0
            FROM history h JOIN lead l ON l.id = h.lead_id
            WHERE h.action = 'taken' AND h.at >= ? AND h.at < ?""", (a, b)).fetchall()
        seconds = [max(0.0, round(t[3] * 1000) / 1000) for t in takes]
        figures["speed"] = {"takes": len(takes), "median": median(seconds), "p90": p90(seconds)}
        by_day, by_source, by_actor = {}, {}, {}
        for (at, actor, source, _), s in zip(takes, seconds):
            day = datetime.datetime.fromtimestamp(epoch(at), ZONE).date()
            by_day.setdefault(day, []).append(s)
            by_source.setdefault(source, []).append(s)
            by_actor.setdefault(actor, []).append(s)
        figures["speed_days"] = {d: (len(v), median(v), p90(v)) for d, v in sorted(by_day.items())}
        figures["speed_sources"] = {k: (len(v), median(v), p90(v)) for k, v in by_source.items()}
        # The funnel.
        entered = dict(db.execute("SELECT to_stage, count(*) FROM history WHERE to_stage IS NOT NULL AND at >= ? AND at < ? GROUP BY to_stage", (a, b)))
        moved = dict(db.execute("SELECT from_stage, count(*) FROM history WHERE action = 'stage_changed' AND at >= ? AND at < ? GROUP BY from_stage", (a, b)))
        ended = {}
        for action, stage, n in db.execute("""SELECT h.action, l.stage, count(*) FROM history h JOIN lead l ON l.id = h.lead_id
                WHERE h.action IN ('refused', 'disqualified', 'won') AND h.at >= ? AND h.at < ? GROUP BY h.action, l.stage""", (a, b)):
            ended.setdefault(action, {})[stage] = n
        spans = {}
        for stage, s in db.execute("""
                SELECT h.from_stage, (julianday(h.at) - julianday(coalesce(
                    (SELECT max(e.at) FROM history e WHERE e.lead_id = h.lead_id AND e.to_stage = h.from_stage AND e.id < h.id),
                    (SELECT created_at FROM lead WHERE id = h.lead_id)))) * 86400.0
                FROM history h WHERE h.action = 'stage_changed' AND h.at >= ? AND h.at < ?""", (a, b)):
            spans.setdefault(stage, []).append(max(0.0, round(s * 1000) / 1000))
        figures["stages"] = {st: {"entered": entered.get(st, 0), "moved_on": moved.get(st, 0), "dropped": ended.get("refused", {}).get(st, 0),
                                  "disqualified": ended.get("disqualified", {}).get(st, 0), "won": ended.get("won", {}).get(st, 0),
                                  "median": median(spans.get(st, []))} for st in STAGE_NORMS}
        figures["untaken_alerts"] = db.execute("SELECT count(*) FROM lead_alert WHERE kind = 'untaken' AND sent_at >= ? AND sent_at < ?", (a, b)).fetchone()[0]
        # Reasons.
        for action in ("refused", "disqualified"):
            figures[action + "_reasons"] = dict(db.execute(
                "SELECT reason, count(*) FROM history WHERE action = ? AND at >= ? AND at < ? GROUP BY reason ORDER BY 2 DESC", (action, a, b)))
        figures["sources"] = {f"{k}:{n}": c for k, n, c in db.execute(
            "SELECT source_kind, source_name, count(*) FROM lead WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2 ORDER BY 3 DESC", (a, b))}
        # Per manager.
        open_deals = dict(db.execute("SELECT owner, count(*) FROM lead WHERE status = 'owned' GROUP BY owner"))
        won = {}
        for actor, source, deals, priced, kopecks in db.execute("""
                SELECT h.actor, l.source_kind || ':' || l.source_name, count(*), count(l.amount_kopecks), coalesce(sum(l.amount_kopecks), 0)
                FROM history h JOIN lead l ON l.id = h.lead_id WHERE h.action = 'won' AND h.at >= ? AND h.at < ? GROUP BY 1, 2""", (a, b)):
            w = won.setdefault(actor, [0, 0, 0])
            w[0] += deals; w[1] += priced; w[2] += kopecks
        refused = dict(db.execute("SELECT actor, count(*) FROM history WHERE action = 'refused' AND at >= ? AND at < ? GROUP BY actor", (a, b)))
        reopened = dict(db.execute("""
            SELECT (SELECT r.actor FROM history r WHERE r.lead_id = h.lead_id AND r.action = 'refused' AND r.id < h.id ORDER BY r.id DESC LIMIT 1), count(*)
            FROM history h WHERE h.action = 'reopened' AND h.at >= ? AND h.at < ? GROUP BY 1""", (a, b)))
        overdue = dict(db.execute("""
            SELECT r.created_by, count(*) FROM reminder r WHERE r.due_at >= ?1 AND r.due_at < ?2
            AND NOT EXISTS (SELECT 1 FROM history h WHERE h.lead_id = r.lead_id AND h.actor = r.created_by AND h.at >= r.due_at AND h.at < ?2)
            GROUP BY 1""", (a, b)))
        breaches = dict(db.execute("""SELECT l.owner, count(*) FROM lead_alert a JOIN lead l ON l.id = a.lead_id
            WHERE a.kind = 'stage_owner' AND a.sent_at >= ? AND a.sent_at < ? GROUP BY 1""", (a, b)))
        figures["managers"] = {m: {"open": open_deals.get(m, 0), "taken": len(by_actor.get(m, [])), "won": won.get(m, [0])[0],
                                   "refused": refused.get(m, 0), "reopened": reopened.get(m, 0), "overdue": overdue.get(m, 0),
                                   "breaches": breaches.get(m, 0), "median_take": median(by_actor.get(m, []))}
                               for m in sorted(set(open_deals) | set(by_actor)) if m}
        figures["won_sum"] = [sum(w[i] for w in won.values()) for i in range(3)]
    finally:
        db.execute("COMMIT")
    return figures


def period(from_day, to_day):
    """[since, until) of local days from_day..to_day, both included."""
    a = datetime.datetime.fromisoformat(from_day).replace(tzinfo=ZONE)
    b = datetime.datetime.fromisoformat(to_day).replace(tzinfo=ZONE) + datetime.timedelta(days=1)
    return a.timestamp(), b.timestamp()


if __name__ == "__main__":
    db = connect(sys.argv[1])
    print(now_figures(db, time.time()))
    r = report_figures(db, *period(sys.argv[2], sys.argv[3]))
    for key in ("totals", "previous", "on_exchange", "speed", "stages", "refused_reasons", "sources", "managers", "won_sum"):
        print(key, r[key])
