"""The printed result table of the import benchmark, and the issue's goals it is judged against."""

import io
import os
import pstats
import sys

from world import OFFICER

GOAL_ROWS = 10_000
GOAL_SECONDS = 60.0
GOAL_MB = 500.0


def print_report(context, timing, memory):
    rows = context["rows"]
    phases = [("a", "(a) read_sheet + check_columns"), ("b", "(b) dry run"), ("c", "(c) confirmed import")]
    total_seconds = sum(timing[key]["seconds"] for key, _ in phases)
    total_rss = max(timing[key]["rss_peak_mb"] for key, _ in phases)
    total_traced = max(memory[key]["traced_peak_mb"] for key, _ in phases) if memory else None
    total_queries = sum(timing[key]["queries"] for key, _ in phases)
    total_sql = sum(timing[key]["sql_seconds"] for key, _ in phases)

    def traced(value):
        return f"{value:15.1f}" if value is not None else f"{'–':>15}"

    def table_row(title, seconds, queries, sql_seconds, rss, traced_mb):
        return (
            f"{title:<32}{seconds:9.2f}{rows / seconds:8.0f}{queries:9,}{queries / rows:7.1f}{sql_seconds:9.2f}"
            f"{rss:10.1f}{traced(traced_mb)}"
        )

    setup = context["setup"]
    print()
    print(f"Import of {rows:,} product ideas as {OFFICER} — {context['database']}")
    print(f"Code: {context['revision']} (fingerprint {context['code']}); resource {context['resource']}")
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {context['producers']} producers; "
        f"file {setup['file_mb']:.2f} MB generated in {setup['generate_seconds']:.1f} s and setup (migrate + seed) "
        f"{setup['setup_seconds']:.1f} s, not counted"
    )
    line = "-" * 99
    print(line)
    print(f"{'phase':<32}{'seconds':>9}{'rows/s':>8}{'queries':>9}{'q/row':>7}{'in SQL s':>9}{'RSS MB':>10}"
          f"{'tracemalloc MB':>15}")  # fmt: skip
    print(line)
    for key, title in phases:
        entry = timing[key]
        print(
            table_row(
                title,
                entry["seconds"],
                entry["queries"],
                entry["sql_seconds"],
                entry["rss_peak_mb"],
                memory[key]["traced_peak_mb"] if memory else None,
            )
        )
    print(line)
    print(table_row("(d) total a + b + c", total_seconds, total_queries, total_sql, total_rss, total_traced))
    print(line)
    print(
        f"(c) includes re-reading the stored .xlsx: {timing['c']['reload_seconds']:.2f} s. "
        f"Worker RSS after django.setup(), before (a): {timing['rss_after_setup_mb']:.1f} MB."
    )
    print(
        "in SQL s = time inside the database driver (round trips included); RSS MB = ru_maxrss of the worker "
        "process at the\nend of the phase (a high-water mark); tracemalloc MB = peak of Python allocations during "
        "the phase (second run)."
    )
    for key in ("b", "c"):
        verbs = ", ".join(f"{verb} {count:,}" for verb, count in timing[key]["queries_by_verb"].items())
        print(f"SQL of ({key}): {verbs}")

    print()
    print(
        f"Goal (issue): the whole import of {GOAL_ROWS:,} rows in ≤ {GOAL_SECONDS:.0f} s and ≤ {GOAL_MB:.0f} MB "
        f"on this {os.cpu_count()}-core machine"
    )
    met = {}
    if rows == GOAL_ROWS:
        met["time"] = total_seconds <= GOAL_SECONDS
        met["memory"] = total_rss <= GOAL_MB
        print(f"  time:   {total_seconds:6.1f} s  ≤ {GOAL_SECONDS:.0f} s   → {'MET' if met['time'] else 'NOT MET'}")
        traced_text = (
            f"Python allocations peaked at {total_traced:.1f} MB" if total_traced is not None else "no tracemalloc run"
        )
        print(
            f"  memory: {total_rss:6.1f} MB ≤ {GOAL_MB:.0f} MB  → {'MET' if met['memory'] else 'NOT MET'} "
            f"(peak RSS of the worker process; {traced_text})"
        )
    else:
        scaled = GOAL_SECONDS * rows / GOAL_ROWS
        print(
            f"  not judged: this run has {rows:,} rows. Pro rata the time goal would be {scaled:.1f} s "
            f"(measured {total_seconds:.1f} s); peak RSS {total_rss:.1f} MB."
        )
    return {
        "total_seconds": total_seconds,
        "total_queries": total_queries,
        "total_sql_seconds": total_sql,
        "peak_rss_mb": total_rss,
        "traced_peak_mb": total_traced,
        "goals_met": met,
    }


def profile_report(profiler, top=25):
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    out.write(f"--- cProfile of (a)+(b)+(c): top {top} by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"--- top {top} by own time ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()
