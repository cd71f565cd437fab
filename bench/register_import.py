#!/usr/bin/env python
"""Benchmark: the province OCOP officer imports a register of 3,000 recognitions (rating.register).

    .venv/bin/python bench/register_import.py [--rows 3000] [--producers 300] [--database-url URL] [--keep]

1. A scratch database (harness.ScratchDatabase: a temporary SQLite file by default), migrated, with the demo
   organisation (org.demo.seed_org: Hậu Giang, its districts and communes, tinh.haugiang) and `--producers`
   producers already in the portal (some of whose names the register writes differently: near matches). Not
   measured.
2. An .xlsx of `--rows` rows in the register's columns: products of new and existing producers, one row in ten
   without a decision number, one in five without a validity date.
3. In a fresh child process (so the peak RSS is one worker's): the preview (`register.preview`, what the page's
   upload does), then the apply with a choice for every near match (`register.apply`), then the apply again
   (a second import of the same file, which must change nothing). Wall-clock seconds, peak RSS and SQL statements.
4. Checks the counts (certificates == rows, one history row each) and prints the figures; the goal is the whole
   import (preview + apply) under 60 s.
"""

import argparse
import io
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
for folder in (BENCH.parent, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from harness import ROOT, QueryCounter, ScratchDatabase, configure_environment, django_setup, rss_peak_mb  # noqa: E402

GOAL_SECONDS = 60
PROVINCE = "93"
PRODUCTS = ["Trà mãng cầu", "Mật ong hoa tràm", "Bánh pía", "Cá thát lát", "Khô cá lóc", "Gạo thơm", "Nước mắm",
            "Rượu nếp", "Chuối sấy", "Tinh dầu sả", "Mắm cá linh", "Bột sen", "Kẹo dừa", "Trà gừng",
            "Lạp xưởng"]  # fmt: skip
KINDS = ["Cơ sở sản xuất", "Hợp tác xã", "Tổ hợp tác", "Hộ kinh doanh", "Công ty TNHH"]
NAMES = ["Phụng Phát", "Thuận Hòa", "Ba Tư", "Mỹ Lợi", "Tân Phú", "Hòa An", "Long Trị", "Vĩnh Viễn", "Xà Phiên",
         "Lương Tâm", "Bình Minh", "Phước Lộc", "Kim Ngân", "Hưng Thịnh", "Quang Vinh"]  # fmt: skip


def seed(n_producers, rng):
    """The organisation and the existing producers. Returns the communes (code, name)."""
    import secrets

    from org.demo import seed_org
    from org.enums import Level
    from org.models import AdministrativeUnit
    from products.enums import LegalForm
    from products.models import Producer

    seed_org(secrets.token_urlsafe(16))
    communes = list(AdministrativeUnit.objects.filter(path__startswith=f"/{PROVINCE}/", level=Level.COMMUNE))
    producers = [
        Producer(name=f"{rng.choice(KINDS)} {NAMES[i % len(NAMES)]} {i}", legal_form=LegalForm.COOPERATIVE,
                 representative="Nguyễn Văn A", commune=communes[i % len(communes)])
        for i in range(n_producers)
    ]  # fmt: skip
    Producer.objects.bulk_create(producers)
    return [(unit.code, unit.name) for unit in communes], [(p.name, p.commune.code) for p in producers]


def register_rows(n_rows, communes, producers, rng):
    from rating.register import reading

    rows = []
    for i in range(n_rows):
        if i % 3 == 0 and producers:  # an existing producer, every tenth of them written the long way
            name, code = producers[i % len(producers)]
            if i % 30 == 0:
                name = name.replace("Hợp tác xã", "HTX") if "Hợp tác xã" in name else name.replace("Công ty", "Cty")
        else:
            code = communes[i % len(communes)][0]
            name = f"{rng.choice(KINDS)} {rng.choice(NAMES)} số {i}"
        decided = date(2021, 1, 1) + timedelta(days=rng.randrange(1800))
        rows.append({
            reading.PRODUCT: f"{PRODUCTS[i % len(PRODUCTS)]} {i}", reading.PRODUCER: name, reading.COMMUNE: code,
            reading.LEGAL_FORM: "HTX" if "Hợp tác xã" in name else "", reading.GROUP: "Thực phẩm",
            reading.ADDRESS: f"Ấp {i % 9 + 1}", reading.STARS: rng.choice([3, 3, 3, 4, 4, 5]),
            reading.DECISION_NUMBER: "" if i % 10 == 0 else f"{i}/QĐ-UBND",
            reading.DECISION_DATE: decided.strftime("%d/%m/%Y"),
            reading.RECOGNISED_BY: rng.choice(["UBND tỉnh Hậu Giang", "UBND huyện Long Mỹ", "UBND thành phố Cần Thơ"]),
            reading.VALID_UNTIL: None if i % 5 == 0 else decided.replace(year=decided.year + 3) - timedelta(days=1),
        })  # fmt: skip
    return rows


def write_workbook(rows, path):
    from openpyxl import Workbook

    from rating.register import reading

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(reading.COLUMNS))
    for values in rows:
        sheet.append([values.get(column) for column in reading.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def child(path):
    """The measured requests, in this process; prints one JSON line."""
    django_setup()
    from django.db import connection

    from org.models import AdministrativeUnit
    from rating import register
    from rating.models import Certificate

    province = AdministrativeUnit.objects.get(code=PROVINCE)
    content = Path(path).read_bytes()
    figures = {}
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        plan = register.preview(province, content)
        figures["preview_s"] = time.perf_counter() - t0
        assert not plan.problems, plan.problems[:5]
        choices = {match.token: str(match.candidates[0][0]) for match in plan.near}
        figures["near"] = len(plan.near)
        t1 = time.perf_counter()
        done = register.apply(province, content, choices)
        figures["apply_s"] = time.perf_counter() - t1
        figures["queries"] = counter.total
        t2 = time.perf_counter()
        again = register.apply(province, content, choices)
        figures["second_apply_s"] = time.perf_counter() - t2
    figures.update(done.counts)
    figures["second_new"] = again.counts["new"]
    figures["certificates"] = Certificate.objects.count()
    figures["certificate_history"] = Certificate.history.count()
    figures["peak_rss_mb"] = rss_peak_mb()
    print(json.dumps(figures))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--producers", type=int, default=300)
    parser.add_argument("--database-url")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    database = ScratchDatabase(args.database_url, keep=args.keep)
    try:
        configure_environment(database.url, database.tmpdir / "media", debug=False)
        django_setup()
        from django.core.management import call_command

        rng = random.Random(args.seed)
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        communes, producers = seed(args.producers, rng)
        path = database.tmpdir / "so-ocop.xlsx"
        write_workbook(register_rows(args.rows, communes, producers, rng), path)
        print(f"Setup (migrate, organisation, {args.producers} producers, {args.rows}-row file): "
              f"{time.perf_counter() - t0:.1f} s on {database.label}")  # fmt: skip
        done = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--child", str(path)], cwd=ROOT, env=os.environ.copy(),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            print(done.stdout, done.stderr)
            return 1
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        total = figures["preview_s"] + figures["apply_s"]
        print(f"Preview {figures['preview_s']:.1f} s, apply {figures['apply_s']:.1f} s: {total:.1f} s "
              f"(goal {GOAL_SECONDS} s); second apply {figures['second_apply_s']:.1f} s, "
              f"{figures['second_new']} new; peak RSS {figures['peak_rss_mb']:.0f} MB; {figures['queries']} SQL "
              f"statements (preview + apply)")  # fmt: skip
        print(f"Recorded {figures['new']} recognitions ({figures['flagged']} without a decision), "
              f"{figures['new_producers']} producers, {figures['new_products']} products, {figures['near']} near "
              f"matches chosen; {figures['certificates']} certificates, "
              f"{figures['certificate_history']} history rows")  # fmt: skip
        ok = figures["certificates"] == args.rows == figures["certificate_history"] and not figures["second_new"]
        return 0 if ok and total < GOAL_SECONDS else 1
    finally:
        database.cleanup()


if __name__ == "__main__":
    sys.exit(main())
