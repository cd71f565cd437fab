"""seed_demo's today (issue 16, item 7): the Long Mỹ history is kept, the illustrative reorganisation file of thành phố
Cần Thơ is applied through the same code as an upload, and today's people find their work: the successor commune's
official sees the moved producers with their history, the Sở NN&MT officer holds the whole area and a round under
148 + 1489 that says its sheets are not loaded, and the people of the abolished units see nothing."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from org.models import AdministrativeUnit, Succession
from products.enums import DocumentKind, ProductStatus
from products.models import Product
from rating.enums import CertificateSource, RoundLevel, RoundStatus
from rating.models import Certificate, Round

pytestmark = pytest.mark.django_db


def client_of(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_seed_adds_today_s_city_through_the_reorganisation_file(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()
    assert "Sắp xếp lại đơn vị hành chính ngày 01/07/2025" in output
    ended_line = next(line for line in output.splitlines() if line.strip().startswith("huyen.longmy"))
    assert "chờ phân công lại" in ended_line
    assert "chờ phân công lại" not in next(line for line in output.splitlines() if "ct.so.nnmt" in line)

    # The structure: Hậu Giang and Long Mỹ ended on 30/06/2025 and are carried on by thành phố Cần Thơ.
    city = AdministrativeUnit.objects.get(code="92")
    assert str(city) == "Thành phố Cần Thơ" and city.valid_until is None
    long_my = AdministrativeUnit.objects.get(code="936")
    assert long_my.valid_until == date(2025, 6, 30)
    assert Succession.objects.filter(predecessor=long_my, successor=city, effective_on=date(2025, 7, 1)).exists()
    commune = AdministrativeUnit.objects.get(code="9200004")
    assert (str(commune), commune.parent) == ("Xã Vĩnh Thuận Đông", city)

    # The successor commune's official sees the producer moved from Thuận Hòa, with the move in its history.
    product = Product.objects.select_related("producer").get(name="Mãng cầu xiêm lên men Ấp 6")
    assert product.commune == commune and product.producer.commune == commune
    official = client_of("ct.xa.vinhthuandong")
    page = official.get(reverse("products:producer_detail", args=[product.producer.pk])).content.decode()
    assert "Thuận Hòa" in page and "Nghị quyết 1668/NQ-UBTVQH15" in page
    assert product.name in official.get(reverse("products:product_list")).content.decode()
    # The people of the abolished units see nothing; an outsider neither.
    for username in ("xa.thuanhoa", "huyen.longmy", "xa.vithang"):
        assert client_of(username).get(reverse("products:product_detail", args=[product.pk])).status_code == 404
    page = client_of("huyen.longmy").get("/").content.decode()
    assert 'id="ended-roles"' in page and "Huyện Long Mỹ" in page

    # The Sở marked the dossier complete; the producer's self-assessment report is in it; the commune is told that
    # it cannot pre-assess until the sheets are loaded.
    assert product.status == ProductStatus.READY
    assert product.transitions.last().actor.username == "ct.so.nnmt"
    assert product.documents.filter(kind=DocumentKind.SELF_ASSESSMENT).exists()
    page = official.get(reverse("rating:pre_assessment_list")).content.decode()
    assert 'id="no-sheets"' in page and product.name in page and "148+1489/QĐ-TTg" in page

    # The city's round of this year under the rules in force, a draft that says what is missing.
    round_ = Round.objects.get(unit=city, level=RoundLevel.PROVINCE)
    assert (round_.rule_set.code, round_.status, round_.year) == (
        "148+1489/QĐ-TTg", RoundStatus.DRAFT, timezone.localdate().year,
    )  # fmt: skip
    assert round_.meeting_date > timezone.localdate() and "minh họa" in round_.transitions.get().note
    officer = client_of("ct.so.nnmt")
    page = officer.get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "chưa nạp bộ sản phẩm và phiếu chấm" in page and "minh họa" in page
    # It holds Long Mỹ's history: the 2020 round and its report of Q3 2020.
    old_round = Round.objects.get(unit=long_my, year=2020)
    assert officer.get(reverse("rating:round_detail", args=[old_round.pk])).status_code == 200
    assert client_of("xa.vithang").get(reverse("rating:round_detail", args=[round_.pk])).status_code == 404
    page = officer.get(reverse("org:unit_list")).content.decode()
    assert 'data-ended="936"' in page and 'data-ended="9200004"' not in page

    # The city's register, imported through the same code as its page: three illustrative recognitions.
    imported = Certificate.objects.filter(origin=CertificateSource.REGISTER).select_related("product__commune")
    assert {c.product.commune.parent.code for c in imported} == {"92"}
    assert all("minh họa" in c.product.name for c in imported)
    states = {c.product.name: c.state() for c in imported}
    assert states["Bánh pía sầu riêng Long Mỹ (minh họa)"] == "expiring"  # the expiry queue has one
    assert states["Mật ong hoa tràm Vĩnh Viễn (minh họa)"] == "unknown"  # recorded without a decision
    expiring = imported.get(product__name="Bánh pía sầu riêng Long Mỹ (minh họa)")
    assert expiring.recognised_by == "UBND tỉnh Hậu Giang" and expiring.decision_date < date(2025, 7, 1)
    page = officer.get(reverse("certificates:certificate_list") + "?state=expiring").content.decode()
    assert expiring.product.name in page
