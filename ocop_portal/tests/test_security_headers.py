"""Security headers: the Content-Security-Policy of HTML pages (and the stricter one of stored files), templates
without inline scripts or styles (which that policy would block), secure cookies and HSTS over HTTPS."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ocop_portal.middleware import CONTENT_SECURITY_POLICY
from org.tests.factories import PASSWORD
from products.tests.factories import ProducerFactory, ProductFactory, add_document

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def product(tree, commune_official):
    producer = ProducerFactory(commune=tree.commune)
    return ProductFactory(producer=producer, created_by=commune_official)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# The policy --------------------------------------------------------------------------------------------------------


def test_the_policy_is_the_one_documented():
    assert CONTENT_SECURITY_POLICY == EXPECTED_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "public:catalogue"])
def test_public_pages_carry_the_policy(name):
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_POLICY


def test_signed_in_pages_carry_the_policy(commune_official, product):
    client = signed_in(commune_official)
    for url in ["/", reverse("products:product_list"), reverse("products:product_detail", args=[product.pk])]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html")
        assert response["Content-Security-Policy"] == EXPECTED_POLICY, url


def test_the_admin_carries_the_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_POLICY


def test_a_stored_file_keeps_its_own_stricter_policy(commune_official, product):
    document = add_document(product, commune_official)
    response = signed_in(commune_official).get(reverse("products:document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_response_that_is_not_html_gets_no_policy(commune_official, product):
    response = signed_in(commune_official).get(reverse("products:export", args=["products", "xlsx"]))
    assert response.status_code == 200
    assert not response["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" not in response


# Templates: nothing inline that the policy blocks ------------------------------------------------------------------

INLINE = {
    # a <script> element without src (an inline script)
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    # a <style> element
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    # a style="…" attribute (SVG presentation attributes such as fill= are allowed)
    "style= attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE),
    # an event handler attribute (onclick=, onchange=, …) or a javascript: link: inline script too
    "event handler attribute": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE),
}


def inline_uses(text):
    return [what for what, pattern in INLINE.items() if pattern.search(text)]


@pytest.mark.parametrize(
    "snippet, found",
    [
        ("<script>alert(1)</script>", ["inline <script>"]),
        ('<script type="module">x()</script>', ["inline <script>"]),
        ('<script src="/static/x.js" defer></script>', []),
        ("<style>.a{color:red}</style>", ["<style> element"]),
        ('<div class="x" style="color: red">', ["style= attribute"]),
        ('<div\n  class="x"\n  style="width: {{ pct }}%">', ["style= attribute"]),
        ('<rect fill="#123" stroke-width="2" data-style="x"></rect>', []),
        ('<button onclick="go()">', ["event handler attribute"]),
        ('<a href="javascript:void(0)">', ["javascript: URL"]),
        ('<div hx-get="/x" hx-trigger="every 2s">', []),
    ],
)
def test_the_template_scan_finds_what_the_policy_blocks(snippet, found):
    assert inline_uses(snippet) == found


def test_no_template_has_an_inline_script_or_style():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 20
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in templates
        if (uses := inline_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "The Content-Security-Policy blocks these; use a class in static/css or a file in static/js"


def test_htmx_does_not_insert_its_inline_indicator_style():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in base
    assert ".htmx-indicator" in (ROOT / "static" / "css" / "portal.css").read_text(encoding="utf-8")


# Cookies and HSTS --------------------------------------------------------------------------------------------------


def test_a_deployment_sends_its_cookies_over_https_only_and_hides_them_from_scripts(tmp_path):
    """settings.py derives the cookie flags from SECRET_KEY (DEBUG off) and SECURE_COOKIES: read them in a child."""
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
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
        return result.stdout.splitlines()[-1].split()  # the last line: shell may first list its imports

    deployment = {"SECRET_KEY": "a-real-secret-" + "x" * 50}
    assert read(**deployment) == ["True", "True", "True", "True", "0", "True"]
    assert read(**deployment, SECURE_HSTS_SECONDS="31536000")[4] == "31536000"
    assert read(**deployment, SECURE_COOKIES="false")[:2] == ["False", "False"]


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True, AXES_ENABLED=False)
def test_the_session_and_csrf_cookies_are_secure_and_http_only(commune_official):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login"), secure=True)
    token = page.cookies["csrftoken"]
    assert token["secure"] and token["httponly"]
    response = client.post(
        reverse("login"),
        {"username": commune_official.username, "password": PASSWORD, "csrfmiddlewaretoken": token.value},
        secure=True,
        headers={"referer": "https://testserver/accounts/login/"},  # checked on HTTPS
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert response.cookies["csrftoken"]["secure"]  # rotated at sign-in


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_only():
    assert Client().get(reverse("login"), secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in Client().get(reverse("login"))


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_hsts_is_sent_behind_a_proxy_that_terminates_https():
    response = Client().get(reverse("login"), headers={"x-forwarded-proto": "https"})
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
