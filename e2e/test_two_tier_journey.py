"""Journey 7: the programme as it runs in 2026 — two tiers, QĐ 148 as amended by QĐ 1489 (issue 16).

Huyện Long Mỹ's 2020 history is kept; the reorganisation of 01/07/2025 (an illustrative file: Hậu Giang and Long Mỹ
into thành phố Cần Thơ, a commune into an illustrative new one) is applied. In the new commune, the OCOP officer
pre-assesses a product on the commune's criteria with the producer's self-assessment report, the commune chairman
confirms, and the officer proposes it to the province. The province officer opens a round under 148 + 1489 (the small
test sheet stands in for 148's sheets, which are not shipped), takes the proposal, the council scores (the chair in
the browser, the other eight through the services), the chair closes, the officer publishes and recognises 4★, and
the certificate names the Sở NN&MT under the UBND thành phố Cần Thơ (the province delegates, as its procedure says).
The Long Mỹ Q3 2020 report made afterwards has the same units and figures as the one made before the reorganisation.
"""

import io
import re
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from e2e.conftest import ARTIFACTS
from e2e.session import sign_in, sign_out
from e2e.test_rating_journey import action_button, actions, entry_row, expect_round_status, open_round, score
from org.enums import Role
from org.models import AdministrativeUnit
from org.tests.factories import AgencyFactory, member
from products.demo import demo_pdf
from products.enums import ProductStatus
from products.models import ProductSet
from products.tests.factories import ProducerFactory, ProductFactory
from rating import services
from rating.enums import RoundStatus, SeatRole
from rating.models import (
    Certificate,
    CouncilSeat,
    Criterion,
    PreAssessment,
    PreAssessmentStatus,
    ProvinceProcedure,
    RecognitionSigner,
    Round,
    ScoreSheet,
    Sheet,
)
from rating.tests.factories import load_148_test_sheet
from reporting.gather import gather
from reporting.periods import quarter
from reporting.tests.test_structure_then import reorganise
from reporting.workbook import to_xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SCORE_75 = {"1.1": 40, "2.1": 0, "3.1": 35}  # 75 points: four stars under 148's bands


