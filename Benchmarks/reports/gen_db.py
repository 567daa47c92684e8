#!/usr/bin/env python3
"""Fills a database leadexd created (its schema migrated, its users and stages mirrored from the
config) with a year of a busy department: LEADS leads with their contacts and HISTORY history
lines, in one transaction, consistent with each other and with the schema's CHECKs.

Each lead's life is simulated from its arrival (landed on the exchange, taken after a wait,
moved through the stages, refused / won / disqualified, refusals reviewed by QA: closed as lost
or reopened to the exchange or to a manager, sometimes returned, swept or reassigned), then cut
at "now": what would happen later has not happened yet, so the recent leads are the ones on the
exchange, being worked, or refused and waiting for QA. Notes, mails from the client and
reminders fill the history up to exactly HISTORY lines.

  gen_db.py DATABASE [--leads 100000] [--history 1000000] [--seed 15] [--now EPOCH]
"""
import argparse
import bisect
import math
import random
import sqlite3
import sys
import time

MANAGERS = [f"m{i:02d}" for i in range(1, 11)]
HEAD, QA = "head", "okk"
STAGES = ["new", "call", "needs", "proposal", "meeting", "revision", "closing"]
NORMS = {"new": 3600, "call": 86400, "needs": 3 * 86400, "proposal": 5 * 86400, "meeting": 7 * 86400,
         "revision": 5 * 86400, "closing": 7 * 86400}
REFUSALS = ["expensive", "small-budget", "competitor", "no-need", "unreachable", "timing", "postponed", "other"]
REFUSAL_WEIGHTS = [30, 12, 15, 10, 14, 8, 9, 2]
DISQUALIFY = ["wrong-number", "outdated", "spam", "duplicate"]
SOURCES = [("mail", "sales", 34), ("form", "site", 30), ("form", "calc", 10), ("mail", "tender", 6),
           ("manual", None, 12), ("import", "clients.csv", 8)]
GOODS = ["стульев", "столов", "шкафов", "стеллажей", "кресел", "диванов", "тумб", "перегородок"]
HOUR, DAY = 3600, 86400


