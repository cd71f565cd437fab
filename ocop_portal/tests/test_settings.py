"""Settings read from the environment: run manage.py in a child process with a chosen environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "TIME_ZONE",
    "LANGUAGE_CODE",
    "LOG_LEVEL",
]


@pytest.fixture
def manage(tmp_path):
    """manage(*args, **environment) -> (exit code, output) of manage.py in a child process."""
    base = {k: v for k, v in os.environ.items() if k not in VARIABLES and not k.startswith("DJANGO_")}
    base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"

    def run(*args, **env):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        return result.returncode, result.stdout + result.stderr

    return run


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "yes please", "DEBUG='yes please' is not a yes/no value"),
        ("DATABASE_URL", "mysql-ish://nowhere", "names no supported database"),
        ("REDIS_URL", "localhost:6379", "is not a Redis URL"),
        ("TIME_ZONE", "Asia/Hanoii", "is not a known time zone"),
        ("LANGUAGE_CODE", "fr", "must be one of: vi, en"),
        ("CONN_MAX_AGE", "forever", "is not a whole number"),
        ("DATABASE_URL", "postgres://", "names no supported database"),
        ("LOG_LEVEL", "verbose", "must be one of: DEBUG, INFO"),
        ("MEDIA_ROOT", " ", "is set but empty"),
        ("CELERY_TASK_TIME_LIMIT", "100", "must be at least 301"),
        ("REPORT_HALF_CUTOFF_DAY", "31", "REPORT_HALF_CUTOFF_DAY=31 must be at most 28"),
        ("REPORT_AUTO_DAYS", "0", "REPORT_AUTO_DAYS=0 must be at least 1"),
    ],
)
def test_a_bad_value_is_refused_with_a_clear_message(manage, variable, value, message):
    code, output = manage("check", **{"DEBUG": "true", variable: value})
    assert code == 2
    assert output.startswith(f"Configuration error: {variable}=")
    assert message in output
    assert "Traceback" not in output


def show_debug(manage, **env):
    code, output = manage("shell", "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)", **env)
    assert code == 0, output
    return output.strip().splitlines()[-1]


def test_development_defaults_pass_the_ordinary_check(manage):
    code, output = manage("check")
    assert code == 0, output
    assert show_debug(manage) == "DEBUG True"


def test_a_secret_key_marks_a_deployment_and_turns_debug_off_by_default(manage):
    assert show_debug(manage, SECRET_KEY="a-real-secret-" + "x" * 50) == "DEBUG False"
    assert show_debug(manage, SECRET_KEY="a-real-secret-" + "x" * 50, DEBUG="on") == "DEBUG True"


def test_deploy_check_fails_on_the_development_secret_and_eager_celery(manage):
    code, output = manage("check", "--deploy", DEBUG="False")
    assert code != 0
    assert "ocop.E001" in output and "SECRET_KEY is the development default" in output
    assert "ocop.E003" in output and "REDIS_URL is not set" in output


def test_deploy_check_fails_on_the_development_secret_even_with_debug_on(manage):
    code, output = manage("check", "--deploy", DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/0")
    assert code != 0
    assert "ocop.E002" in output and "ocop.E003" not in output


def test_ordinary_commands_refuse_the_development_secret_with_debug_off(manage):
    code, output = manage("check", DEBUG="false")
    assert code != 0
    assert "ocop.E001" in output


def test_a_proper_production_configuration_passes_our_deploy_checks(manage):
    code, output = manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY="a-real-secret-" + "x" * 50,
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="ocop.haugiang.gov.vn",
    )
    assert "ocop.E" not in output
    assert code == 0, output
