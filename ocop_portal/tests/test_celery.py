"""The health task proves both paths: eager in-process (no REDIS_URL) and a real worker over Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from ocop_portal.celery import app, health

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def eager():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_settings_choose_eager_mode_exactly_when_redis_is_unset():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (settings.REDIS_URL is None)
    assert app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER
    if settings.REDIS_URL:
        assert app.conf.broker_url == settings.REDIS_URL


def test_health_runs_in_process_when_eager(eager):
    result = health.delay("eager").get(timeout=5)
    assert result["token"] == "eager"
    assert result["pid"] == os.getpid()


@pytest.fixture(scope="module")
def worker():
    if not settings.REDIS_URL:
        message = "REDIS_URL is not set: the real-worker path runs in CI's PostgreSQL + Redis pass"
        if os.environ.get("WORKER_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    queue = f"health-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ocop_portal",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    yield queue
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.worker
def test_health_runs_in_a_real_worker(worker):
    token = uuid.uuid4().hex
    result = health.apply_async(args=[token], queue=worker).get(timeout=60)
    assert result["token"] == token
    assert result["pid"] != os.getpid()
