"""Journey 3: a district rating round, from its creation to a certificate anyone can verify.

The district officer creates a round under QĐ 148 (the district recognises 3 stars), adds two products that are
ready for rating, seats a council of three and starts scoring; each member scores both entries on the score sheet
(which saves itself with htmx on every change) and submits; the chair closes the round; the officer publishes it,
issues a certificate and downloads its PDF; a visitor who is not signed in opens the verification page.
The rating strings may not be translated yet, so the test finds elements by id, name and data-* attributes.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import ARTIFACTS
from e2e.session import sign_in, sign_out
from org.enums import Role
from org.tests.factories import member
from products.models import ProductSet
from products.tests.factories import ProducerFactory, ProductFactory
from rating.catalogue import ensure_rule_sets
from rating.enums import RoundLevel, RoundStatus, SeatRole, SheetStatus
from rating.models import Certificate, Entry, Option, Round, RuleSet, ScoreSheet
from rating.tests.factories import small_sheet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RULE_SET_148 = "148/QĐ-TTg"
# Points per criterion of the small test sheet (A: 1.1, 1.2; B: 5.1, 5.2 only if 5.1 > 0; C: 9, 10).
SCORE_55 = {"1.1": 10, "1.2": 5, "5.1": 10, "5.2": 0, "9": 10, "10": 20}
SCORE_60 = {"1.1": 20, "1.2": 5, "5.1": 5, "5.2": 0, "9": 10, "10": 20}
SCORE_65 = {"1.1": 20, "1.2": 5, "5.1": 10, "5.2": 0, "9": 10, "10": 20}


@pytest.fixture
def scoring_sheet(tree):
    """QĐ 148 has no sheets of its own yet: the small test sheet stands in for product set 13."""
    rule_sets = ensure_rule_sets(RuleSet)  # the flush of a transactional test takes the rule sets too
    assert RULE_SET_148 in rule_sets
    return small_sheet(rule_set_code=RULE_SET_148, set_number=13)


@pytest.fixture
def ready_products(tree):
    product_set = ProductSet.objects.get(scheme=RULE_SET_148, number=13)  # the small sheet's 148 test set
    return [
        ProductFactory(name="Khóm sấy dẻo Thuận Hòa", status="ready", product_set=product_set,
                       producer=ProducerFactory(name="HTX Khóm Thuận Hòa", commune=tree.commune)),
        ProductFactory(name="Mứt khóm Xà Phiên", status="ready", product_set=product_set,
                       producer=ProducerFactory(name="Cơ sở Mứt Xà Phiên", commune=tree.other_commune)),
    ]  # fmt: skip


@pytest.fixture
def council_members(tree):
    """Three staff of the district's agency: the seat form offers people of the province's offices."""
    return [
        member(Role.AGENCY_STAFF, tree.agency, username=f"hoidong{n}", first_name=first, last_name=last)
        for n, (first, last) in enumerate([("Lê Văn", "Chủ"), ("Phạm Thị", "Hai"), ("Võ Minh", "Ba")], start=1)
    ]


# The entry's buttons sit in their own column on a desktop, under the product's name on a phone.
ACTIONS = {"desktop": ".entry-actions", "phone": ".entry-actions-phone"}


def actions(page, entry):
    return entry_row(page, entry).locator(ACTIONS[page.viewport_name])


def open_round(page, round_):
    """From the main menu's Rating item to the round's page."""
    if page.viewport_name == "phone":
        page.locator("button.navbar-toggler").click()
    page.locator("#main-nav a.nav-link[href='/rating/']").click()
    expect(page).to_have_url("/rating/")
    page.locator(f"#round-table a[href='/rating/{round_.pk}/']").click()
    expect(page).to_have_url(f"/rating/{round_.pk}/")


def action_button(page, action):
    return page.locator(f"#actions button[data-action='{action}']")


def expect_round_status(page, status):
    expect(page.locator("#round-status")).to_have_attribute("data-status", status)


def entry_row(page, entry):
    return page.locator(f"#entries tr[data-entry='{entry.pk}']")


def prepare(page, round_, what, **choices):
    """Fill the round page's entry or seat form ({field id: option value}) and save it."""
    form = page.locator(f"form[action='/rating/{round_.pk}/add/{what}/']")
    for field_id, value in choices.items():
        form.locator(f"#{field_id}").select_option(value)
    form.locator("input[type=submit][name=save]").click()
    expect(page).to_have_url(f"/rating/{round_.pk}/")  # the same page comes back: callers wait for what changed


def screenshot_path(name, viewport_name):
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}-{viewport_name}.png"


