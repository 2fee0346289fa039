"""Importing 20,000 members from an XLSX file (target: under two minutes), then the same file
again (nothing to write).

Runs `manage.py import_members` in a subprocess on a temporary SQLite database, so it measures
what an operator would wait for, and leaves nothing behind.
"""

from pathlib import Path

from openpyxl import Workbook

from portal.workload.bench import manage, temporary_portal

MEMBERS = 20_000
CELLS = [(f"Chi bộ Khoa số {n}", f"CB {n}") for n in range(1, 21)]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Ngọc", "Quốc", "Thanh", "Đức"]
GIVEN = ["An", "Ánh", "Bảo", "Cúc", "Dũng", "Đức", "Gấm", "Hiếu", "Khánh", "Lan", "Nhựt", "Yến"]
POSITIONS = ["Đảng viên"] * 8 + ["Bí thư", "Phó Bí thư", "Đảng ủy viên", "Ủy viên UBKT"]
STATUSES = ["Chính thức"] * 5 + ["Dự bị"]


def _workbook(path):
    workbook = Workbook()  # not write_only: like Excel's files, it records the sheet's size
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Email", "Chi bộ", "Chức vụ", "Trạng thái", "Điện thoại"])
    for n in range(MEMBERS):
        name = f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 8]} {GIVEN[n // 80 % 12]}"
        sheet.append(
            [
                n + 1,
                name,
                f"dang.vien.{n}@dangbo.example.vn",
                CELLS[n % len(CELLS)][1 if n % 2 else 0],
                POSITIONS[n % len(POSITIONS)],
                STATUSES[n % len(STATUSES)],
                912_000_000 + n,  # a number cell, as Excel stores phone numbers
            ]
        )
    workbook.save(path)


def run(results):
    with temporary_portal("bench-members-") as (tmp, env):
        cells = "from portal.models import PartyCell\n" + "".join(
            f"PartyCell.objects.create(name={name!r}, short_name={short!r})\n"
            for name, short in CELLS
        )
        manage(env, "shell", "-c", cells)
        path = Path(tmp) / "members.xlsx"
        _workbook(path)
        print(f"  {MEMBERS} rows in {path.stat().st_size // 1024} KiB", flush=True)

        seconds, output = manage(env, "import_members", str(path))
        print("  " + output.strip().splitlines()[-1], flush=True)
        results["import_members_20000_xlsx_seconds"] = round(seconds, 1)
        results["import_members_20000_xlsx_under_2_minutes"] = seconds < 120

        seconds, output = manage(env, "import_members", str(path))
        print("  " + output.strip().splitlines()[-1], flush=True)
        results["import_members_20000_xlsx_again_unchanged_seconds"] = round(seconds, 1)
