#!/usr/bin/env python3
"""Writes the .eml fixtures under Fixtures/. Run once; the bytes are committed, tests never run this."""
import base64, quopri, os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures")
os.makedirs(OUT, exist_ok=True)

RU = "Здравствуйте! Хотим заказать 50 столов. Перезвоните, пожалуйста: +7 (912) 345-67-89.\nС уважением, Пётр Сидоров"


def ew_b(text, charset):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset)).decode())


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def simple(name, charset, label, cte, subject_charset=None, body=RU, extra=b""):
    raw = body.encode(charset)
    if cte == "base64":
        payload = base64.encodebytes(raw)
    elif cte == "quoted-printable":
        payload = quopri.encodestring(raw)
    else:
        payload = raw.replace(b"\n", b"\r\n") + b"\r\n"
    subj = ew_b("Запрос цены", subject_charset or charset)
    head = (
        "From: %s <petr@example.ru>\r\n"
        "To: sales@leadex.test\r\n"
        "Subject: %s\r\n"
        "Date: Tue, 12 Mar 2024 10:30:00 +0300\r\n"
        "Message-ID: <%s@example.ru>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=%s\r\n"
        "Content-Transfer-Encoding: %s\r\n" % (ew_b("Пётр Сидоров", subject_charset or charset), subj, name, label, cte)
    ).encode() + extra + b"\r\n"
    write(name + ".eml", head + payload)


simple("utf8_qp", "utf-8", "utf-8", "quoted-printable")
simple("cp1251_base64", "cp1251", "windows-1251", "base64")
simple("koi8r_8bit", "koi8-r", "koi8-r", "8bit")
simple("iso88595_qp", "iso-8859-5", "iso-8859-5", "quoted-printable")
simple("cp866_base64", "cp866", "ibm866", "base64")
simple("maccyrillic_8bit", "mac-cyrillic", "x-mac-cyrillic", "8bit")
simple("latin1_qp", "latin-1", "iso-8859-1", "quoted-printable", subject_charset="utf-8", body="Grüße aus Köln! Wir möchten 5 Stühle bestellen. Tel. +49 221 1234567")
# Unknown label over cp1251 bytes: must decode by guessing and raise the fallback flag.
simple("unknown_charset", "cp1251", "x-cyrillic-unknown", "8bit", subject_charset="utf-8")

# Subject split into several encoded words across folded lines, splitting a multibyte character.
subj_bytes = "Коммерческое предложение — срочно".encode("utf-8")
chunks = [subj_bytes[0:13], subj_bytes[13:31], subj_bytes[31:]]
words = ["=?UTF-8?B?%s?=" % base64.b64encode(c).decode() for c in chunks]
write("split_subject.eml", (
    "From: \"Иванов Иван\" <Ivan@Example.RU>\r\n"
    "Reply-To: ivan.personal@example.ru\r\n"
    "Subject: %s\r\n %s\r\n\t%s\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n" % tuple(words)).encode() + "Добрый день, нужна консультация.\r\n".encode())

write("form_plain.eml", (
    "From: WordPress <wordpress@site.ru>\r\n"
    "Subject: =?UTF-8?B?%s?=\r\n"
    "Message-ID: <form1@site.ru>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n" % base64.b64encode("Заявка с сайта site.ru".encode()).decode()).encode()
    + base64.encodebytes(("Новая заявка с сайта\n\nИмя: Анна Смирнова\nТелефон: 8 (900) 123-45-67\nE-mail: anna@mail.ru\n"
                          "Компания: ООО «Ромашка»\nСообщение: Нужен расчёт на 20 шкафов.\nДоставка в Казань.\n"
                          "Страница: https://site.ru/catalog\nIP: 10.0.0.1\n").encode()))

html_form = ("<html><head><title>x</title><style>td{color:red}</style></head><body>"
             "<h2>Обратный звонок</h2><table>"
             "<tr><td><b>Имя</b></td><td>Иван&nbsp;Петров</td></tr>"
             "<tr><td>Телефон:</td><td>+7&nbsp;912&nbsp;000-11-22</td></tr>"
             "<tr><td>Email</td><td><a href=\"mailto:ivan@corp.ru\">ivan@corp.ru</a></td></tr>"
             "<tr><td>Комментарий</td><td>Перезвоните после 18:00 &laquo;срочно&raquo; &#1055;&#x41F;</td></tr>"
             "<tr><td>utm_source</td><td>yandex</td></tr>"
             "</table><script>alert(1)</script></body></html>")
