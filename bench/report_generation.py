#!/usr/bin/env python
"""Benchmark: the annual OCOP report of a province, produced by the worker's code on a province-scale world.

    cd /work/main && .venv/bin/python bench/report_generation.py [--year 2025] [--database-url URL]

What it does (see bench/README.md for the details and the options):

1. Makes a scratch database as bench/import_ideas.py does (harness.ScratchDatabase): a fresh SQLite file in a
   temporary folder by default; with ``--database-url postgres://…/NAME`` it CREATEs NAME (refusing one that
   exists) and DROPs it at the end. The developer's database and any DATABASE_URL in the environment are
   never used. Reports are written under the scratch folder (MEDIA_ROOT).
2. Migrates it and builds the world of ``ocop_portal.scale.world`` (what ``manage.py seed_scale`` builds) by
   batches, without the councils' sheets (seeded: the same world every run): one province, 10 districts, 150
   communes, 3,000 producers, 20,000 products over four years, 5,000 entries in published district and province
   rounds, about 2,000 certificates, activities and funding of every unit and year, the plans of the year with
   300 tasks and their progress reports. Not measured.
3. Requests the province's report of ``--year`` through ``reporting.services.request_report`` (its message to
   the worker held back), then, in a **fresh child process** standing for the Celery worker, runs
   ``reporting.services.generate`` (what the task ``reporting.generate_report`` runs: produce, then save the
   files on the row). The functions ``produce`` calls (gather, render_html, to_pdf, to_xlsx) are wrapped to
   time each phase, count its SQL statements and note the RSS after it.
4. Prints the seconds of gathering data, rendering the HTML, WeasyPrint and the Excel file, the share of
   gathering + templating in the whole generation, pages, PDF and .xlsx sizes, and the worker's peak memory:
   ``ru_maxrss`` of the child process, which did nothing but start Django and produce the report (its RSS
   after ``django.setup()`` and the imports is printed too). Goals of the issue: gathering data and templating
   under 10 % of the total; peak memory under 600 MB.

``--profile`` adds a child that runs ``services.produce`` under cProfile and prints the top entries.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
for folder in (BENCH.parent, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from harness import (  # noqa: E402
    ROOT,
    QueryCounter,
    ScratchDatabase,
    code_fingerprint,
    configure_environment,
    django_setup,
    git_revision,
    mb,
    rss_peak_mb,
)

GOAL_SHARE = 0.10  # gathering data and templating, of the whole generation
GOAL_MB = 600.0
APPS = ("ocop_portal", "org", "products", "rating", "plans", "reporting")
PHASES = [
    ("gather", "gather (data)", "reporting.gather", "gather"),
    ("render", "render HTML (templates)", "reporting.document", "render_html"),
    ("pdf", "WeasyPrint (PDF)", "reporting.document", "to_pdf"),
    ("xlsx", "Excel workbook", "reporting.workbook", "to_xlsx"),
]
LISTS = [
    ("annex", "annex"),
    ("rounds", "rounds"),
    ("certificates issued", "certificates_issued"),
    ("expiring", "certificates_expiring"),
    ("expired", "certificates_expired"),
    ("activities", "activities"),
    ("communes with ideas", "ideas_by_commune"),
]


def _status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_now_mb():
    """The process's resident set size now (VmRSS), in MB."""
    return _status_mb("VmRSS")


def rss_hwm_mb():
    """The peak RSS of this process's own memory since it started (VmHWM). Linux's ru_maxrss also keeps the
    high-water mark of the memory the process was forked from (recorded at exec), so in a child of a large
    parent it can start high; VmHWM starts from the child's own program."""
    return _status_mb("VmHWM")


# --------------------------------------------------------------------------------------------------------------
# The worker's side, in a child process
# --------------------------------------------------------------------------------------------------------------


def _instrument(figures):
    """Wrap the functions produce() imports when it runs, so each phase is timed and its SQL counted."""
    import importlib

    from django.db import connection

    def wrap(key, function):
        def measured(*args, **kwargs):
            queries = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(queries):
                result = function(*args, **kwargs)
            figures["phases"][key] = {
                "seconds": time.perf_counter() - started,
                "queries": queries.total,
                "sql_seconds": queries.seconds,
                "rss_peak_mb": rss_hwm_mb(),
                "rss_now_mb": rss_now_mb(),
            }
            if key == "gather":  # the sizes of the lists the document prints (ReportData's attributes)
                figures["rows"] = {label: len(getattr(result, name, None) or ()) for label, name in LISTS}
            elif key == "render":
                figures["html_bytes"] = len(result.encode())
            return result

        return measured

    for key, _title, module_name, name in PHASES:
        module = importlib.import_module(module_name)
        setattr(module, name, wrap(key, getattr(module, name)))


