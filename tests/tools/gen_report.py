#!/usr/bin/env python3
"""Write synthetic monitoring reports in the seed's Markdown shape.

usage: gen_report.py OUTDIR ITEMS [PER_FILE]

Items are spread over the five sections and over months of 2024-2025 (the
period named in each file's intro), in Russian and Kazakh, each with a
day-month date and one or two sources. Deterministic: the same arguments
give the same files.  Prints the files written.
"""
import os
import random
import sys

SECTIONS = [
    "Свобода выражения мнения и доступ к информации",
    "Защита персональных данных",
    "Кибербезопасность и инфраструктура",
    "Правовое регулирование",
    "Судебные прецеденты",
]
RU_MONTHS_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль",
                 "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня",
                 "июля", "августа", "сентября", "октября", "ноября", "декабря"]
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде",
             "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]
RU_WORDS = ("сайт издания блокировка аккаунт журналиста утечка данных "
            "кибератака закон поправки суд штраф министерство платформа "
            "пользователи доступ информация расследование публикация").split()
KK_WORDS = ("сайт басылым бұғаттау аккаунт журналист деректер шабуыл заң "
            "түзетулер сот айыппұл министрлік платформа пайдаланушылар "
            "ақпарат тергеу жарияланым").split()


def item(rng, n, month):
    kk = n % 3 == 2
    words = KK_WORDS if kk else RU_WORDS
    title = " ".join(rng.choice(words) for _ in range(7)).capitalize()
    title += " №%d" % n
    day = rng.randint(1, 28)
    if kk:
        date = "%d %sта" % (day, KK_MONTHS[month - 1])
    else:
        date = "%d %s" % (day, RU_MONTHS_GEN[month - 1])
    sents = []
    for _ in range(rng.randint(2, 5)):
        sents.append(" ".join(rng.choice(words)
                              for _ in range(rng.randint(8, 16))).capitalize() + ".")
    sents.insert(1, date.capitalize() + " " + " ".join(rng.choice(words) for _ in range(6)) + ".")
    srcs = ["<https://news%d.example.kz/%d/%d?utm_source=tg>" % (n % 17, month, n)]
    if n % 5 == 0:
        srcs.append("<https://t.me/kuzet_demo/%d>" % n)
    return "### **%s**\n\n%s\n\n%s\n" % (title, " ".join(sents), "\n".join(srcs))


def main():
    outdir, total = sys.argv[1], int(sys.argv[2])
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(42)
    n = 0
    f = 0
    while n < total:
        count = min(per_file, total - n)
        month = f % 12 + 1
        year = 2024 + (f // 12) % 2
        yy = year % 100
        path = os.path.join(outdir, "report-%03d.md" % f)
        with open(path, "w", encoding="utf-8") as out:
            out.write("Мониторинг цифровых прав за %s %d – %s %d года.\n\n"
                      % (RU_MONTHS_NOM[month - 1], yy, RU_MONTHS_NOM[month - 1], yy))
            per_sec = (count + 4) // 5
            for s, name in enumerate(SECTIONS):
                k = min(per_sec, count - s * per_sec)
                if k <= 0:
                    break
                out.write("## **%d. %s**\n\n" % (s + 1, name))
                for _ in range(k):
                    out.write(item(rng, n, month) + "\n")
                    n += 1
        print(path)
        f += 1


if __name__ == "__main__":
    main()
