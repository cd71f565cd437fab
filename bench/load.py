"""Load test: 50 simulated users for 60 s over the main journeys against `make serve` (bin/serve) on PostgreSQL.

    .venv/bin/pip install -r requirements-bench.txt        # locust, pinned
    .venv/bin/python bench/load.py                         # 50 users, 10 a second, 60 s; 2 gunicorn workers
    .venv/bin/python bench/load.py --users 20 --time 30s --web-workers 3 --seed-scale

What it does, in order (bench/README.md, "load.py: 50 users for 60 s"):
1. creates the scratch database (CREATE DATABASE load_scratch; refuses test, postgres, template*, and a database
   that exists already), migrates it and seeds the demo (`seed_demo --force` with a known password); with
   --seed-scale the world of `manage.py seed_scale` and its accounts instead of the demo (off by default);
2. starts bin/serve (gunicorn + Celery worker + beat, DEBUG off) in a process group of its own, with a random
   SECRET_KEY, the scratch DATABASE_URL, REDIS_URL redis://127.0.0.1:6379/5 (Redis database 5 only, emptied
   before and after), ALLOWED_HOSTS 127.0.0.1,localhost, a free PORT, WEB_WORKERS 2 and SECURE_COOKIES=false
   (the site is plain http here: with DEBUG off the session and CSRF cookies are otherwise HTTPS-only and no
   one could sign in); static files and media go to a temporary folder;
3. waits for the sign-in page, then runs one headless locust process (bench/locustfile.py) with --csv into
   bench/out/;
4. prints per page: requests, failures, 5xx, 4xx, median / p95 / max latency and requests per second, the total,
   and the 5xx gunicorn's access log counted; exits 1 on any 5xx (or when the run could not be made);
5. always (failure, Ctrl+C, SIGTERM): stops bin/serve (SIGTERM to its process group, SIGKILL after 20 s) and
   drops the database WITH (FORCE).
"""

import argparse
import csv
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = ROOT / ".venv" / "bin"
PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_URL = "redis://127.0.0.1:6379/5"  # database 5 only: the load test's own
PASSWORD = "Load-test-2026!"  # the demo accounts' password in the scratch database
ACCESS_RE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) ')


class Interrupted(Exception):
    pass


def _on_sigterm(_signum, _frame):
    raise Interrupted("SIGTERM")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started a second (10)")
    parser.add_argument("--time", default="60s", help="run time, locust syntax (60s)")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers, WEB_WORKERS (2)")
    parser.add_argument("--wait", default="1,4", help="think time between a user's pages, seconds (1,4)")
    parser.add_argument("--db-name", default="load_scratch", help="scratch database, created and dropped")
    parser.add_argument("--seed-scale", action="store_true",
                        help="seed_scale's province-scale world and accounts, not the demo")  # fmt: skip
    parser.add_argument("--seed-scale-args", default="", help="arguments for seed_scale, one string")
    parser.add_argument("--keep-db", action="store_true", help="keep the database (and say its URL) at the end")
    args = parser.parse_args()
    if args.db_name in {"test", "postgres"} or args.db_name.startswith("template"):
        parser.error(f"refusing the database name {args.db_name!r}: give a scratch name")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.db_name):
        parser.error("the database name takes lower-case letters, digits and _")
    return args


# ------------------------------------------------------------------------------------------------------------
# Scratch database, Redis database 5
# ------------------------------------------------------------------------------------------------------------