def text_time(t):
    """StoredTime.text: UTC, milliseconds."""
    ms = int(round(t * 1000))
    s, frac = divmod(ms, 1000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s)) + f".{frac:03d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("database")
    ap.add_argument("--leads", type=int, default=100_000)
    ap.add_argument("--history", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--now", type=float, default=None)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    now = args.now or time.time()
    start = now - 365 * DAY
    started = time.monotonic()

    # Arrival times: more on working days and hours (Moscow, UTC+3), a little growth over the year.
    def arrival():
        while True:
            t = start + 365 * DAY * rnd.random() ** 0.8  # a little growth over the year
            local = t + 3 * HOUR
            weekday = int(local // DAY + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
            hour = (local % DAY) / HOUR
            weight = (1.0 if weekday < 5 else 0.25) * (1.0 if 9 <= hour < 19 else 0.15)
            if rnd.random() < weight:
                return t
    arrivals = sorted(arrival() for _ in range(args.leads))

    events = []  # (at, lead, actor, action, from, to, reason, note)
    leads = []
    fill_windows = []  # (lead, from, to, actor): when a manager worked the deal, for the fillers
    alerts = []  # (lead, kind, since, sent_at)
    contacts = []  # (id, name, company, created_at)
    phones, emails = [], []
    manager_weight = [rnd.uniform(0.8, 1.2) for _ in MANAGERS]

    def lognormal(median, sigma):
        return median * math.exp(rnd.gauss(0, sigma))

    for index, created in enumerate(arrivals):
        lead = index + 1
        # 12% of requests come from a client already known.
        if contacts and rnd.random() < 0.12:
            contact = rnd.randrange(1, len(contacts) + 1)
        else:
            contact = len(contacts) + 1
            company = rnd.choice(["ООО «Ромашка»", "АО «Вектор»", "ИП Смирнов", "ООО «Стройресурс»", None, None])
            contacts.append((contact, f"Клиент {contact}", company, text_time(created)))
            has_phone = rnd.random() < 0.9
            if has_phone:
                phones.append((contact, f"+7912{contact:07d}"))
            if not has_phone or rnd.random() < 0.6:
                emails.append((contact, f"client{contact}@example.ru"))
        kind, name, _ = rnd.choices(SOURCES, weights=[s[2] for s in SOURCES])[0]
        manual_by = rnd.choices(MANAGERS, weights=manager_weight)[0] if kind == "manual" else None
        name = name or manual_by
        ref = {"mail": f"<{lead}.{rnd.getrandbits(32):08x}@mail.example.ru>", "form": f"sub-{lead}",
               "import": f"row-{lead}", "manual": None}[kind]
        n = rnd.randint(2, 200)
        goods = rnd.choice(GOODS)
        title = f"Запрос КП на {n} {goods}"
        text = f"Добрый день! Просим прислать коммерческое предложение на {n} {goods}, доставка в {rnd.choice(['Москву', 'Казань', 'Тверь', 'Самару'])}. Контактное лицо: Клиент {contact}."

        # The simulated life; each step appends (at, actor, action, from, to, reason, note).
        life = [(created, None, "created", None, "new", None, f"from {kind}:{name}")]
        t = created
        stage = "new"
        stage_at = created
        state = "exchange"  # exchange, owned, refused, won, lost, disqualified
        owner = None
        amount = None
        landed = created
        takes = 0
        while True:
            if state == "exchange":
                if takes == 0 and kind == "manual":
                    wait, taker = rnd.uniform(5, 120), manual_by
                else:
                    if rnd.random() < 0.035:
                        t += lognormal(40 * 60, 1.0)
                        life.append((t, rnd.choice(MANAGERS), "disqualified", None, None, rnd.choice(DISQUALIFY), None))
                        state, owner = "disqualified", None
                        break
                    wait = lognormal(18 * 60, 1.3) if takes == 0 else lognormal(2 * HOUR, 1.2)
                    taker = rnd.choices(MANAGERS, weights=manager_weight)[0]
                    if taker == owner and len(MANAGERS) > 1:
                        taker = rnd.choice([m for m in MANAGERS if m != owner])
                if wait > 1800:
                    alerts.append((lead, "untaken", text_time(landed), text_time(landed + 1800 + rnd.uniform(0, 300))))
                t += wait
                life.append((t, taker, "taken", None, None, None, None))
                takes += 1
                owner, state = taker, "owned"
                worked_from = t
                continue
            if state == "owned":
                # Work the deal: stage moves, then an outcome.
                r = rnd.random()
                if r < 0.03 and takes < 3:  # handed back: not my profile
                    t += lognormal(3 * HOUR, 1.0)
                    life.append((t, owner, "returned", None, None, None, "не мой профиль, пусть возьмёт коллега"))
                    fill_windows.append((lead, worked_from, t, owner))
                    state, landed = "exchange", t
                    continue
                if r < 0.033 and takes < 3:  # forgotten: the sweep returns it
                    t += 14 * DAY + rnd.uniform(0, 6 * HOUR)
                    life.append((t, None, "swept", None, None, None, "no activity for 14d"))
                    fill_windows.append((lead, worked_from, t - 14 * DAY, owner))
                    state, landed = "exchange", t
                    continue
                if r < 0.038:  # the head hands it to a colleague
                    t += lognormal(DAY, 1.0)
                    other = rnd.choice([m for m in MANAGERS if m != owner])
                    life.append((t, HEAD, "reassigned", None, None, None, f"менеджер в отпуске; from {owner} to {other}"))
                    fill_windows.append((lead, worked_from, t, owner))
                    owner, worked_from = other, t
                    continue
                steps = rnd.choices([0, 1, 2, 3, 4, 5, 6], weights=[10, 22, 22, 18, 12, 9, 7])[0]
                position = STAGES.index(stage)
                for _ in range(steps):
                    if position + 1 >= len(STAGES):
                        break
                    # Mostly forward; a revision sometimes goes back to the proposal.
                    target = STAGES[position + 1]
                    span = lognormal(NORMS[stage] * 0.12, 1.0)
                    if span > NORMS[stage]:
                        alerts.append((lead, "stage_owner", text_time(stage_at), text_time(stage_at + NORMS[stage] + rnd.uniform(0, 900))))
                    t += span
                    life.append((t, owner, "stage_changed", stage, target, None, None))
                    stage, stage_at, position = target, t, position + 1
                t += lognormal(6 * HOUR, 1.1)
                outcome = rnd.choices(["won", "refused", "disqualified"], weights=[8 + 4 * STAGES.index(stage), 55, 6])[0]
                if outcome == "won":
                    if rnd.random() < 0.75:
                        amount = rnd.randint(15_000, 2_500_000) * 100
                        life.append((t - rnd.uniform(60, 3 * HOUR), owner, "amount_set", None, None, None, f"{amount // 100}.00"))
                    life.append((t, owner, "won", None, None, None, rnd.choice([None, "договор подписан", "оплата получена"])))
                    state = "won"
                    fill_windows.append((lead, worked_from, t, owner))
                    break
                if outcome == "disqualified":
                    life.append((t, owner, "disqualified", None, None, rnd.choice(DISQUALIFY), None))
                    state = "disqualified"
                    fill_windows.append((lead, worked_from, t, owner))
                    break
                reason = rnd.choices(REFUSALS, weights=REFUSAL_WEIGHTS)[0]
                note = "клиент не объяснил" if reason == "other" else rnd.choice([None, "перезвонить через месяц", "смотрят у конкурентов"])
                life.append((t, owner, "refused", None, None, reason, note))
                fill_windows.append((lead, worked_from, t, owner))
                state = "refused"
                refusal = (reason, note)
                # QA reviews it within a day or two.
                t += lognormal(20 * HOUR, 0.8)
                if rnd.random() < 0.8 or takes >= 3:
                    life.append((t, QA, "closed_lost", None, None, reason, "подтверждено звонком ОКК"))
                    state = "lost"
                    break
                if rnd.random() < 0.5:
                    life.append((t, QA, "reopened", None, None, None, "клиент готов обсудить скидку; to the exchange"))
                    state, landed, owner = "exchange", t, None
                else:
                    target = rnd.choice([m for m in MANAGERS if m != owner])
                    life.append((t, QA, "reopened", None, None, None, f"клиент готов обсудить скидку; to {target}"))
                    state, owner, worked_from = "owned", target, t
                continue
            break

        # Cut at now, replaying the kept steps to the lead's state now.
        kept = [e for e in life if e[0] <= now]
        state, owner, stage, stage_at, reason, reason_note, closed_by, amount_now = "exchange", None, "new", created, None, None, None, None
        for at, actor, action, frm, to, why, note in kept:
            if action == "taken":
                state, owner = "owned", actor
            elif action in ("returned", "swept"):
                state, owner = "exchange", None
            elif action == "reassigned":
                owner = note.rsplit(" to ", 1)[1]
            elif action == "stage_changed":
                stage, stage_at = to, at
            elif action == "amount_set":
                amount_now = int(note.split(".")[0]) * 100
            elif action == "won":
                state, closed_by = "won", actor
            elif action == "disqualified":
                state, reason, reason_note, closed_by = "disqualified", why, note, actor
            elif action == "refused":
                state, reason, reason_note = "refused", why, note
            elif action == "closed_lost":
                state, closed_by = "lost", actor
            elif action == "reopened":
                target = note.rsplit("; to ", 1)[1]
                reason, reason_note, closed_by = None, None, None
                if target == "the exchange":
                    state, owner = "exchange", None
                else:
                    state, owner = "owned", target
        for e in kept:
            events.append((e[0], lead) + e[1:])
        last_activity = max(e[0] for e in kept)
        leads.append([lead, contact, kind, name, ref, title, text, stage, state, owner, 0, reason, reason_note, closed_by,
                      created, stage_at, last_activity, amount_now])

    # Open windows end now; the fillers stay inside what was kept.
    open_owner = {l[0]: l[9] for l in leads if l[8] == "owned"}
    # A deal being worked now: its current owner's window runs from its last take to now.
    last_take = {}
    for e in events:
        if e[3] in ("taken", "reassigned") or (e[3] == "reopened" and not e[7].endswith("the exchange")):
            last_take[e[1]] = e[0]
    windows = [(lead, a, min(b, now), who) for lead, a, b, who in fill_windows if a < now]
    for lead, who in open_owner.items():
        windows.append((lead, last_take.get(lead, now - HOUR), now, who))
    windows = [w for w in windows if w[2] > w[1]]
    alerts = [a for a in alerts if a[3] <= text_time(now)]
    alerts = list({(a[0], a[1], a[2]): a for a in alerts}.values())

    missing = args.history - len(events)
    if missing < 0:
        sys.exit(f"the simulated lives already hold {len(events)} history lines, more than --history {args.history}")
    reminders = []
    for _ in range(missing):
        lead, a, b, who = windows[rnd.randrange(len(windows))]
        at = rnd.uniform(a, b)
        kind = rnd.random()
        if kind < 0.55:
            events.append((at, lead, who, "note", None, None, None, rnd.choice(
                ["позвонил, обсудили объём", "отправил КП на почту", "клиент просит перезвонить после обеда",
                 "уточнили сроки поставки", "согласовываем доставку"])))
        elif kind < 0.80:
            events.append((at, lead, None, "mail_received", None, None, None, "a reply from the client: Re: КП"))
        else:
            due = at + rnd.uniform(2 * HOUR, 3 * DAY)
            note = "перезвонить по КП"
            events.append((at, lead, who, "reminder_set", None, None, None, f"{text_time(due)} UTC: {note}"))
            reminders.append((lead, who, at, due, note))
    # Fillers count as activity (a note, a mail from the client), reminders do not.
    last = {l[0]: l[16] for l in leads}
    for e in events:
        if e[3] in ("note", "mail_received") and e[0] > last[e[1]]:
            last[e[1]] = e[0]
    for l in leads:
        l[16] = last[l[0]]
    events.sort(key=lambda e: (e[0], e[1]))
    simulated = time.monotonic() - started

    db = sqlite3.connect(args.database, isolation_level=None)
    db.execute("BEGIN")
    db.executemany("INSERT INTO contact (id, name, company, notes, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)",
                   [(c[0], c[1], c[2], c[3], c[3]) for c in contacts])
    db.executemany("INSERT INTO contact_phone (contact_id, phone) VALUES (?, ?)", phones)
    db.executemany("INSERT INTO contact_email (contact_id, email) VALUES (?, ?)", emails)
    db.executemany(
        """INSERT INTO lead (id, contact_id, source_kind, source_name, source_ref, title, text, stage, status, owner, keep,
           reason, reason_note, closed_by, created_at, stage_entered_at, last_activity_at, amount_kopecks)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [l[:14] + [text_time(l[14]), text_time(l[15]), text_time(l[16]), l[17]] for l in leads])
    db.executemany(
        "INSERT INTO history (lead_id, at, actor, action, from_stage, to_stage, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((e[1], text_time(e[0])) + e[2:] for e in events))
    db.executemany(
        "INSERT INTO reminder (lead_id, created_by, created_at, due_at, note, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
        ((lead, who, text_time(at), text_time(due), note, text_time(due + 5) if due + 5 <= now else None)
         for lead, who, at, due, note in reminders))
    db.executemany("INSERT INTO lead_alert (lead_id, kind, since, sent_at) VALUES (?, ?, ?, ?)", alerts)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {s: n for s, n in db.execute("SELECT status, count(*) FROM lead GROUP BY status")}
    loads = db.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM lead WHERE status = 'owned' GROUP BY owner)").fetchone()[0]
    print(f"{len(leads)} leads ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), {len(contacts)} contacts, "
          f"{len(events)} history lines, {len(reminders)} reminders, {len(alerts)} alerts; largest open load {loads}; "
          f"simulated in {simulated:.1f} s, written in {time.monotonic() - started - simulated:.1f} s")


if __name__ == "__main__":
    main()
