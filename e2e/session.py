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


def sign_out(page):
    if page.viewport_name == "phone":  # the account menu sits behind the toggler
        page.locator("button.navbar-toggler").click()
        # Wait for the menu to finish opening: a click on the account menu while it is still sliding open could
        # land before Bootstrap shows the dropdown (a phone run once waited 10 s for a hidden button).
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    menu = page.locator("#account-menu")
    menu.click()
    try:
        expect(menu).to_have_attribute("aria-expanded", "true", timeout=3_000)
    except AssertionError:  # the click did not open it: once more
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page).to_have_url("/accounts/login/")