def run_worker(report_id):
    from django.db import connection

    from reporting import services
    from reporting.models import Report

    figures = {"phases": {}, "code": code_fingerprint(APPS)}
    _instrument(figures)  # imports what produce() uses (WeasyPrint, openpyxl) as the worker has at its start
    figures["rss_after_setup_mb"], figures["maxrss_after_setup_mb"] = rss_hwm_mb(), rss_peak_mb()
    report = Report.objects.get(pk=report_id)
    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        outcome = services.generate(report.pk, report.generation)  # what the Celery task runs
    figures["total_seconds"] = time.perf_counter() - started
    figures["queries"], figures["sql_seconds"] = queries.total, queries.seconds
    figures["rss_peak_mb"], figures["maxrss_mb"] = rss_hwm_mb(), rss_peak_mb()
    report.refresh_from_db()
    figures.update(
        outcome=str(outcome),
        status=report.status,
        error=report.error,
        pages=report.pages,
        pdf_bytes=report.pdf.size if report.pdf else 0,
        xlsx_bytes=report.xlsx.size if report.xlsx else 0,
        row_timings={name: getattr(report, name) for name in ("gather_seconds", "render_seconds", "pdf_seconds")},
    )
    return figures


def run_profile(report_id, top=30):
    from reporting import services
    from reporting.models import Report

    report = Report.objects.select_related("unit").get(pk=report_id)
    profiler = cProfile.Profile()
    profiler.enable()
    services.produce(report)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"--- cProfile of services.produce: top {top} by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"--- top {top} by own time ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return {"profile": out.getvalue()}


def child_main(args):
    django_setup()
    figures = run_worker(args.report) if args.child == "worker" else run_profile(args.report)
    Path(args.child_result).write_text(json.dumps(figures, ensure_ascii=False))


def run_child(mode, report_id, workdir):
    result_path = workdir / f"result-{mode}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--report",
        str(report_id),
        "--child-result",
        str(result_path),
    ]
    completed = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), check=False)  # noqa: S603
    if completed.returncode != 0:
        raise SystemExit(f"The {mode} pass failed (exit {completed.returncode}).")
    return json.loads(result_path.read_text())


# --------------------------------------------------------------------------------------------------------------
# The printed figures
# --------------------------------------------------------------------------------------------------------------


def print_report(context, worker):
    phases = worker["phases"]
    total = worker["total_seconds"]
    line = "-" * 86
    print()
    print(f"Annual report {context['year']} of {context['unit']} — {context['database']}")
    print(
        f"Code: {context['revision']} (fingerprint {context['code']}); Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs"
    )
    print("World: " + ", ".join(f"{n:,} {what}" for what, n in context["world"].items()))
    print(f"Built in {context['world_seconds']:.1f} s (migrate + bulk inserts, not counted).")
    print(line)
    print(
        f"{'phase':<30}{'seconds':>9}{'of total':>10}{'queries':>9}{'in SQL s':>10}{'RSS now MB':>11}"
        f"{'RSS peak MB':>12}"
    )
    print(line)
    for key, title, _module, _name in PHASES:
        entry = phases.get(key)
        if entry is None:
            print(f"{title:<30}{'(not run through the wrapped function)':>56}")
            continue
        print(
            f"{title:<30}{entry['seconds']:9.2f}{entry['seconds'] / total:10.1%}{entry['queries']:9,}"
            f"{entry['sql_seconds']:10.2f}{entry['rss_now_mb']:11.1f}{entry['rss_peak_mb']:12.1f}"
        )
    print(line)
    print(
        f"{'total (services.generate)':<30}{total:9.2f}{1:10.0%}{worker['queries']:9,}"
        f"{worker['sql_seconds']:10.2f}{'':>11}{worker['rss_peak_mb']:12.1f}"
    )
    print(line)
    rows = ", ".join(f"{what} {n:,}" for what, n in worker.get("rows", {}).items())
    print(
        f"Report: {worker['status']}, {worker['pages']} pages; PDF {mb(worker['pdf_bytes']):.2f} MB, "
        f".xlsx {worker['xlsx_bytes'] / 1024:.0f} KB, HTML {mb(worker.get('html_bytes', 0)):.2f} MB. Rows: {rows}."
    )
    if worker["error"]:
        print(f"Error: {worker['error']}")
    timings = worker["row_timings"]
    if all(value is not None for value in timings.values()):
        print("Timings stored on the report row: " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()) + ".")
    print(
        f"Peak memory = VmHWM of the worker process (a fresh child that only started Django and produced the "
        f"report): {worker['rss_peak_mb']:.1f} MB;\nits RSS after django.setup() and the imports: "
        f"{worker['rss_after_setup_mb']:.1f} MB. ru_maxrss of the child: {worker['maxrss_mb']:.1f} MB (Linux counts "
        f"in it the parent's high-water mark at the fork, {worker['maxrss_after_setup_mb']:.1f} MB before any work)."
    )

    share = sum(phases[k]["seconds"] for k in ("gather", "render") if k in phases) / total
    met = {"share": share < GOAL_SHARE, "memory": worker["rss_peak_mb"] < GOAL_MB}
    print()
    print(f"Goals (issue), on this {os.cpu_count()}-core machine:")
    print(
        f"  gathering data + templating: {share:6.1%} of the generation (< {GOAL_SHARE:.0%})   → "
        f"{'MET' if met['share'] else 'NOT MET'}"
    )
    print(
        f"  worker peak memory:          {worker['rss_peak_mb']:6.1f} MB (< {GOAL_MB:.0f} MB)  → "
        f"{'MET' if met['memory'] else 'NOT MET'}"
    )
    return {"share": share, "goals_met": met}


