"""Journey: two officials edit the same product at the same time.

The commune official (A) and the district officer (B) both open the product's edit page. A changes the name and
the packaging and saves. B, whose page still holds the old values, changes the brand and saves: the save is
refused, the page says (in Vietnamese, the site's default language) what A changed, from the value on B's page to
the value saved now, by whom and when, and B's typed brand is still in the form. B takes A's changes into the form
and saves again: it goes through, and the product page's change history shows A's change and B's.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import open_tab
from e2e.session import sign_in
from products.models import Product, ProductSet
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVE = "input[type=submit][name=save]"  # the form's own button, not the language switch's
OLD_NAME, NEW_NAME = "Trà mãng cầu Phụng Phát", "Trà mãng cầu xiêm Thuận Hòa"
NEW_PACKAGING = "Hộp giấy 20 túi lọc × 2 g"
BRAND = "Phụng Phát Tea"


@pytest.fixture
def first(commune_official):
    commune_official.first_name, commune_official.last_name = "Trần Thị", "Bích"
    commune_official.save()
    return commune_official


@pytest.fixture
def second(district_officer):
    district_officer.first_name, district_officer.last_name = "Lê Văn", "Hùng"
    district_officer.save()
    return district_officer  # the district officer may edit the commune's products too


@pytest.fixture
def product(tree, first):
    producer = ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    return ProductFactory(
        producer=producer, name=OLD_NAME, product_set=ProductSet.objects.get(number=13), created_by=first
    )


@pytest.fixture
def other_page(browser, live_server, page):
    """A second browser (its own cookies) at the same size as `page`, for the other official."""
    context, tab, errors = open_tab(browser, live_server, page.viewport_name)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors in the other browser: {errors}"


def short_datetime(moment):
    """As the Vietnamese pages show a date and time (SHORT_DATETIME_FORMAT "H:i d/m/Y")."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def test_the_second_save_is_refused_with_what_changed_and_saving_again_goes_through(
    page, other_page, screenshot, first, second, product
):
    a, b = other_page, page  # B's page is the one the screenshots take
    product_url, edit_url = f"/products/{product.pk}/", f"/products/{product.pk}/edit/"

    # 1. Both officials open the edit page.
    sign_in(a, first)
    sign_in(b, second)
    for tab in (a, b):
        tab.goto(edit_url)
        expect(tab.locator("#id_name")).to_have_value(OLD_NAME)
        expect(tab.locator("#id_packaging")).to_have_value("")
        expect(tab.locator("#edit-conflict")).to_have_count(0)

    # 2. A changes the name and the packaging and saves: the product page shows them.
    a.locator("#id_name").fill(NEW_NAME)
    a.locator("#id_packaging").fill(NEW_PACKAGING)
    a.locator(SAVE).click()
    expect(a).to_have_url(product_url)
    expect(a.locator("h1")).to_contain_text(NEW_NAME)
    expect(a.locator("main")).to_contain_text(NEW_PACKAGING)
    saved_by_a = Product.objects.get(pk=product.pk).history.latest("history_date").history_date

    # 3. B, on the page opened before A saved, types a brand and saves: refused, with what A changed.
    b.locator("#id_brand").fill(BRAND)
    b.locator(SAVE).click()
    expect(b).to_have_url(edit_url)  # the edit page again, not the product page
    conflict = b.locator("#edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(
        "Người khác đã lưu sản phẩm này sau khi bạn mở trang. Thay đổi của bạn chưa được lưu."
    )
    expect(conflict).to_contain_text("Những gì họ đã thay đổi (giá trị trên trang của bạn → giá trị đang được lưu):")
    changes = conflict.locator("li")
    expect(changes).to_have_count(2)  # what A changed, and nothing else (not the brand A left alone)
    when = short_datetime(saved_by_a)
    expect(changes.filter(has_text="Tên sản phẩm")).to_have_text(
        f"Tên sản phẩm: {OLD_NAME} → {NEW_NAME} (bởi Trần Thị Bích, {when})", use_inner_text=True
    )
    expect(changes.filter(has_text="Quy cách đóng gói")).to_have_text(
        f"Quy cách đóng gói: — → {NEW_PACKAGING} (bởi Trần Thị Bích, {when})", use_inner_text=True
    )
    expect(conflict).to_contain_text("Các giá trị bạn đã nhập vẫn còn trong biểu mẫu bên dưới.")
    # B's typed value is still there, and so are the values B loaded; nothing of B's was saved.
    expect(b.locator("#id_brand")).to_have_value(BRAND)
    expect(b.locator("#id_name")).to_have_value(OLD_NAME)
    expect(b.locator("#id_packaging")).to_have_value("")
    stored = Product.objects.get(pk=product.pk)
    assert (stored.name, stored.packaging, stored.brand) == (NEW_NAME, NEW_PACKAGING, "")
    # The message fits the width (a long value wraps rather than pushing the page sideways on a phone).
    box = conflict.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= b.viewport_size["width"]
    assert b.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("edit-conflict")

    # 4. B takes A's changes into the form and saves again: it goes through.
    b.locator("#id_name").fill(NEW_NAME)
    b.locator("#id_packaging").fill(NEW_PACKAGING)
    b.locator(SAVE).click()
    expect(b).to_have_url(product_url)
    expect(b.locator("#edit-conflict")).to_have_count(0)
    expect(b.locator("h1")).to_contain_text(NEW_NAME)
    expect(b.locator("main dd", has_text=BRAND)).to_be_visible()
    expect(b.locator("main dd", has_text=NEW_PACKAGING)).to_be_visible()

    # The change history lists A's change and B's, newest first, each with who made it.
    history = b.locator("#audit-history")
    expect(history.locator("summary")).to_contain_text("Lịch sử thay đổi")
    history.locator("summary").click()
    events = history.locator("li[data-audit='changed']")
    expect(events).to_have_count(2)
    by_b, by_a = events.nth(0), events.nth(1)
    expect(by_b).to_contain_text("Lê Văn Hùng")
    expect(by_b).to_contain_text(f"Thương hiệu dự kiến: — → {BRAND}")
    expect(by_b).not_to_contain_text("Tên sản phẩm")  # B's save changed only the brand
    expect(by_a).to_be_visible()
    expect(by_a).to_contain_text("Trần Thị Bích")
    expect(by_a).to_contain_text(f"Tên sản phẩm: {OLD_NAME} → {NEW_NAME}")
    expect(by_a).to_contain_text(f"Quy cách đóng gói: — → {NEW_PACKAGING}")
    expect(by_a).to_contain_text(re.compile(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}"))
    screenshot("edit-conflict-saved")

    # The database agrees: both officials' changes stand, and the history says who saved what.
    stored.refresh_from_db()
    assert (stored.name, stored.packaging, stored.brand) == (NEW_NAME, NEW_PACKAGING, BRAND)
    assert [r.history_user for r in stored.history.order_by("history_id")][-2:] == [first, second]
