#!/usr/bin/env python3
"""Writes COUNT realistic Russian form submissions as a JSON feed (feed.json, the layout of the
test form server) and as a CSV sheet (feed.csv, UTF-8 with BOM, CRLF), into DIR.

    gen_feed.py DIR COUNT
"""
import csv
import json
import random
import sys

FIRST = ["Анна", "Пётр", "Ольга", "Игорь", "Мария", "Сергей", "Елена", "Дмитрий", "Татьяна", "Алексей", "Наталья", "Михаил"]
LAST = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков"]
COMPANIES = ["ООО «Ромашка»", "АО «Строймонтаж»", "ИП Васильев", "ООО «Вектор»", "ООО «Северный ветер»", ""]
ASKS = [
    "Нужен расчёт на {n} офисных столов с доставкой в {city}.",
    "Пришлите коммерческое предложение на {n} кресел, бюджет около {b} тыс. руб.",
    "Перезвоните, пожалуйста, после обеда: вопрос по оплате счёта №{n}.",
    "Есть ли в наличии шкафы-купе? Нужно {n} штук, самовывоз из {city}.",
    "Интересует монтаж перегородок в офисе {n} м², срок — до конца месяца.",
]
CITIES = ["Москва", "Казань", "Екатеринбург", "Новосибирск", "Самара", "Пермь"]


def main():
    directory, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(42)
    items = []
    for i in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        female = first in ("Анна", "Ольга", "Мария", "Елена", "Татьяна", "Наталья")
        name = "%s %s%s" % (first, last, "а" if female else "")
        phone = "8 (9%02d) %03d-%02d-%02d" % (rng.randrange(100), rng.randrange(1000), rng.randrange(100), rng.randrange(100))
        email = "client%d@example.ru" % i if rng.random() < 0.7 else ""
        ask = rng.choice(ASKS).format(n=rng.randrange(2, 500), b=rng.randrange(50, 900), city=rng.choice(CITIES))
        items.append({
            "id": i,
            "created_at": "2026-11-%02dT%02d:%02d:%02dZ" % (1 + i // 5000, (i // 60) % 24, i % 60, (i * 7) % 60),
            "form": rng.choice(["Обратный звонок", "Запрос КП", "Заказ"]),
            "name": name,
            "phone": phone,
            "email": email,
            "company": rng.choice(COMPANIES),
            "comment": ask,
            "page": "https://example.ru/catalog/%d" % rng.randrange(1, 40),
            "utm_source": rng.choice(["yandex", "google", "vk", ""]),
        })
    with open(directory + "/feed.json", "w", encoding="utf-8") as out:
        json.dump({"data": {"submissions": items}}, out, ensure_ascii=False)
    with open(directory + "/feed.csv", "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(list(items[0].keys()))
        for item in items:
            writer.writerow(list(item.values()))


if __name__ == "__main__":
    main()
