"""A real Celery worker as a subprocess, for the tests that need one (reporting/tests/test_worker.py and the
report journey in e2e/): on a queue of its own (REPORT_QUEUE), against this test's database (DATABASE_URL) and
a media folder shared with the test (MEDIA_ROOT). Its log is kept to read what it did and to explain failures.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
WAIT = 180  # seconds: generous, the machine is shared; nothing is timed


def database_url(db):
    """The address of a Django database (its settings dict) for another process."""
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}{port}/{quote(db['NAME'], safe='')}"


@contextmanager
def running_worker(database, folder, prefix="reports", *, queue=None, media=None, pool="solo", **environment):
    """Start `celery worker --pool=solo` on a fresh queue (or `queue`, with `media`: a second worker taking over
    a first one's); yield (queue, media, log, process); stop it. pool="prefork" runs one pool process (a child of
    the worker's) that a test can kill."""
    queue = queue or f"{prefix}-{uuid.uuid4().hex[:8]}"
    media = media or folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url(database), "MEDIA_ROOT": str(media), "REPORT_QUEUE": queue,
           **environment}  # fmt: skip
    concurrency = ["--concurrency=1"] if pool == "prefork" else []
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (the project's own worker)
            [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", f"--pool={pool}", *concurrency, "-Q",
             queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield SimpleNamespace(queue=queue, media=media, log=log, process=process)
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def log_text(worker):
    return worker.log.read_text(errors="replace")


def wait_until(check, worker, what, wait=WAIT):
    """Poll `check` until it holds; fail with the worker's log if it stops or `wait` seconds pass."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if check():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the worker stopped (code {worker.process.returncode}):\n{log_text(worker)[-4000:]}")
        time.sleep(0.05)
    pytest.fail(f"{what} not seen within {wait} s; the worker's log ends:\n{log_text(worker)[-4000:]}")


def task_outcome(worker, task_id, what="succeeded"):
    """The worker's log line saying the task `succeeded` (or `retry`), once it is there (results are not stored:
    the report row holds the state)."""
    marker = f"[{task_id}] {what}"
    wait_until(lambda: marker in log_text(worker), worker, f"task {task_id} {what}")
    return next(line for line in log_text(worker).splitlines() if marker in line)