def report_cells(unit):
    """Every cell of the Long Mỹ Q3 2020 workbook, sheet by sheet: its units and figures."""
    book = load_workbook(io.BytesIO(to_xlsx(gather(unit, quarter(2020, 3)))))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def pdf_text(content, name):
    """The PDF's text; the file is kept in e2e/artifacts for a human look."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(content)
    command = ["/usr/bin/pdftotext", "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_commune_pre_assesses_province_recognises_and_2020_stays(page, screenshot, tmp_path, tree, district_officer):
    # The 2020 history: an idea of Thuận Hòa sent to the district in Q3 2020, and its report as it was made then.
    ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.SUBMITTED, year=2020,
                   submitted_at=datetime(2020, 8, 10, 9, tzinfo=VN), name="Bánh pía Thuận Hòa 2020")  # fmt: skip
    before = report_cells(tree.district)
    assert any("Thuận Hòa" in str(cell) for rows in before.values() for row in rows for cell in row)

    # The reorganisation of 01/07/2025, and today's people of thành phố Cần Thơ.
    reorganise(tree, district_officer)
    city = AdministrativeUnit.objects.get(code="92")
    commune = AdministrativeUnit.objects.get(code="9200004")
    load_148_test_sheet()
    product_set = ProductSet.objects.get(scheme="148/QĐ-TTg", number=1)
    officer = member(Role.COMMUNE_OFFICIAL, commune, username="xa.vinhthuandong", first_name="Trần", last_name="Xã")
    chairman = member(Role.LEADERSHIP, commune, username="chutich.vinhthuandong", first_name="Lê", last_name="Chủ tịch")
    province = member(Role.PROVINCE_OFFICER, city, username="so.nnmt.cantho", first_name="Ngô", last_name="Sở")
    agency = AgencyFactory(unit=city, name="Sở Nông nghiệp và Môi trường", short_name="Sở NN&MT")
    council = [member(Role.AGENCY_STAFF, agency, username=f"hoidong.ct{n}", first_name="Thành viên", last_name=str(n))
               for n in range(1, 10)]  # fmt: skip
    ProvinceProcedure.objects.create(province=city, recognition_signer=RecognitionSigner.DEPARTMENT,
                                     decision="Quyết định của UBND thành phố (minh họa, kiểm thử)")  # fmt: skip
    product = ProductFactory(producer=ProducerFactory(commune=commune, name="HTX Khóm Vĩnh Thuận Đông"),
                             status=ProductStatus.READY, name="Khóm sấy Vĩnh Thuận Đông")  # fmt: skip
    commune_criterion = Criterion.objects.get(sheet__product_set=product_set, number="1.1")
    best = commune_criterion.options.order_by("-points").first()
    report_file = tmp_path / "bao-cao-tu-danh-gia.pdf"
    report_file.write_bytes(demo_pdf("Bao cao tu danh gia"))

    # 1. The commune's OCOP officer starts the pre-assessment, scores the commune's criterion, attaches the producer's
    # self-assessment report and sends it to the chairman.
    sign_in(page, officer)
    page.goto("/rating/pre-assessments/")
    row = page.locator(f"#waiting li[data-product='{product.pk}']")
    row.locator(f"#set-{product.pk}").select_option(str(product_set.pk))
    row.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rating/pre-assessments/\d+/$"))  # the server has made it
    item = PreAssessment.objects.get(product=product)
    expect(page).to_have_url(f"/rating/pre-assessments/{item.pk}/")
    expect(page.locator("#action-submit, button[data-action='submit']")).to_be_disabled()  # nothing assessed yet
    page.locator(f"input[name='c{commune_criterion.pk}'][value='{best.pk}']").check()
    page.locator("#id_upload").set_input_files(str(report_file))
    page.locator("#sheet input[type=submit][name=save]").click()
    expect(page.locator("button[data-action='submit']")).to_be_enabled()
    screenshot("two-tier-pre-assessment")
    page.locator("button[data-action='submit']").click()
    expect(page.locator("#pre-assessment-status")).to_have_attribute("data-status", PreAssessmentStatus.SUBMITTED)
    sign_out(page)

    # 2. The commune chairman confirms; the officer proposes the product to the province.
    sign_in(page, chairman)
    page.goto(f"/rating/pre-assessments/{item.pk}/")
    expect(page.locator("#points")).to_have_text(re.compile(r"^40([.,]0)?$"))
    page.locator("button[data-action='confirm']").click()
    expect(page.locator("#pre-assessment-status")).to_have_attribute("data-status", PreAssessmentStatus.CONFIRMED)
    sign_out(page)
    sign_in(page, officer)
    page.goto(f"/rating/pre-assessments/{item.pk}/")
    page.locator("button[data-action='propose']").click()
    expect(page.locator("#pre-assessment-status")).to_have_attribute("data-status", PreAssessmentStatus.PROPOSED)
    sign_out(page)

    # 3. The province officer opens a round under the rules in force (148 + 1489, proposed by the form) and takes the
    # commune's proposal.
    sign_in(page, province)
    page.goto("/rating/add/")
    page.locator("#id_unit").select_option(str(city.pk))
    page.locator("form:has(#id_rule_set) input[type=submit][name=save]").click()
    expect(page).to_have_url(re.compile(r"/rating/\d+/$"))
    round_ = Round.objects.get(unit=city)
    assert round_.rule_set.code == "148+1489/QĐ-TTg" and round_.number == 1
    expect(page.locator("#rule-set-coverage")).to_contain_text("1")
    form = page.locator(f"form[action='/rating/{round_.pk}/add/entry/']")
    form.locator("#id_proposal").select_option(str(item.pk))
    form.locator("input[type=submit][name=save]").click()
    expect(page.locator("#entries tr[data-entry]")).to_have_count(1)
    entry = round_.entries.get()
    assert entry.product_set == product_set
    for index, person in enumerate(council):  # the council of nine the rule set expects
        CouncilSeat.objects.create(round=round_, user=person, role=SeatRole.CHAIR if index == 0 else SeatRole.MEMBER)
    page.reload()
    expect(page.locator("#size-warning")).to_have_count(0)
    action_button(page, "open").click()
    expect_round_status(page, RoundStatus.ACCEPTING)
    action_button(page, "start_scoring").click()
    expect_round_status(page, RoundStatus.SCORING)
    sign_out(page)

    # 4. Eight members score through the services; the chair scores in the browser, last, and closes the round.
    sheet = Sheet.objects.get(rule_set__code="148/QĐ-TTg", product_set=product_set)
    criteria = services.criteria_of(sheet)
    chosen = {c.pk: next(o for o in c.options.all() if o.points == SCORE_75[c.number]) for c in criteria}
    for person in council[1:]:
        score_sheet = ScoreSheet.objects.get(entry=entry, seat__user=person)
        services.save_answers(score_sheet, chosen=chosen, criteria=criteria)
        services.submit_sheet(score_sheet, criteria=criteria)
    chair = council[0]
    sign_in(page, chair)
    open_round(page, round_)
    my_sheet = ScoreSheet.objects.get(entry=entry, seat__user=chair)
    actions(page, entry).locator(f"a[data-sheet='{my_sheet.pk}']").click()
    score(page, sheet, SCORE_75)
    expect(page).to_have_url(f"/rating/{round_.pk}/")
    action_button(page, "close").click()
    expect_round_status(page, RoundStatus.CLOSED)
    expect(entry_row(page, entry)).to_contain_text("75,0")
    sign_out(page)

    # 5. The province publishes and recognises the 4★ result; the certificate names the Sở under the city.
    sign_in(page, province)
    open_round(page, round_)
    action_button(page, "publish").click()
    expect_round_status(page, RoundStatus.PUBLISHED)
    expect(entry_row(page, entry).locator(".stars span[aria-hidden='true']")).to_have_text("★★★★")
    actions(page, entry).locator("button[data-action='issue']").click()
    expect(page).to_have_url(re.compile(r"/rating/certificates/\d+/$"))
    certificate = Certificate.objects.get(entry=entry)
    assert certificate.stars == 4 and certificate.number.startswith("92-")
    screenshot("two-tier-certificate")
    response = page.request.get(f"/rating/certificates/{certificate.pk}/pdf/")
    assert response.ok
    text = pdf_text(response.body(), f"two-tier-certificate-{page.viewport_name}.pdf")
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in text and "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text
    assert "GIÁM ĐỐC" in text and "Khóm sấy Vĩnh Thuận Đông" in text

    # 6. History stays: the Long Mỹ Q3 2020 report made now has the units and figures it had before.
    assert report_cells(tree.district) == before
