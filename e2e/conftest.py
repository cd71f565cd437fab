"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work on our machines, so the tests launch the system
Chromium. Without it they are skipped with instructions, unless E2E_REQUIRED is set (as in CI).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from fixtures
# in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Data migrations load reference data (the product classification); a transactional test's flush wipes it
    after each test, so it is loaded again before each one."""
    from products.classification import CLASSIFICATION_148, load_classification
    from products.models import ProductCategory, ProductSet
    from rating.catalogue import load_reference_catalogue
    from rating.models import Sheet

    load_classification(ProductCategory, ProductSet)
    load_classification(ProductCategory, ProductSet, CLASSIFICATION_148)
    if not Sheet.objects.exists():
        load_reference_catalogue()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def open_tab(browser, live_server, name):
    """A tab in a new browser context (cookies of its own) on the live server at the viewport `name`, and the list
    that collects what a journey must not meet: uncaught script errors, 4xx/5xx responses, console errors."""
    # An English-language browser on purpose: the portal must still open in Vietnamese.
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORTS[name], locale="en-US", is_mobile=name == "phone"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.viewport_name = name
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("response", lambda r: errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, tab, errors


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, live_server):
    """A fresh browser tab on the live server, once at desktop size and once at phone size."""
    context, tab, errors = open_tab(browser, live_server, request.param)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors in the browser: {errors}"


@pytest.fixture
def screenshot(page):
    """screenshot(name): save the current page to e2e/artifacts/<name>-<viewport>.png for a human look."""

    def take(name):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}-{page.viewport_name}.png", full_page=True)

    return take


from rating.tests.test_review_rules import scoring_round  # noqa: E402, F401 (a round being scored, for the journeys)