def pg_admin(statement, name=None):
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(dbname="postgres", **PG_ADMIN)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            if statement == "exists":
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                return cursor.fetchone() is not None
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        conn.close()


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# ------------------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url, tmp):
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "REPORT_QUEUE", "DEBUG", "BEHIND_PROXY", "LANGUAGE_CODE"):
        env.pop(name, None)
    env.update(
        SECRET_KEY="load-" + secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SECURE_COOKIES="false",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        BEAT_SCHEDULE=str(tmp / "celerybeat-schedule"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args):
    print(f"  manage.py {' '.join(args)}", flush=True)
    t0 = time.monotonic()
    result = subprocess.run([BIN / "python", "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        sys.stdout.write(result.stdout[-3000:])
        sys.stderr.write(result.stderr[-5000:])
        raise SystemExit(f"manage.py {args[0]} failed (exit {result.returncode})")
    print(f"    done in {time.monotonic() - t0:.1f} s", flush=True)
    return result


def wait_until_up(url, server, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bin/serve stopped (exit {server.returncode}) before answering: see the serve log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout} s: see the serve log")


def stop_server(server):
    if server is None or server.poll() is not None:
        return
    print("Stopping bin/serve (its process group)…", flush=True)
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass
    try:  # a child left behind in the group (it outlived bin/serve)
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ------------------------------------------------------------------------------------------------------------
# Figures
# ------------------------------------------------------------------------------------------------------------


def read_stats(prefix):
    with open(f"{prefix}_stats.csv", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def access_log(serve_log):
    """gunicorn's access log lines (bin/serve logs them to its stdout): status counts and the 5xx lines."""
    statuses, errors = Counter(), []
    for line in serve_log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = ACCESS_RE.search(line)
        if match:
            status = int(match["status"])
            statuses[status // 100 * 100] += 1
            if status >= 500:
                errors.append(line)
    return statuses, errors


def first_traceback(serve_log, limit=60):
    lines = serve_log.read_text(encoding="utf-8", errors="replace").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(("Internal Server Error", "Traceback")) or "[ERROR]" in line:
            return "\n".join(lines[i : i + limit])
    return ""


def table(stats, codes):
    def ms(value):
        return f"{float(value):,.0f}" if value not in ("", "N/A") else "–"

    head = ("Page", "Requests", "Failures", "5xx", "4xx", "Median ms", "p95 ms", "Max ms", "req/s")
    rows, total5, total4 = [], 0, 0
    for row in stats:
        name = row["Name"]
        total = name == "Aggregated"
        if total:
            c5, c4 = total5, total4
        else:
            by_status = {int(k): v for k, v in codes.get(name, {}).items()}
            c5 = sum(v for k, v in by_status.items() if k >= 500)
            c4 = sum(v for k, v in by_status.items() if 400 <= k < 500)
            total5, total4 = total5 + c5, total4 + c4
        label = "Total" if total else f"{row['Type']} {name}"
        rows.append(
            (
                label,
                row["Request Count"],
                row["Failure Count"],
                str(c5),
                str(c4),
                ms(row["Median Response Time"]),
                ms(row["95%"]),
                ms(row["Max Response Time"]),
                f"{float(row['Requests/s']):.1f}",
            )
        )
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) for i in range(len(head))]

    def fmt(r):
        return "  ".join(r[0].ljust(widths[0]) if i == 0 else r[i].rjust(widths[i]) for i in range(len(r)))

    lines = [fmt(head), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in rows[:-1]] + ["  ".join("-" * w for w in widths), fmt(rows[-1])]
    return "\n".join(lines), total5


# ------------------------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, _on_sigterm)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="ocop-load-"))
    database_url = f"postgres://{PG_ADMIN['user']}@{PG_ADMIN['host']}:{PG_ADMIN['port']}/{args.db_name}"
    serve_log_path = OUT / "serve.log"
    server, created, exit_code = None, False, 1
    try:
        if pg_admin("exists", args.db_name):
            raise SystemExit(f"Database {args.db_name!r} exists already: drop it first or give --db-name.")
        print(f"Scratch database {database_url} (created now, dropped at the end)", flush=True)
        pg_admin("CREATE DATABASE {}", args.db_name)
        created = True
        env = base_env(database_url, tmp)
        env["DEBUG"] = "false"  # as bin/serve: production settings (no REDIS_URL yet: the seed's reports are made now)
        manage(env, "migrate", "--noinput", "-v0")
        if args.seed_scale:
            manage(env, "seed_scale", "--force", "--password", PASSWORD, *args.seed_scale_args.split())
        else:
            manage(env, "seed_demo", "--force", "--password", PASSWORD)

        flush_redis()
        port = free_port()
        env.update(
            REDIS_URL=REDIS_URL,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            HOST="127.0.0.1",
            PORT=str(port),
            WEB_WORKERS=str(args.web_workers),
        )
        host = f"http://127.0.0.1:{port}"
        print(f"Starting bin/serve at {host} (WEB_WORKERS={args.web_workers}); its log: {serve_log_path}", flush=True)
        serve_log = serve_log_path.open("w", encoding="utf-8")
        server = subprocess.Popen(  # noqa: S603
            [ROOT / "bin" / "serve"], cwd=ROOT, env=env, stdout=serve_log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, out of reach of our Ctrl+C
        )  # fmt: skip
        serve_log.close()
        t0 = time.monotonic()
        wait_until_up(f"{host}/accounts/login/", server)
        print(f"  answering after {time.monotonic() - t0:.1f} s", flush=True)

        prefix = OUT / "load"
        status_file = OUT / "load_status_codes.json"
        status_file.unlink(missing_ok=True)
        locust_env = dict(
            os.environ,
            LOAD_PASSWORD=PASSWORD,
            LOAD_STATUS_FILE=str(status_file),
            LOAD_WAIT=args.wait,
            LOAD_WORLD="scale" if args.seed_scale else "demo",
        )
        command = [
            BIN / "locust", "-f", ROOT / "bench" / "locustfile.py", "--headless", "--host", host,
            "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.time,
            "--csv", prefix, "--only-summary", "--exit-code-on-error", "0", "--loglevel", "WARNING",
        ]  # fmt: skip
        print(
            f"Running locust: {args.users} users, {args.spawn_rate:g} started a second, {args.time}, think time "
            f"{args.wait} s; ONE locust process (no --processes), sharing the machine's {os.cpu_count()} cores with "
            f"the server; its output: {OUT / 'locust.log'}",
            flush=True,
        )
        started, load_before = datetime.now().astimezone(), os.getloadavg()[0]
        with (OUT / "locust.log").open("w", encoding="utf-8") as locust_log:
            result = subprocess.run(command, cwd=ROOT, env=locust_env, stdout=locust_log, stderr=subprocess.STDOUT)  # noqa: S603
        if result.returncode:
            print((OUT / "locust.log").read_text(encoding="utf-8")[-3000:])
            raise SystemExit(f"locust failed (exit {result.returncode})")

        stats = read_stats(prefix)
        codes = json.loads(status_file.read_text(encoding="utf-8")) if status_file.exists() else {}
        text, fives = table(stats, codes)
        gunicorn, gunicorn_errors = access_log(serve_log_path)
        cpu_warnings = [line for line in (OUT / "locust.log").read_text().splitlines() if "CPU usage" in line]
        timeouts = [
            line for line in serve_log_path.read_text(errors="replace").splitlines() if "WORKER TIMEOUT" in line
        ]
        report = [
            f"Load test {started:%Y-%m-%d %H:%M %Z}: {args.users} users ({args.spawn_rate:g}/s), {args.time}, "
            f"think time {args.wait} s, against bin/serve with {args.web_workers} gunicorn workers, PostgreSQL, "
            f"Redis db 5{', seed_scale' if args.seed_scale else ', demo data'}.",
            f"Machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
            f"{load_before:.1f} before the run and {os.getloadavg()[0]:.1f} after (other work on the machine counts "
            "too); one locust process on the same machine (it takes CPU from the server: the figures are a lower "
            "bound).",
            "",
            text,
            "",
            "5xx and 4xx count every response a request saw (a followed redirect's too); failures are locust's "
            "(any status >= 400, a connection error, or a page check in bench/locustfile.py).",
            f"gunicorn's access log ({serve_log_path.relative_to(ROOT)}): "
            + ", ".join(f"{k // 100}xx {v}" for k, v in sorted(gunicorn.items()))
            + f"; 5xx: {len(gunicorn_errors)}.",
        ]
        report += [f"  {line}" for line in gunicorn_errors[:20]]
        report.append(f"gunicorn worker timeouts (a request over 30 s, its worker killed): {len(timeouts)}.")
        if cpu_warnings:
            report += ["locust warned about its CPU:", *[f"  {line}" for line in cpu_warnings[:3]]]
        if fives or gunicorn_errors:
            report += ["", "FAILED: 5xx responses. First error in the serve log:", first_traceback(serve_log_path)]
        else:
            report += ["", "OK: no 5xx response."]
        output = "\n".join(report)
        print("\n" + output)
        (OUT / "load_summary.txt").write_text(output + "\n", encoding="utf-8")
        exit_code = 1 if (fives or gunicorn_errors) else 0
    except (KeyboardInterrupt, Interrupted) as stop:
        print(f"\nInterrupted ({str(stop) or 'Ctrl+C'}): cleaning up.", file=sys.stderr)
        exit_code = 130
    finally:
        stop_server(server)
        if created:
            if args.keep_db:
                print(f"Kept the database: {database_url}")
            else:
                pg_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", args.db_name)
                print(f"Dropped the database {args.db_name}.")
        try:
            flush_redis()
        except Exception as error:  # noqa: BLE001
            print(f"Could not empty Redis database 5: {error}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
