#!/usr/bin/env python
"""Benchmark: a district officer imports 10,000 product ideas from an .xlsx through the portal.

    cd /work/main && .venv/bin/python bench/import_ideas.py [--rows 10000] [--database-url URL]

What it does (see bench/README.md for the details and the options):

1. Makes a scratch database: by default a fresh SQLite file in a new temporary folder; with
   ``--database-url postgres://…/NAME`` it CREATEs the database NAME (refusing one that exists) and DROPs it at
   the end. The developer's db.sqlite3 and any DATABASE_URL already in the environment are never used.
2. Migrates it, seeds the demo organisation (``org.demo.seed_org``: Hậu Giang, Long Mỹ and its 8 communes, the
   district officer ``huyen.longmy``) and ``--producers`` producers spread over Long Mỹ's communes
   (``products.services.save_producer``). Setup is not measured.
3. Writes an .xlsx with the columns of ``ProductResource`` and ``--rows`` realistic rows (timed apart).
4. Measures, in a fresh child process (so the peak RSS is that of one portal worker doing the import), the two
   requests of ``products.views.excel.ImportView``:
     (a) read_sheet + check_columns of the upload,
     (b) the dry run (``import_data(dry_run=True, …)`` + ``row_errors``),
     (c) the confirmed import: reload the stored file, ``import_data(dry_run=False, …)`` inside
         ``transaction.atomic()`` + ``row_errors``,
     (d) a + b + c,
   with wall-clock seconds, the process peak RSS (``ru_maxrss``) and the SQL statements (a counting
   ``connection.execute_wrapper``). A second child repeats the requests under ``tracemalloc`` for the Python
   allocation peaks (tracemalloc slows Python down, so its timings are not used; its confirmed import is rolled
   back).
5. Checks that the database holds exactly ``--rows`` products and ``--rows`` history rows (exit 1 otherwise) and
   prints a table and the goals of the issue: the whole import of 10,000 rows in ≤ 60 s and ≤ 500 MB.

``--profile`` adds a third child that runs the requests under cProfile (rolled back) and prints the top entries;
use it with ``--rows 1000``.

This module is the entry point: the measured requests, the child processes and the command line. Next to it:
``harness.py`` (scratch database, Django environment, query counter, RSS, git revision and code fingerprint),
``world.py`` (the organisation, producers and the Vietnamese sheet) and ``report.py`` (the table and the goals).
"""

import argparse
import cProfile
import gc
import json
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

# Run as a script: the project (for Django and the apps) and bench/ (for the modules next to this one).
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
    load_resource_class,
    mb,
    rss_peak_mb,
)
from report import GOAL_ROWS, print_report, profile_report  # noqa: E402
from world import OFFICER, seed_world, sheet_rows, write_workbook  # noqa: E402

UPLOAD_NAME = "y-tuong-san-pham-long-my.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 20  # as products.views.excel.PREVIEW_ROWS
DEFAULT_RESOURCE = "products.resources.ProductResource"  # what RESOURCES["products"] is in the view


# --------------------------------------------------------------------------------------------------------------
# The two requests of ImportView, measured in a child process
# --------------------------------------------------------------------------------------------------------------


