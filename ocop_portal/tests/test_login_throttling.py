"""The sign-in lockout (django-axes, client address through django-ipware), through the real sign-in view.

test_pages.py has the lockout itself (the limit, the page, another user at the same address); here: whose address
it is behind nginx (BEHIND_PROXY) and without it, how long it lasts, and lifting it by hand. The settings are read
once at import, so BEHIND_PROXY's values are put in place with override_settings (PROXY below), and a child process
checks that the variable really sets them."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NGINX = "127.0.0.1"  # every request through the proxy comes from it
# What BEHIND_PROXY=true sets in settings.py (test_behind_proxy_sets_these_values checks it).
PROXY = {
    "AXES_IPWARE_PROXY_COUNT": 0,
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    "IPWARE_STRICT": False,
}


def sign_in(user, password, remote_addr, forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().post(reverse("login"), {"username": user.username, "password": password}, **meta)


def lock_out(user, remote_addr, forwarded_for=None):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(user, "sai-mat-khau", remote_addr, forwarded_for)
    return response


def assert_locked(response):
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


@override_settings(**PROXY)
def test_behind_the_proxy_the_lockout_holds_for_that_client_only(tree, commune_official):
    assert_locked(lock_out(commune_official, NGINX, "203.0.113.5"))
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]
    assert_locked(sign_in(commune_official, PASSWORD, NGINX, "203.0.113.5"))
    # The same user name from another client behind the same proxy still signs in.
    assert sign_in(commune_official, PASSWORD, NGINX, "198.51.100.7").status_code == 302


@override_settings(**PROXY)
def test_behind_the_proxy_a_client_cannot_pass_for_another_by_sending_its_own_header(tree, commune_official):
    """With nginx's $proxy_add_x_forwarded_for the client's own header stays in front of the address nginx saw;
    only that last entry counts (deploy/nginx/ocop.conf replaces the header altogether)."""
    assert_locked(lock_out(commune_official, NGINX, "203.0.113.5"))
    for forged in ("198.51.100.7, 203.0.113.5", "not-an-address, 203.0.113.5"):
        assert_locked(sign_in(commune_official, PASSWORD, NGINX, forged))
    # Nor can a client lock the user out for the address it names.
    assert sign_in(commune_official, PASSWORD, NGINX, "198.51.100.7").status_code == 302


def test_without_the_proxy_a_forged_forwarded_for_is_ignored(tree, commune_official):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(commune_official, "sai-mat-khau", "192.0.2.10", f"198.51.100.{n}")
    assert_locked(response)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.10"]
    assert_locked(sign_in(commune_official, PASSWORD, "192.0.2.10", "198.51.100.99"))
    assert sign_in(commune_official, PASSWORD, "192.0.2.11").status_code == 302


def test_the_lockout_ends_after_login_lockout_minutes(tree, commune_official):
    assert_locked(lock_out(commune_official, "192.0.2.10"))
    cooloff = settings.AXES_COOLOFF_TIME
    attempt = AccessAttempt.objects.get()
    locked_at = attempt.attempt_time

    AccessAttempt.objects.update(attempt_time=locked_at - cooloff + timedelta(minutes=1))
    assert_locked(sign_in(commune_official, PASSWORD, "192.0.2.10"))  # a minute left

    AccessAttempt.objects.update(attempt_time=locked_at - cooloff - timedelta(seconds=1))
    assert sign_in(commune_official, PASSWORD, "192.0.2.10").status_code == 302


def test_axes_reset_username_lifts_the_lockout(tree, commune_official):
    assert_locked(lock_out(commune_official, "192.0.2.10"))
    call_command("axes_reset_username", commune_official.username)
    assert not AccessAttempt.objects.exists()
    assert sign_in(commune_official, PASSWORD, "192.0.2.10").status_code == 302


def test_behind_proxy_sets_these_values(tmp_path):
    """BEHIND_PROXY=true gives PROXY's values, and axes then reads the client from X-Forwarded-For; without it,
    from REMOTE_ADDR. Read in a child process, since settings.py reads the environment once."""
    script = (
        "from django.conf import settings as s; from django.test import RequestFactory; "
        "from axes.helpers import IPWARE_INSTALLED, get_client_ip_address as ip; "
        "r = RequestFactory().post('/', REMOTE_ADDR='127.0.0.1', HTTP_X_FORWARDED_FOR='198.51.100.7, 203.0.113.5'); "
        "print(repr((IPWARE_INSTALLED, s.AXES_IPWARE_PROXY_COUNT, list(s.AXES_IPWARE_META_PRECEDENCE_ORDER), "
        "getattr(s, 'IPWARE_STRICT', None), ip(r))))"
    )

    def read(**env):
        base = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "REDIS_URL": ""}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1]  # the last line: shell may first list its imports

    behind = (True, *PROXY.values(), "203.0.113.5")
    assert read(BEHIND_PROXY="true") == repr(behind)
    assert read() == repr((True, None, ["REMOTE_ADDR"], None, "127.0.0.1"))
