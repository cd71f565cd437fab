"""The province's register of earlier recognitions (rating.register): reading, matching, applying, idempotence,
and where the imported certificates show (the certificate list, the public catalogue, the reports)."""

import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import Workbook

from products.enums import ProductStatus
from products.models import Producer, Product
from products.tests.factories import ProducerFactory, ProductFactory
from rating import register
from rating.catalogue import ensure_rule_sets
from rating.enums import CertificateSource
from rating.models import Certificate, RuleSet
from rating.register import reading

pytestmark = pytest.mark.django_db

HEADERS = [reading.PRODUCT, reading.PRODUCER, reading.LEGAL_FORM, reading.GROUP, reading.COMMUNE, reading.ADDRESS,
           reading.STARS, reading.DECISION_NUMBER, reading.DECISION_DATE, reading.RECOGNISED_BY,
           reading.VALID_UNTIL]  # fmt: skip


def row(**cells):
    values = {
        reading.PRODUCT: "Trà mãng cầu", reading.PRODUCER: "Hợp tác xã Mãng cầu Thuận Hòa", reading.LEGAL_FORM: "HTX",
        reading.GROUP: "Thực phẩm", reading.COMMUNE: "Thuận Hòa", reading.ADDRESS: "Ấp 2", reading.STARS: 4,
        reading.DECISION_NUMBER: "1234/QĐ-UBND", reading.DECISION_DATE: date(2024, 5, 10),
        reading.RECOGNISED_BY: "UBND huyện Long Mỹ", reading.VALID_UNTIL: None,
    }  # fmt: skip
    values.update(cells)
    return values


