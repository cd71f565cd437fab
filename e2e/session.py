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
    page.locator("#account-menu").click()
    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page).to_have_url("/accounts/login/")
