"""Import files as volunteers make them, for the tests and for measuring speed.

    .venv/bin/python -m tests.importing.sample 10000 > var/initiatives-10000.csv

writes a file of that many rows (Windows-1256, semicolons, CRLF: what Excel on an Arabic
Windows saves) using the communes, sectors and partners of the configured database.
"""

import csv
import io
import sys

HEADER_AR = [
    "المرجع",
    "العنوان بالعربية",
    "العنوان بالفرنسية",
    "الملخص بالعربية",
    "الجماعات",
    "القطاع",
    "الحالة",
    "نسبة الإنجاز",
    "الميزانية المتوقعة",
    "المبلغ المصروف",
    "تاريخ البداية",
    "تاريخ الانتهاء المتوقع",
    "الأصل",
    "مرجع الأصل",
    "التمويلات",
]
STATUSES = ["مبرمجة", "في طور الإنجاز", "منجزة", "متعثرة", "en cours", "proposed"]


def progress_of(status: str, value: int) -> int:
    """A progress that agrees with the status: none before the start, all when completed."""
    return {"مبرمجة": 0, "proposed": 0, "منجزة": 100}.get(status, value)


def rows(n: int, *, communes: list[str], sectors: list[str], partners: list[str]) -> list[list]:
    """n rows in Arabic, amounts written "1.250.000" and dates "15/03/2024"."""
    made = []
    for i in range(1, n + 1):
        budget = 100_000 * (i % 97 + 1)
        made.append(
            [
                f"imp-{i:05d}",
                f"تأهيل المسلك القروي رقم {i}",
                f"Réhabilitation de la piste rurale n° {i}",
                f"تأهيل مسلك قروي بطول {i % 9 + 1} كلم.",
                communes[i % len(communes)],
                sectors[i % len(sectors)],
                STATUSES[i % len(STATUSES)],
                f"{progress_of(STATUSES[i % len(STATUSES)], i % 101)}%",
                f"{budget:,}".replace(",", "."),
                f"{budget // 2:,}".replace(",", " "),
                f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/2023",
                f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/2026",
                "برنامج عمل الجماعة",
                f"PAC 2022-2027 / {i}",
                f"{partners[i % len(partners)]}: {budget // 4:,}".replace(",", "."),
            ]
        )
    return made


def csv_bytes(
    table: list[list], *, header=HEADER_AR, encoding="cp1256", delimiter=";", bom=False
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(table)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding)


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "azemmour_portal.settings.dev")
    django.setup()
    from communes.models import Commune
    from initiatives.models import Partner, Sector

    def names(model):
        # Windows-1256 has no capital accented letters: Excel would write «?» for them.
        found = model.objects.values_list("name_ar", flat=True)
        return [name for name in found if name.encode("cp1256", "ignore").decode("cp1256") == name]

    made = rows(
        int(sys.argv[1]), communes=names(Commune), sectors=names(Sector), partners=names(Partner)
    )
    sys.stdout.buffer.write(csv_bytes(made))