def workbook(*rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def rule_sets(db):
    ensure_rule_sets(RuleSet)


def saved():
    return Certificate.objects.count(), Product.objects.count(), Producer.objects.count()


def problems(tree, content, choices=None):
    with translation.override("vi"):
        try:
            return register.preview(tree.province, content, choices).problems
        except register.RegisterError as error:
            return error.problems


# --- Bad rows: each reported by row and column, in the user's language, and nothing saved -----------------

BAD_ROWS = {
    "unknown commune": (row(**{reading.COMMUNE: "Tân Phú"}), reading.COMMUNE, "Không có xã, phường"),
    "bad date": (row(**{reading.DECISION_DATE: "31/02/2024"}), reading.DECISION_DATE, "không phải là ngày"),
    "stars outside 3-5": (row(**{reading.STARS: 2}), reading.STARS, "từ 3 đến 5"),
    "missing cell": (row(**{reading.PRODUCT: ""}), reading.PRODUCT, "bắt buộc"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(tree, province_officer, case):
    bad, column, message = BAD_ROWS[case]
    content = workbook(row(**{reading.PRODUCT: "Mật ong"}), bad)
    found = problems(tree, content)
    assert [(r, c) for r, c, _m in found] == [(3, column)], found
    assert message in found[0][2], found
    before = saved()
    with pytest.raises(register.NotReady):
        register.apply(tree.province, content, user=province_officer)
    assert saved() == before


def test_an_ambiguous_commune_name_asks_for_the_code(tree, province_officer):
    from org.tests.factories import CommuneFactory

    CommuneFactory(code="31451", name="Thuận Hòa", parent=tree.other_district)
    found = problems(tree, workbook(row()))
    assert [(r, c) for r, c, _m in found] == [(2, reading.COMMUNE)]
    assert "nhiều hơn một" in found[0][2]
    assert not problems(tree, workbook(row(**{reading.COMMUNE: "31484"})))  # the code is unambiguous


def test_a_duplicate_row_within_the_file_names_the_first(tree):
    found = problems(tree, workbook(row(), row(**{reading.PRODUCER: "HỢP TÁC XÃ  mãng cầu thuận hoà"})))
    assert [(r, c) for r, c, _m in found] == [(3, reading.PRODUCT)]
    assert "dòng 2" in found[0][2]


def test_an_unknown_column_is_refused_by_name(tree):
    found = problems(tree, workbook(row(), headers=[*HEADERS, "Ghi chú"]))
    assert found == [(1, "Ghi chú", "Không có cột “Ghi chú”.")]


def test_a_missing_required_column_is_named(tree):
    found = problems(tree, workbook(row(), headers=[h for h in HEADERS if h != reading.STARS]))
    assert [(r, c) for r, c, _m in found] == [(1, reading.STARS)]


# --- Applying -----------------------------------------------------------------------------------------


def test_import_creates_producer_product_and_register_certificate_with_history(tree, province_officer):
    content = workbook(row(), row(**{reading.PRODUCT: "Mật ong", reading.STARS: 3, reading.DECISION_NUMBER: "",
                                     reading.DECISION_DATE: None}))  # fmt: skip
    plan = register.apply(tree.province, content, user=province_officer)
    assert plan.counts | {} == {**plan.counts, "new": 2, "existing": 0, "flagged": 1, "new_producers": 1,
                                "new_products": 2}  # fmt: skip
    producer = Producer.objects.get()
    assert (producer.name, producer.commune, producer.legal_form) == (
        "Hợp tác xã Mãng cầu Thuận Hòa",
        tree.commune,
        "cooperative",
    )
    tea = Certificate.objects.get(product__name="Trà mãng cầu")
    assert tea.origin == CertificateSource.REGISTER and tea.entry is None
    assert (tea.stars, tea.decision_number, tea.decision_date, tea.recognised_by) == (
        4,
        "1234/QĐ-UBND",
        date(2024, 5, 10),
        "UBND huyện Long Mỹ",
    )
    assert tea.valid_until == date(2027, 5, 10)  # 36 months of the rule set in force on the decision date
    assert not tea.needs_completion
    honey = Certificate.objects.get(product__name="Mật ong")
    assert honey.needs_completion and honey.valid_until is None and honey.state() == "unknown"
    assert tea.product.status == ProductStatus.READY and tea.product.category.name == "Thực phẩm"
    assert tea.product.category.scheme == "148/QĐ-TTg"  # the classification in force on 10/05/2024
    assert Certificate.history.filter(history_user=province_officer).count() == 2
    assert Product.history.count() == 2 and Producer.history.count() == 1


def test_validity_written_in_the_file_is_kept(tree, province_officer):
    register.apply(tree.province, workbook(row(**{reading.VALID_UNTIL: "09/05/2027"})), user=province_officer)
    assert Certificate.objects.get().valid_until == date(2027, 5, 9)


def test_a_second_import_of_the_same_file_changes_nothing(tree, province_officer):
    content = workbook(row(), row(**{reading.PRODUCT: "Mật ong", reading.DECISION_NUMBER: ""}))
    register.apply(tree.province, content, user=province_officer)
    before = saved()
    plan = register.apply(tree.province, content, user=province_officer)
    assert plan.counts["existing"] == 2 and plan.counts["new"] == 0
    assert saved() == before


def test_an_exact_producer_is_reused_and_two_producers_may_have_a_product_of_the_same_name(tree, province_officer):
    existing = ProducerFactory(commune=tree.commune, name="Hợp tác xã Mãng Cầu  Thuận Hoà")
    ProductFactory(producer=existing, name="trà mãng cầu")
    content = workbook(row(), row(**{reading.PRODUCER: "Cơ sở Ba Tư"}))
    register.apply(tree.province, content, user=province_officer)
    assert Producer.objects.count() == 2
    assert Certificate.objects.filter(product__producer=existing).count() == 1
    assert Product.objects.filter(name__iexact="Trà mãng cầu").count() == 2


def test_a_near_producer_is_offered_and_never_merged_silently(tree, province_officer):
    existing = ProducerFactory(commune=tree.commune, name="HTX Phụng Phát")
    content = workbook(row(**{reading.PRODUCER: "Hợp tác xã Phụng Phát"}),
                       row(**{reading.PRODUCER: "Hợp tác xã Phụng Phát", reading.PRODUCT: "Mật ong"}))  # fmt: skip
    plan = register.preview(tree.province, content)
    [near] = plan.near
    assert near.candidates == [(existing.pk, "HTX Phụng Phát")] and near.rows == [2, 3]
    assert not plan.ready
    with pytest.raises(register.NotReady):
        register.apply(tree.province, content, user=province_officer)
    assert not Certificate.objects.exists()

    register.apply(tree.province, content, {near.token: str(existing.pk)}, user=province_officer)
    assert Producer.objects.count() == 1
    assert Certificate.objects.filter(product__producer=existing).count() == 2


def test_a_near_producer_may_be_created_new(tree, province_officer):
    ProducerFactory(commune=tree.commune, name="Hợp tác xã Phụng Phá")  # a letter missing
    content = workbook(row(**{reading.PRODUCER: "Hợp tác xã Phụng Phát"}))
    [near] = register.preview(tree.province, content).near
    register.apply(tree.province, content, {near.token: register.NEW}, user=province_officer)
    assert Producer.objects.count() == 2


def test_an_imported_certificate_counts_in_the_reports(tree, province_officer):
    from reporting import indicators, periods

    register.apply(tree.province, workbook(row()), user=province_officer)
    period = periods.year_of(2024)
    assert indicators.certificates_issued(tree.province, period).count() == 1
    assert indicators.certificates_valid(tree.district, date(2025, 1, 1)).count() == 1
    assert indicators.certificates_valid(tree.other_district, date(2025, 1, 1)).count() == 0


# --- Where an imported certificate shows ------------------------------------------------------------------


def test_an_imported_certificate_is_in_the_public_catalogue_and_the_certificate_list(tree, province_officer,
                                                                                      client_for):  # fmt: skip
    from django.urls import reverse

    register.apply(tree.province, workbook(row()), user=province_officer)
    catalogue = client_for(province_officer).get(reverse("public:catalogue")).content.decode()
    assert "Trà mãng cầu" in catalogue and "Quyết định 1234/QĐ-UBND" in catalogue
    listed = client_for(province_officer).get(reverse("certificates:certificate_list")).content.decode()
    assert "Trà mãng cầu" in listed and "1234/QĐ-UBND" in listed and "Hợp tác xã Mãng cầu Thuận Hòa" in listed
    certificate = Certificate.objects.get()
    detail = client_for(province_officer).get(reverse("certificates:certificate_detail", args=[certificate.pk]))
    assert 'id="decision-number">1234/QĐ-UBND<' in detail.content.decode()
    assert client_for(province_officer).get(reverse("public:verify", args=[certificate.token])).status_code == 200


def test_a_row_without_a_decision_is_flagged_in_the_list(tree, province_officer, client_for):
    from django.urls import reverse

    register.apply(tree.province, workbook(row(), row(**{reading.PRODUCT: "Mật ong", reading.DECISION_NUMBER: ""})),
                   user=province_officer)  # fmt: skip
    url = reverse("certificates:certificate_list")
    flagged = client_for(province_officer).get(f"{url}?source=incomplete").content.decode()
    assert "Mật ong" in flagged and "Trà mãng cầu" not in flagged
    assert 'data-flag="incomplete"' in flagged and "Ghi nhận chưa có quyết định" in flagged


def test_an_imported_certificate_is_in_the_expiry_queue(tree, province_officer):
    from rating import certificates

    register.apply(tree.province, workbook(row()), user=province_officer)
    assert certificates.certificates_expiring(Certificate.objects.all(), today=date(2027, 3, 1)).count() == 1
