#!/usr/bin/env python3
"""Builds a deterministic corpus of realistic Russian sales mail: gen_corpus.py OUTDIR [COUNT]."""
import base64, os, quopri, random, sys

WORDS = ("здравствуйте добрый день просим выставить счёт на поставку оборудования сроки доставки склад Москва "
         "Екатеринбург цена скидка объём партия договор оплата безнал НДС менеджер коммерческое предложение "
         "интересует возможность монтажа гарантия сервис каталог модель артикул количество штук срочно "
         "уточните пожалуйста наличие спасибо с уважением компания отдел закупок").split()
NAMES = ["Иван Петров", "Анна Смирнова", "Олег Кузнецов", "Мария Иванова", "Сергей Орлов", "Елена Волкова"]
COMPANIES = ["ООО «Ромашка»", "АО «Техсервис»", "ИП Сидоров", "ООО «СтройМир»"]


def para(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body_text(rng, size):
    out = []
    while sum(len(p) for p in out) < size:
        out.append(para(rng, rng.randint(12, 30)))
    return "\n\n".join(out)


def phone(rng):
    d = "9%02d%03d%02d%02d" % (rng.randint(0, 99), rng.randint(0, 999), rng.randint(0, 99), rng.randint(0, 99))
    return rng.choice(["+7 (%s) %s-%s-%s" % (d[:3], d[3:6], d[6:8], d[8:]), "8 %s %s %s %s" % (d[:3], d[3:6], d[6:8], d[8:]), "8" + d])


def ew(text, cs="utf-8"):
    return "=?%s?B?%s?=" % (cs, base64.b64encode(text.encode(cs)).decode())


def encode(text, cs, cte):
    raw = text.encode(cs)
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte == "quoted-printable":
        return quopri.encodestring(raw.replace(b"\n", b"\r\n"))
    return raw.replace(b"\n", b"\r\n")


def headers(rng, k, subject, cs="utf-8", extra=""):
    name = rng.choice(NAMES)
    return ("Return-Path: <client%d@example.ru>\r\n"
            "Received: from mx%d.example.ru (mx.example.ru [10.0.%d.%d]) by mx.leadex.test with ESMTPS id %x\r\n"
            "\tfor <sales@leadex.test>; Tue, 12 Mar 2024 10:%02d:00 +0300\r\n"
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.ru; s=mail; h=from:to:subject:date;\r\n"
            "\tbh=%s;\r\n\tb=%s\r\n"
            "From: %s <client%d@example.ru>\r\n"
            "To: sales@leadex.test\r\n"
            "Subject: %s\r\n"
            "Date: Tue, 12 Mar 2024 10:%02d:00 +0300\r\n"
            "Message-ID: <msg%d.%d@example.ru>\r\n"
            "MIME-Version: 1.0\r\n%s" % (k, k % 7, k % 250, k % 200, k * 7919, k % 60,
                                        base64.b64encode(rng.randbytes(32)).decode(), base64.b64encode(rng.randbytes(128)).decode(),
                                        ew(name, cs), k, ew(subject, cs), k % 60, k, rng.randint(0, 1 << 30), extra))


def plain(rng, k):
    cs, label = rng.choice([("utf-8", "utf-8"), ("cp1251", "windows-1251"), ("koi8-r", "koi8-r")])
    cte = rng.choice(["base64", "quoted-printable", "8bit"])
    text = body_text(rng, 1700) + "\n\nС уважением,\n%s\nтел. %s" % (rng.choice(NAMES), phone(rng))
    h = headers(rng, k, "Запрос цены N%d" % k, cs) + "Content-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n" % (label, cte)
    return h.encode() + encode(text, cs, cte)


def alternative(rng, k):
    text = body_text(rng, 800) + "\n\nТелефон: " + phone(rng)
    html = "<html><head><style>p{margin:0}</style></head><body>" + "".join("<p>%s</p>" % p for p in text.split("\n\n")) + "</body></html>"
    h = headers(rng, k, "Re: Коммерческое предложение", "utf-8", "In-Reply-To: <offer%d@leadex.test>\r\n" % k)
    h += "Content-Type: multipart/alternative; boundary=\"alt%d\"\r\n\r\n" % k
    return (h + "--alt%d\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" % k).encode() \
        + encode(text, "utf-8", "quoted-printable") \
        + ("\r\n--alt%d\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" % k).encode() \
        + encode(html, "utf-8", "base64") + ("--alt%d--\r\n" % k).encode()


def form(rng, k):
    name, comp = rng.choice(NAMES), rng.choice(COMPANIES)
    msg = body_text(rng, 400)
    if rng.random() < 0.5:
        text = "Новая заявка с сайта\n\nИмя: %s\nТелефон: %s\nE-mail: lead%d@mail.ru\nКомпания: %s\nСообщение: %s\nСтраница: https://site.ru/catalog/%d\n" % (
            name, phone(rng), k, comp, msg, k)
        ctype, payload = "text/plain", text
    else:
        rows = [("Имя", name), ("Телефон", phone(rng)), ("Email", "lead%d@mail.ru" % k), ("Компания", comp), ("Комментарий", msg), ("utm_source", "yandex")]
        payload = "<html><body><h2>Заявка с сайта</h2><table>" + "".join("<tr><td><b>%s</b></td><td>%s</td></tr>" % r for r in rows) + "</table>" \
            + "<div style='color:#999'>" + body_text(rng, 700) + "</div></body></html>"
        ctype = "text/html"
    h = headers(rng, k, "Заявка с сайта site.ru", "utf-8").replace("client%d@example.ru>" % k, "noreply@site.ru>", 1)
    h += "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" % ctype
    return h.encode() + encode(payload, "utf-8", "base64")


def mixed(rng, k):
    text = body_text(rng, 700) + "\n\nМой номер " + phone(rng)
    att = rng.randbytes(1100)
    fname = "Реквизиты %d.pdf" % k
    h = headers(rng, k, "Реквизиты для договора", "windows-1251") + "Content-Type: multipart/mixed; boundary=\"mix%d\"\r\n\r\n" % k
    return (h + "This is a multi-part message in MIME format.\r\n\r\n--mix%d\r\nContent-Type: text/plain; charset=windows-1251\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n" % k).encode() + encode(text, "cp1251", "quoted-printable") \
        + ("\r\n--mix%d\r\nContent-Type: application/pdf; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" % (k, ew(fname), ew(fname))).encode() + base64.encodebytes(att) + ("--mix%d--\r\n" % k).encode()


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20240312)
    kinds = [plain, plain, alternative, form, mixed]
    total = 0
    for k in range(count):
        data = kinds[k % len(kinds)](rng, k)
        total += len(data)
        with open(os.path.join(out, "%05d.eml" % k), "wb") as f:
            f.write(data)
    print("corpus: %d messages, %.1f MB, avg %.1f KB" % (count, total / 1e6, total / count / 1e3))


main()