# --------------------------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=2025, help="the report's year (default 2025)")
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/NAME: NAME is created, then dropped. "
        "Default: a fresh SQLite file in a temporary folder.",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the world")
    parser.add_argument("--producers", type=int, default=3000)
    parser.add_argument("--products", type=int, default=20000, help="over the four years up to --year")
    parser.add_argument("--entries", type=int, default=5000, help="entries in published rounds, about")
    parser.add_argument("--tasks", type=int, default=300, help="tasks of the province's plan of the year")
    parser.add_argument("--profile", action="store_true", help="also run services.produce under cProfile")
    parser.add_argument("--debug", action="store_true", help="run with DEBUG on (development settings)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and the report's files")
    parser.add_argument("--json", type=Path, help="also write the figures to this file (e.g. bench/out/…json)")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a goal is not met")
    parser.add_argument("--child", choices=["worker", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--report", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-result", help=argparse.SUPPRESS)
    return parser.parse_args()


def build(args):
    """Migrate, build the world and request the report (its message held back: the child is the worker)."""
    from unittest import mock

    from django.core.management import call_command
    from django.db import connections
    from django.utils import translation

    from ocop_portal.scale.world import build_world
    from reporting import periods, services

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    province, world = build_world(
        random.Random(args.seed),
        year=args.year,
        producers=args.producers,
        products=args.products,
        entries=args.entries,
        tasks=args.tasks,
        years=4,
        task_years=1,
    )
    with translation.override("vi"), mock.patch.object(services, "enqueue"):
        report, _created = services.request_report(None, province, periods.year_of(args.year), language="vi")
    seconds = time.perf_counter() - started
    connections.close_all()
    return report, str(province), world, seconds


def main():
    args = parse_args()
    if args.child:
        return child_main(args)
    revision, fingerprint = git_revision(), code_fingerprint(APPS)
    database = ScratchDatabase(args.database_url, keep=args.keep)
    try:
        configure_environment(database.url, database.tmpdir / "media", args.debug)
        print(f"Database: {database.label}")
        django_setup()
        report, unit, world, world_seconds = build(args)
        print(f"World built in {world_seconds:.1f} s: " + ", ".join(f"{n:,} {what}" for what, n in world.items()))
        print("Producing the report in a fresh process (the worker's services.generate)…", flush=True)
        worker = run_child("worker", report.pk, database.tmpdir)
        profiled = run_child("profile", report.pk, database.tmpdir) if args.profile else None
        context = {
            "year": args.year,
            "unit": unit,
            "database": database.label,
            "revision": revision,
            "code": fingerprint,
            "world": world,
            "world_seconds": world_seconds,
        }
        summary = print_report(context, worker)
        if profiled:
            print()
            print(profiled["profile"])
        if worker["code"] != fingerprint or code_fingerprint(APPS) != fingerprint:
            print("\nWARNING: the application code changed while the benchmark ran; run it again on a quiet tree.")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(
                json.dumps({"context": context, "worker": worker, "summary": summary}, ensure_ascii=False, indent=2)
            )
        if worker["status"] != "done":
            return 1
        if args.strict and not all(summary["goals_met"].values()):
            return 2
        return 0
    finally:
        database.cleanup()


if __name__ == "__main__":
    sys.exit(main())