def run_requests(file_path, mode, resource_path=DEFAULT_RESOURCE):
    """(a), (b), (c) as ImportView does them, one request for (a)+(b) and one for (c). mode: 'timing' (counts
    queries, commits), 'memory' (tracemalloc, rolls the confirmed import back), 'profile' (cProfile, rolls back)."""
    import tablib
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import UploadedFile
    from django.db import connection, transaction
    from django.utils import translation

    from products.excel import check_columns, read_sheet, row_errors

    resource_class = load_resource_class(resource_path)  # the view's class, or a candidate
    fingerprint = code_fingerprint()  # of the code just imported

    User = get_user_model()
    translation.activate("vi")  # PortalLocaleMiddleware: Vietnamese first
    figures = {"mode": mode, "rss_after_setup_mb": rss_peak_mb(), "code": fingerprint}
    profiler = cProfile.Profile() if mode == "profile" else None
    tracing = mode == "memory"
    counting = mode == "timing"

    def start(phase):
        gc.collect()
        if tracing:
            tracemalloc.reset_peak()
        queries = QueryCounter()
        wrapper = connection.execute_wrapper(queries) if counting else None
        if wrapper is not None:
            wrapper.__enter__()
        if profiler is not None:
            profiler.enable()
        return {"phase": phase, "queries": queries, "wrapper": wrapper, "t0": time.perf_counter()}

    def stop(state, **extra):
        seconds = time.perf_counter() - state["t0"]
        if profiler is not None:
            profiler.disable()
        if state["wrapper"] is not None:
            state["wrapper"].__exit__(None, None, None)
        entry = {"seconds": seconds, "rss_peak_mb": rss_peak_mb(), **extra}
        if counting:
            entry["queries"] = state["queries"].total
            entry["queries_by_verb"] = dict(state["queries"].by_verb.most_common())
            entry["sql_seconds"] = state["queries"].seconds
        if tracing:
            current, peak = tracemalloc.get_traced_memory()
            entry["traced_peak_mb"] = mb(peak)
            entry["traced_after_mb"] = mb(current)
        figures[state["phase"]] = entry

    if tracing:
        tracemalloc.start()

    # Request 1: the upload. The view builds the resource, reads and checks the sheet, then dry-runs it.
    state = start("a")
    user = User.objects.get(username=OFFICER)
    product_resource = resource_class(user)
    with open(file_path, "rb") as handle:
        upload = UploadedFile(handle, name=UPLOAD_NAME, content_type=XLSX_TYPE, size=os.path.getsize(file_path))
        dataset = read_sheet(upload)
        check_columns(product_resource, dataset)
        stop(state, rows=len(dataset))

        state = start("b")
        result = product_resource.import_data(
            dataset, dry_run=True, raise_errors=False, rollback_on_validation_errors=True
        )
        problems = row_errors(product_resource, result)
        if not problems:  # the view then stores the file (not done here) and renders a preview
            upload.seek(0)
            stored = upload.read()
            preview = [dict(zip(dataset.headers, row, strict=False)) for row in dataset[:PREVIEW_ROWS]]
        stop(state, problems=len(problems))
    if problems:
        figures["problems"] = [list(map(str, p)) for p in problems[:20]]
        return figures
    del user, product_resource, upload, dataset, result, problems, preview

    # Request 2: the confirmation. A fresh user and resource; the stored file is read again.
    state = start("c")
    user = User.objects.get(username=OFFICER)
    product_resource = resource_class(user)
    t_reload = time.perf_counter()
    dataset = tablib.Dataset().load(stored, format="xlsx")
    reload_seconds = time.perf_counter() - t_reload
    with transaction.atomic():
        result = product_resource.import_data(
            dataset, dry_run=False, raise_errors=False, rollback_on_validation_errors=True
        )
        problems = row_errors(product_resource, result)
        if problems or mode != "timing":
            transaction.set_rollback(True)
    stop(state, reload_seconds=reload_seconds, problems=len(problems), imported=result.totals.get("new", 0))
    if problems:
        figures["problems"] = [list(map(str, p)) for p in problems[:20]]
    if tracing:
        tracemalloc.stop()
    if profiler is not None:
        figures["profile"] = profile_report(profiler)
    return figures


def child_main(args):
    django_setup()
    figures = run_requests(args.child_file, args.child, args.resource)
    Path(args.child_result).write_text(json.dumps(figures, ensure_ascii=False))


def run_child(mode, file_path, workdir, resource_path):
    result_path = workdir / f"result-{mode}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--child-file",
        str(file_path),
        "--child-result",
        str(result_path),
        "--resource",
        resource_path,
    ]
    completed = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), check=False)  # noqa: S603
    if completed.returncode != 0:
        raise SystemExit(f"The {mode} pass failed (exit {completed.returncode}).")
    return json.loads(result_path.read_text())


