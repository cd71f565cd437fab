"""The two ways the portal is served: `manage.py runserver` (what `make run` starts) and ocop_portal.wsgi."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT = {"SECRET_KEY": "a-real-secret-" + "x" * 50, "REDIS_URL": "redis://127.0.0.1:6379/0"}


@pytest.fixture
def clean_env(tmp_path):
    keep = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "REDIS_URL", "DATABASE_URL"}}
    return {**keep, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_development_server_serves_the_vietnamese_sign_in_page(clean_env):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=clean_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page, deadline = None, time.monotonic() + 60
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.3)
        assert page is not None, (
            f"runserver did not answer:\n{server.stdout.read() if server.poll() is not None else ''}"
        )
        assert '<html lang="vi">' in page and "Đăng nhập" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def import_wsgi(env):
    return subprocess.run(
        [sys.executable, "-c", "import ocop_portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_entry_refuses_a_development_setup(clean_env):
    result = import_wsgi(clean_env)
    assert result.returncode != 0
    assert "ocop.E002" in result.stderr and "ocop.E003" in result.stderr


def test_the_deployment_entry_starts_when_configured(clean_env):
    result = import_wsgi({**clean_env, **DEPLOYMENT, "ALLOWED_HOSTS": "ocop.example.gov.vn"})
    assert result.returncode == 0, result.stderr
