"""`make serve` (bin/serve): it refuses to start without its three variables, and the production variables that
docs/operations.md lists give a clean `check --deploy`. Serving itself is tried by hand (docs/operations.md)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The production checklist of docs/operations.md, with example values.
PRODUCTION = {
    "SECRET_KEY": "a-real-secret-" + "x" * 50,
    "DATABASE_URL": "postgres://ocop:secret@db-host:5432/ocop",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "ocop.haugiang.gov.vn",
    "BEHIND_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
}


def _environment(**variables):
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DEBUG" and not k.startswith("DJANGO_")}
    return {**base, **variables}


def test_serve_refuses_to_start_without_its_variables():
    result = subprocess.run(
        ["bin/serve"],
        cwd=ROOT,
        env=_environment(SECRET_KEY="a-real-secret-" + "x" * 50, BIN=str(Path(sys.executable).parent)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DATABASE_URL REDIS_URL not set" in result.stderr
    assert "SECRET_KEY" not in result.stderr.split("not set")[0]


def test_the_documented_production_variables_give_a_clean_deploy_check():
    documented = (ROOT / "docs" / "operations.md").read_text()
    for name in PRODUCTION:
        assert f"{name}=" in documented, name
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_environment(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
