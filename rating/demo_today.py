"""Demo rating as it runs today (issue 16): thành phố Cần Thơ's first round under QĐ 148 as amended by QĐ 1489,
opened by the Sở NN&MT officer, and a product of xã Vĩnh Thuận Đông (moved there from the former commune by the
reorganisation) whose dossier the Sở finds complete, with the producer's self-assessment report: it waits for the
commune's pre-assessment. It shows honestly what is missing: 148's scoring sheets are not shipped (their official
text is not in our sources), so the round page counts no product set with a sheet, the commune cannot pre-assess,
and no entry can be added until an office loads the sheets (`manage.py criteria template`). The round, its meeting
date and the product's new documents are illustrative. Idempotent.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from org.models import AdministrativeUnit
from products import workflow as product_workflow
from products.demo import prepare, upload_demo_pdf
from products.enums import DocumentKind, ProductStatus
from products.models import Product
from rating import selectors, services
from rating.enums import RoundLevel
from rating.models import Round

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
