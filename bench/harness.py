"""The benchmark's harness: a scratch database, the environment Django starts with, and the measuring tools
(SQL statement counter, peak RSS, git revision and a fingerprint of the code under test)."""

import hashlib
import os
import resource
import secrets
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent  # the project: /work/main
RESERVED_DATABASES = {"test", "postgres", "template0", "template1"}


def mb(n_bytes):
    return n_bytes / (1024 * 1024)


def rss_peak_mb():
    """The process's peak resident set size so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------------------------
# Scratch database
# --------------------------------------------------------------------------------------------------------------


class ScratchDatabase:
    """A database the benchmark owns: created before, removed after (unless --keep)."""

    def __init__(self, url, keep):
        self.keep = keep
        self.tmpdir = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
        try:
            self._open(url)
        except BaseException:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            raise

    def _open(self, url):
        self.pg = None
        self.sqlite_path = None
        if url is None:
            self.url = f"sqlite:///{self.tmpdir / 'bench.sqlite3'}"  # an absolute path: sqlite:////tmp/…
            self.label = "SQLite (temporary file)"
            return
        parts = urlsplit(url)
        if parts.scheme in ("postgres", "postgresql", "pgsql", "psql"):
            name = unquote(parts.path.lstrip("/"))
            if not name or name in RESERVED_DATABASES:
                raise SystemExit(f"Refusing database name {name!r}: give a scratch name, e.g. …/bench_import.")
            self.pg = {
                "host": parts.hostname or "127.0.0.1",
                "port": parts.port or 5432,
                "user": unquote(parts.username or "postgres"),
                "password": unquote(parts.password) if parts.password else None,
                "name": name,
            }
            self.url = url
            self.label = f"PostgreSQL ({self.pg['host']}:{self.pg['port']}/{name}, created and dropped)"
            self._pg_admin(create=True)
        elif parts.scheme == "sqlite":
            path = Path(unquote(parts.path)[1:] if parts.path.startswith("//") else unquote(parts.path))
            if path.exists():
                raise SystemExit(f"Refusing to use the existing file {path}: the benchmark needs a fresh database.")
            self.url = url
            self.sqlite_path = path
            self.label = f"SQLite ({path})"
        else:
            raise SystemExit(f"Unsupported database URL {url!r}: use sqlite:////path or postgres://user@host/name.")

    def _pg_admin(self, create):
        import psycopg2
        from psycopg2 import sql

        conn = psycopg2.connect(
            dbname="postgres",
            host=self.pg["host"],
            port=self.pg["port"],
            user=self.pg["user"],
            password=self.pg["password"],
        )
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                name = sql.Identifier(self.pg["name"])
                if create:
                    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.pg["name"]])
                    if cursor.fetchone():
                        raise SystemExit(
                            f"Database {self.pg['name']!r} exists already: the benchmark only uses a database it "
                            "creates (and drops). Choose another name, or drop it first."
                        )
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
                else:
                    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        finally:
            conn.close()

    def cleanup(self):
        if self.keep:
            print(f"\nKept the database: {self.url}")
            return
        if self.pg is not None:
            self._pg_admin(create=False)
        elif self.sqlite_path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def configure_environment(database_url, media_root, debug):
    """What django.setup() reads (ocop_portal/settings.py → ocop_portal/env.py). Production-like unless --debug:
    DEBUG off (no query log kept by Django), so a random SECRET_KEY is needed."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocop_portal.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(media_root)
    os.environ.pop("REDIS_URL", None)  # nothing here uses Celery; keep it eager and local
    if debug:
        os.environ.pop("SECRET_KEY", None)
        os.environ["DEBUG"] = "true"
    else:
        os.environ["SECRET_KEY"] = "bench-" + secrets.token_urlsafe(40)
        os.environ["DEBUG"] = "false"


def django_setup():
    import django

    django.setup()


# --------------------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------------------


class QueryCounter:
    """connection.execute_wrapper callable: counts statements by their first word and adds up the time spent in
    the database driver (round trip included); keeps no SQL text."""

    def __init__(self):
        self.by_verb = Counter()
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper() if sql else "?"
        self.by_verb[verb] += 1
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0

    @property
    def total(self):
        return sum(self.by_verb.values())


def load_resource_class(dotted):
    from django.utils.module_loading import import_string

    return import_string(dotted)


def git_revision():
    try:
        head = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            ["git", "status", "--porcelain", "--", ".", ":!bench"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def code_fingerprint(apps=("ocop_portal", "org", "products")):
    """A hash of the Python code a benchmark runs (by default the import's: org, products, ocop_portal; tests
    left out), to notice when someone changes it while the benchmark runs (the passes run in separate
    processes)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "tests" in path.relative_to(ROOT).parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