write("form_html_table.eml", (
    "From: noreply@shop.ru\r\n"
    "Subject: =?utf-8?Q?=D0=9E=D0=B1=D1=80=D0=B0=D1=82=D0=BD=D1=8B=D0=B9_=D0=B7=D0=B2=D0=BE=D0=BD=D0=BE=D0=BA?=\r\n"
    "Content-Type: text/html; charset=\"utf-8\"\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + quopri.encodestring(html_form.encode()))

write("reply.eml", (
    "From: =?koi8-r?B?%s?= <client@firm.ru>\r\n"
    "To: manager@leadex.test\r\n"
    "Subject: Re: =?utf-8?B?%s?=\r\n"
    "In-Reply-To: <offer-17@leadex.test>\r\n"
    "References: <req-1@firm.ru>\r\n <offer-17@leadex.test>\r\n"
    "Message-ID: <reply-2@firm.ru>\r\n"
    "Date: 5 Mar 24 09:15 GMT\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n" % (base64.b64encode("Олег Кузнецов".encode("koi8-r")).decode(),
                                                         base64.b64encode("Коммерческое предложение".encode()).decode())).encode()
    + ("Согласны, выставляйте счёт. Мой мобильный 8-916-555-44-33.\r\n\r\n"
       "-----Original Message-----\r\nFrom: Менеджер\r\n\r\n"
       "> Добрый день! Наш телефон 8-800-555-35-35\r\n> Цена 15 000 руб.\r\n").encode())

write("autoreply.eml", (
    "From: client@firm.ru\r\nSubject: =?utf-8?B?%s?=\r\nAuto-Submitted: auto-replied\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n" % base64.b64encode("Автоматический ответ: В отпуске".encode()).decode()).encode()
    + "Я в отпуске до 20 марта.\r\n".encode())

write("bounce.eml", (
    "From: Mail Delivery System <MAILER-DAEMON@mx.leadex.test>\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\n"
    "Auto-Submitted: auto-replied\r\n"
    "Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"BOUND1\"\r\n\r\n"
    "This is a MIME-encapsulated message.\r\n\r\n"
    "--BOUND1\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
    "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
    "--BOUND1\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.leadex.test\r\n\r\nFinal-Recipient: rfc822; nobody@nowhere.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
    "--BOUND1\r\nContent-Type: message/rfc822\r\n\r\n"
    "From: manager@leadex.test\r\nTo: nobody@nowhere.test\r\nSubject: Offer\r\n\r\nHello\r\n"
    "--BOUND1--\r\n").encode())

inner = ("From: =?utf-8?B?%s?= <maria@client.ru>\r\n"
         "Subject: =?utf-8?B?%s?=\r\n"
         "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
         "--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nНужна поставка бумаги, тел. 89031234567\r\n"
         "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Нужна поставка бумаги</p>\r\n"
         "--inner--\r\n") % (base64.b64encode("Мария".encode()).decode(), base64.b64encode("Запрос".encode()).decode())
write("nested_rfc822.eml", (
    "From: boss@leadex.test\r\nSubject: Fwd: Request\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
    "--outer\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n"
    + inner + "\r\n--outer--\r\n").encode())

fname = "Коммерческое предложение 2024.pdf".encode()
enc = "".join("%%%02X" % b if not (48 <= b < 58 or 65 <= b < 91 or 97 <= b < 123 or b in b".-") else chr(b) for b in fname)
half = len(enc) // 2
while enc[half - 1] == "%" or enc[half - 2] == "%":
    half += 1
pdf = b"%PDF-1.4\n" + bytes(range(256)) * 4
write("rfc2231_filename.eml", (
    "From: client@firm.ru\r\nSubject: Documents\r\n"
    "Content-Type: multipart/mixed; boundary=\"b2231\"\r\n\r\n"
    "--b2231\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nВо вложении КП.\r\n"
    "--b2231\r\nContent-Type: application/pdf; name=\"=?utf-8?B?%s?=\"\r\n"
    "Content-Disposition: attachment;\r\n filename*0*=utf-8''%s;\r\n filename*1*=%s\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n" % (base64.b64encode(fname).decode(), enc[:half], enc[half:])).encode()
    + base64.encodebytes(pdf) +
    ("--b2231\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename=\"=?windows-1251?B?%s?=\"\r\n"
     "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b2231--\r\n" % base64.b64encode("схема.png".encode("cp1251")).decode()).encode())

write("alternative.eml", (
    "From: client@firm.ru\r\nSubject: alt\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
    "--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    + quopri.encodestring("Простой текст версии письма, достаточно длинный чтобы проверить мягкие переносы строк в quoted-printable кодировке.".encode()).decode()
    + "\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML версия</p>\r\n--alt--\r\n").encode())

write("html_only.eml", (
    "From: client@firm.ru\r\nSubject: html\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
    "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n"
    "--alt\r\nContent-Type: text/html; charset=windows-1251\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode()
    + base64.encodebytes("<div>Первая строка<br>вторая&nbsp;строка</div><p>Абзац</p><ul><li>пункт</li><li>ещё</li></ul>".encode("cp1251"))
    + b"--alt--\r\n")

write("truncated.eml", (
    "From: client@firm.ru\r\nSubject: cut\r\nContent-Type: multipart/mixed; boundary=\"cut\"\r\n\r\n"
    "--cut\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nНачало письма\r\n"
    "--cut\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK").encode())

write("bad_boundary.eml", (
    "From: client@firm.ru\r\nSubject: wrong boundary\r\nContent-Type: multipart/alternative; boundary=\"declared\"\r\n\r\n"
    "--actual\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nТекст при неверной границе\r\n--actual--\r\n").encode())

write("invalid_base64.eml", (
    "From: client@firm.ru\r\nSubject: b64\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode()
    + b"0J/RgNC4\r\n!!\xd0\xb2\xd0\xb5\xd1\x82\r\n0LLQtdGC\r\n0JzQuNGA")

write("header_8bit.eml", b"From: \xc8\xe2\xe0\xed <ivan@example.ru>\r\n"
      + "Subject: Заказ окон\r\n".encode()
      + b"X-Bad header line\r\nContent-Type: text/plain\r\n\r\n"
      + "Телефон 8 912 345 67 89".encode("cp1251") + b"\r\n")
print("fixtures written to", OUT)
