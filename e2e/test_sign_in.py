"""Journey 1: a commune official signs in, sees the Vietnamese home page, switches to English, signs out."""

import pytest
from playwright.sync_api import expect

from e2e.session import open_account_menu
from org.tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_commune_official_signs_in_switches_language_and_signs_out(page, screenshot, commune_official):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    screenshot("login-vi")

    page.get_by_label("Tên đăng nhập").fill(commune_official.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url("/home/commune_official/")
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Văn")).to_be_visible()
    main = page.locator("main")
    expect(main.get_by_text("Cán bộ xã phụ trách OCOP")).to_be_visible()
    expect(page.get_by_role("heading", name="Việc bạn có thể làm tiếp")).to_be_visible()
    expect(main.get_by_text("Xã Thuận Hòa")).to_be_visible()
    screenshot("commune-home-vi")

    page.get_by_role("button", name="English").click()  # visible without opening the menu, even on a phone
    expect(page).to_have_url("/home/commune_official/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="What you can do next")).to_be_visible()
    expect(main.get_by_text("Commune official")).to_be_visible()
    screenshot("commune-home-en")

    open_account_menu(page)  # on a phone behind the toggler ("Menu")
    expect(page.get_by_role("button", name="Menu")).to_have_count(1 if page.viewport_name == "phone" else 0)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/home/commune_official/")
    expect(page).to_have_url("/accounts/login/?next=/home/commune_official/")