# --------------------------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=GOAL_ROWS, help="product ideas in the sheet (default 10000)")
    parser.add_argument("--producers", type=int, default=300, help="producers over Long Mỹ's communes (300)")
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/NAME: NAME is created, then dropped. "
        "Default: a fresh SQLite file in a temporary folder.",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generated data")
    parser.add_argument("--no-memory-pass", action="store_true", help="skip the tracemalloc run")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run the import under cProfile (rolled back) and print the top 25 entries; use with --rows 1000",
    )
    parser.add_argument("--debug", action="store_true", help="run with DEBUG on (development settings)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and the .xlsx")
    parser.add_argument("--json", type=Path, help="also write the figures to this file (e.g. bench/out/…json)")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a goal is not met")
    parser.add_argument(
        "--resource",
        default=DEFAULT_RESOURCE,
        help=f"dotted path of the resource class to import with (default {DEFAULT_RESOURCE}); "
        "a candidate class (importable from the project root or bench/) measures a change before it is made",
    )
    # Internal: the measured child processes.
    parser.add_argument("--child", choices=["timing", "memory", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--child-file", help=argparse.SUPPRESS)
    parser.add_argument("--child-result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is None and (args.rows < 1 or args.producers < 1):
        parser.error("--rows and --producers must be at least 1")
    return args


def main():
    args = parse_args()
    if args.child:
        return child_main(args)

    revision, fingerprint = git_revision(), code_fingerprint()
    database = ScratchDatabase(args.database_url, keep=args.keep)
    exit_code = 0
    try:
        configure_environment(database.url, database.tmpdir / "media", args.debug)
        print(f"Database: {database.label}")
        django_setup()
        from django.core.management import call_command
        from django.db import connections

        from products.models import Product, ProductTransition

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        rng = random.Random(args.seed)
        producers, officer = seed_world(args.producers, rng)
        setup_seconds = time.perf_counter() - t0
        print(f"Migrated and seeded in {setup_seconds:.1f} s: {len(producers)} producers in Long Mỹ.")

        columns = load_resource_class(args.resource)(officer).columns()
        file_path = database.tmpdir / UPLOAD_NAME
        t0 = time.perf_counter()
        write_workbook(file_path, columns, sheet_rows(columns, producers, args.rows, rng))
        generate_seconds = time.perf_counter() - t0
        setup = {
            "setup_seconds": setup_seconds,
            "generate_seconds": generate_seconds,
            "file_mb": mb(file_path.stat().st_size),
        }
        print(
            f"Wrote {args.rows:,} rows × {len(columns)} columns to {file_path} "
            f"({setup['file_mb']:.2f} MB) in {generate_seconds:.1f} s."
        )
        connections.close_all()

        print("Timing pass (fresh process, commits)…", flush=True)
        timing = run_child("timing", file_path, database.tmpdir, args.resource)
        if "problems" in timing:
            print("The import reported problems (first 20):")
            for problem in timing["problems"]:
                print("  ", " | ".join(problem))
            return 1
        memory = profiled = None
        if not args.no_memory_pass:
            print("Memory pass (fresh process, tracemalloc, confirmed import rolled back)…", flush=True)
            memory = run_child("memory", file_path, database.tmpdir, args.resource)
        if args.profile:
            print("Profile pass (fresh process, cProfile, confirmed import rolled back)…", flush=True)
            profiled = run_child("profile", file_path, database.tmpdir, args.resource)
            print(profiled["profile"])
            for key in ("a", "b", "c"):
                print(f"under cProfile ({key}): {profiled[key]['seconds']:.2f} s")

        products, transitions = Product.objects.count(), ProductTransition.objects.count()
        ok = products == args.rows and transitions == args.rows
        print(
            f"\nCheck: {products:,} products and {transitions:,} history rows in the database; expected "
            f"{args.rows:,} of each → {'OK' if ok else 'WRONG'}"
        )
        if not ok:
            exit_code = 1
        context = {
            "database": database.label,
            "revision": revision,
            "code": fingerprint,
            "resource": args.resource,
            "rows": args.rows,
            "producers": args.producers,
            "setup": setup,
        }
        summary = print_report(context, timing, memory)
        passes = {"timing": timing, "memory": memory, "profile": profiled}
        changed = [name for name, figures in passes.items() if figures and figures["code"] != fingerprint]
        if changed or code_fingerprint() != fingerprint:
            print(
                f"\nWARNING: the application code changed while the benchmark ran (passes: {', '.join(changed) or '–'},"
                " or after them); the figures may mix two versions. Run it again."
            )
        if args.strict and not all(summary["goals_met"].values()):
            exit_code = exit_code or 2
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            figures = {**context, "timing": timing, "memory": memory, "verified": ok, **summary}
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
        connections.close_all()
    finally:
        database.cleanup()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
