"""Demo rating as it runs today (issue 16): thành phố Cần Thơ's first round under QĐ 148 as amended by QĐ 1489,
opened by the Sở NN&MT officer, and a product of xã Vĩnh Thuận Đông (moved there from the former commune by the
reorganisation) whose dossier the Sở finds complete, with the producer's self-assessment report: it waits for the
commune's pre-assessment. It shows honestly what is missing: 148's scoring sheets are not shipped (their official
text is not in our sources), so the round page counts no product set with a sheet, the commune cannot pre-assess,
and no entry can be added until an office loads the sheets (`manage.py criteria template`). The round, its meeting
date and the product's new documents are illustrative. Idempotent.
"""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook

from org.data.reorganisation_can_tho_2025 import EFFECTIVE
from org.models import AdministrativeUnit
from products import workflow as product_workflow
from products.demo import prepare, upload_demo_pdf
from products.enums import DocumentKind, ProductStatus
from products.models import Product
from rating import certificates, register, selectors, services
from rating.enums import CertificateSource, RoundLevel
from rating.models import Certificate, Round
from rating.register import reading

OFFICER = "ct.so.nnmt"
COMMUNE_OFFICIAL = "ct.xa.vinhthuandong"
READY = "Mãng cầu xiêm lên men Ấp 6"  # a products.demo idea of xã Thuận Hòa, implementing its plan
NOTE = "Vòng đánh giá minh họa của dữ liệu demo (chưa nạp phiếu chấm theo QĐ 148)"


def seed_city_rating(today=None):
    """The product waiting for pre-assessment and the city's round of this year, a draft three weeks ahead.
    Returns the accounts it adds: none."""
    today = today or timezone.localdate()
    city = AdministrativeUnit.objects.get(code="92")
    User = get_user_model()
    officer, commune_user = User.objects.get(username=OFFICER), User.objects.get(username=COMMUNE_OFFICIAL)
    product = Product.objects.get(name=READY)
    if product.status == ProductStatus.IMPLEMENTING:
        prepare(product, "mark_ready", commune_user, officer)
        product_workflow.apply(product, "mark_ready", user=officer)
        upload_demo_pdf(product, commune_user, DocumentKind.SELF_ASSESSMENT, "bao-cao-tu-danh-gia.pdf")
    if Round.objects.filter(level=RoundLevel.PROVINCE, unit=city, year=today.year).exists():
        return []
    meeting = today + timedelta(days=21)
    round_ = Round(level=RoundLevel.PROVINCE, unit=city, year=today.year, meeting_date=meeting,
                   number=selectors.next_round_number(RoundLevel.PROVINCE, city, today.year),
                   rule_set=selectors.rule_set_in_force(meeting))  # fmt: skip
    services.create_round(round_, user=officer, note=NOTE)
    return []


def register_workbook(today=None):
    """The city's register as an office would send it (.xlsx bytes): three illustrative recognitions made before the
    portal. One recognised three years ago and close to expiry (the expiry queue), one recorded without a decision
    (flagged for completion), one recognised by the city after the reorganisation."""
    today = today or timezone.localdate()
    expiring = certificates.add_months(today, -36) + timedelta(days=40)
    recent = max(EFFECTIVE + timedelta(days=60), today - timedelta(days=120))

    def body(day):
        return "UBND tỉnh Hậu Giang" if day < EFFECTIVE else "UBND thành phố Cần Thơ"

    rows = [
        ("Bánh pía sầu riêng Long Mỹ (minh họa)", "Cơ sở bánh pía Long Mỹ (minh họa)", "9200005", 4,
         "12/QĐ-UBND (minh họa)", expiring, body(expiring)),
        ("Mật ong hoa tràm Vĩnh Viễn (minh họa)", "Hợp tác xã ong mật Vĩnh Viễn (minh họa)", "9200001", 3, "", None,
         "UBND tỉnh Hậu Giang"),
        ("Khóm sấy dẻo Lương Tâm (minh họa)", "Tổ hợp tác khóm Lương Tâm (minh họa)", "9200003", 3,
         "85/QĐ-UBND (minh họa)", recent, body(recent)),
    ]  # fmt: skip
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách OCOP")
    sheet.append([reading.PRODUCT, reading.PRODUCER, reading.COMMUNE, reading.STARS, reading.DECISION_NUMBER,
                  reading.DECISION_DATE, reading.RECOGNISED_BY, reading.GROUP])  # fmt: skip
    for product, producer, commune, stars, number, day, by in rows:
        sheet.append([product, producer, commune, stars, number, day.strftime("%d/%m/%Y") if day else "", by,
                      "Thực phẩm"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def seed_city_register(today=None):
    """Import the city's illustrative register once, through the same import as the page."""
    city = AdministrativeUnit.objects.get(code="92")
    registered = Certificate.objects.filter(
        origin=CertificateSource.REGISTER, product__commune__path__startswith=city.path
    )
    if registered.exists():
        return None
    return register.apply(city, register_workbook(today), user=get_user_model().objects.get(username=OFFICER))
