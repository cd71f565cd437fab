"""Signing in and out in a browser test, shared by the journeys."""

import re

from playwright.sync_api import expect

from org.tests.factories import PASSWORD


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/home/"))


def open_account_menu(page):
    """Open the account menu (on a phone, behind the toggler). Waits for the collapsed navigation to finish opening
    and for the dropdown to open, clicking once more if the first click did not: a click while the phone menu was
    still sliding open once left the sign-out button hidden for 10 s."""
    if page.viewport_name == "phone":
        nav = page.locator("#main-nav")
        if "show" not in (nav.get_attribute("class") or "").split():
            page.locator("button.navbar-toggler").click()
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    menu = page.locator("#account-menu")
    for attempt in range(3):
        menu.click()
        try:
            expect(menu).to_have_attribute("aria-expanded", "true", timeout=3_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    expect(page.locator("form[action='/accounts/logout/'] button[type=submit]")).to_be_visible()


def sign_out(page):
    open_account_menu(page)
    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page).to_have_url("/accounts/login/")