def points_text(value):
    return re.compile(rf"^{value}([.,]0+)?$")  # Vietnamese writes a decimal comma


def score(page, sheet, plan, screenshot=None):
    """Answer the sheet criterion by criterion; each change saves the draft and redraws the totals (htmx)."""
    expect(page.locator("#total")).to_have_text(points_text(0))
    running = 0
    for number, points in plan.items():
        option = Option.objects.get(criterion__sheet=sheet, criterion__number=number, points=points)
        page.locator(f"#o{option.pk}").check()
        running += points
        # The redrawn form comes from the server: the answer is checked in its HTML, the total follows it.
        expect(page.locator(f"#o{option.pk}[checked]")).to_have_count(1)
        expect(page.locator("#total")).to_have_text(points_text(running))
    expect(page.locator("#missing-count")).to_have_count(0)
    if screenshot:
        page.evaluate("window.scrollTo(0, 0)")  # else the sticky totals land mid-page in a full-page shot
        screenshot("rating-score-sheet")
    page.locator("#sheet button[data-action='submit-sheet']").click()


def test_district_round_is_scored_published_and_certified(
    page, screenshot, browser, live_server, tree, district_officer, scoring_sheet, ready_products, council_members
):
    first, second = ready_products
    chair = council_members[0]
    rule_set = RuleSet.objects.get(code=RULE_SET_148)
    year = timezone.localdate().year

    # 1. The district officer creates the round under QĐ 148…
    sign_in(page, district_officer)
    page.goto("/rating/")
    page.locator("main a[href='/rating/add/']").click()
    expect(page).to_have_url("/rating/add/")
    page.locator("#id_unit").select_option(str(tree.district.pk))
    page.locator("#id_year").fill(str(year))
    page.locator("#id_number").fill("1")
    page.locator("#id_rule_set").select_option(str(rule_set.pk))
    page.locator("form:has(#id_rule_set) input[type=submit][name=save]").click()
    expect(page).to_have_url(re.compile(r"/rating/\d+/$"))
    round_ = Round.objects.get(unit=tree.district, year=year, number=1)
    assert (round_.level, round_.rule_set) == (RoundLevel.DISTRICT, rule_set)
    expect(page).to_have_url(f"/rating/{round_.pk}/")
    expect_round_status(page, RoundStatus.DRAFT)

    # …adds the two products ready for rating…
    for index, product in enumerate(ready_products):
        prepare(page, round_, "entry", id_product=str(product.pk))
        expect(page.locator("#entries tr[data-entry]")).to_have_count(index + 1)  # the page came back
    entries = [Entry.objects.get(round=round_, product=product) for product in ready_products]
    for entry in entries:
        expect(entry_row(page, entry)).to_contain_text(entry.product.name)

    # …seats the council, the chair first…
    for index, user in enumerate(council_members):
        role = SeatRole.CHAIR if index == 0 else SeatRole.MEMBER
        prepare(page, round_, "seat", id_user=str(user.pk), id_role=role.value)
        expect(page.locator("#council li")).to_have_count(index + 1)
    expect(page.locator("#council li").first).to_contain_text(chair.get_full_name())
    expect(page.locator("#size-warning")).to_be_visible()  # three members, where 148 expects 5 to 7: a warning only
    screenshot("rating-round-prepared")

    # …opens it and starts scoring.
    action_button(page, "open").click()
    expect_round_status(page, RoundStatus.ACCEPTING)
    action_button(page, "start_scoring").click()
    expect_round_status(page, RoundStatus.SCORING)
    assert ScoreSheet.objects.filter(entry__round=round_, status=SheetStatus.DRAFT).count() == 6
    sign_out(page)

    # 2. Each member scores both entries and submits: averages 60,0 and 63,3, three stars each.
    plans = {first.pk: [SCORE_60, SCORE_55, SCORE_65], second.pk: [SCORE_65, SCORE_65, SCORE_60]}
    for index in (1, 2, 0):  # the chair scores last
        user = council_members[index]
        sign_in(page, user)
        open_round(page, round_)
        if user == chair:  # the chair's button waits for every sheet
            expect(action_button(page, "close")).to_be_disabled()
            expect(page.locator("#hint-close")).to_be_visible()
        else:
            expect(action_button(page, "close")).to_have_count(0)
        for entry in entries:
            sheet = ScoreSheet.objects.get(entry=entry, seat__user=user)
            actions(page, entry).locator(f"a[data-sheet='{sheet.pk}']").click()
            expect(page).to_have_url(f"/rating/sheets/{sheet.pk}/")
            plan = plans[entry.product_id][index]
            score(page, scoring_sheet, plan, screenshot=screenshot if (index, entry) == (1, entries[0]) else None)
            expect(page).to_have_url(f"/rating/{round_.pk}/")
            expect(actions(page, entry).locator(f"a[data-sheet='{sheet.pk}']")).to_be_visible()
            sheet.refresh_from_db()
            assert sheet.status == SheetStatus.SUBMITTED and sheet.total == sum(plan.values())
        if user != chair:
            sign_out(page)

    # 3. The chair, the last to score, closes the round.
    expect(action_button(page, "close")).to_be_enabled()
    action_button(page, "close").click()
    expect_round_status(page, RoundStatus.CLOSED)
    expect(entry_row(page, entries[0])).to_contain_text("60,0")
    expect(entry_row(page, entries[1])).to_contain_text("63,3")
    sign_out(page)

    # 4. The officer publishes the results and issues the first entry's certificate.
    sign_in(page, district_officer)
    open_round(page, round_)
    expect(page.locator(f"#entries {ACTIONS[page.viewport_name]} button[data-action='issue']")).to_have_count(
        0
    )  # not before publishing
    action_button(page, "publish").click()
    expect_round_status(page, RoundStatus.PUBLISHED)
    for entry in entries:
        expect(entry_row(page, entry).locator(".stars span[aria-hidden='true']")).to_have_text("★★★")
        expect(actions(page, entry).locator("button[data-action='issue']")).to_be_visible()
    screenshot("rating-round-published")
    actions(page, entries[0]).locator("button[data-action='issue']").click()
    expect(page).to_have_url(re.compile(r"/rating/certificates/\d+/$"))
    certificate = Certificate.objects.get(entry=entries[0])
    expect(page).to_have_url(f"/rating/certificates/{certificate.pk}/")
    assert certificate.number == f"93-{year}-0001/OCOP" and certificate.stars == 3
    expect(page.locator("#certificate-number")).to_have_text(certificate.number)
    expect(page.locator("h1")).to_contain_text(first.name)
    screenshot("rating-certificate")

    # The PDF downloads from the certificate's page.
    with page.expect_download() as download_info:
        page.locator("#download-pdf").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    response = page.request.get(f"/rating/certificates/{certificate.pk}/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    verify_url = page.locator("#verify-link").get_attribute("href")
    assert verify_url.endswith(f"/verify/{certificate.token}/")

    # Back on the round, the issued certificate replaces the button; the second entry can still get one.
    page.goto(f"/rating/{round_.pk}/")
    expect(actions(page, entries[0]).locator(f"a[href='/rating/certificates/{certificate.pk}/']")).to_be_visible()
    expect(actions(page, entries[0]).locator("button[data-action='issue']")).to_have_count(0)
    expect(actions(page, entries[1]).locator("button[data-action='issue']")).to_be_visible()

    # 5. Anyone, without signing in, verifies the certificate from its QR code's address.
    visitor = browser.new_context(
        base_url=live_server.url, viewport=page.viewport_size, locale="en-US", is_mobile=page.viewport_name == "phone"
    )
    try:
        visitor.set_default_timeout(10_000)
        public = visitor.new_page()
        errors = []
        public.on("pageerror", lambda error: errors.append(str(error)))
        public.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        public.goto(f"/verify/{certificate.token}/")
        expect(public).to_have_url(f"/verify/{certificate.token}/")  # no detour through the sign-in page
        expect(public.locator("h1")).to_have_text(first.name)
        expect(public.locator("#verdict")).to_have_class(re.compile(r"\balert-success\b"))
        expect(public.locator("#certificate-number")).to_have_text(certificate.number)
        expect(public.locator("main .text-warning [aria-hidden=true]")).to_have_text("★★★")
        expect(public.locator("#account-menu")).to_have_count(0)
        public.screenshot(path=screenshot_path("rating-verify", page.viewport_name), full_page=True)
        assert not errors, f"Errors on the public page: {errors}"
    finally:
        visitor.close()

    # The database agrees.
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    assert list(round_.transitions.order_by("pk").values_list("to_status", "actor")) == [
        (RoundStatus.DRAFT, district_officer.pk),
        (RoundStatus.ACCEPTING, district_officer.pk),
        (RoundStatus.SCORING, district_officer.pk),
        (RoundStatus.CLOSED, chair.pk),
        (RoundStatus.PUBLISHED, district_officer.pk),
    ]
    for entry in entries:
        entry.refresh_from_db()
        assert (entry.sheet_count, entry.stars, entry.knocked_out) == (3, 3, False)
    assert [entry.score_sum for entry in entries] == [180, 190]
    assert certificate.issued_by == district_officer and certificate.revoked_at is None
