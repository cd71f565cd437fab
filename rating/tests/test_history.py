"""The change history of rounds, entries (the results), score sheets and certificates: kept with who and when
through the app's own views, shown on the round and certificate pages, and in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from org.enums import Role
from org.tests.factories import UserFactory, member
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory, page_of
from rating.models import Certificate, Entry, ScoreSheet
from rating.tests.factories import district_round, small_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(tree, district_officer):
    small_sheet()
    return district_round(tree, district_officer, [UserFactory(username=f"hoidong{i}") for i in range(3)])


@pytest.fixture
def ready_product(tree):
    return ProductFactory(
        producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY, name="Trà mãng cầu"
    )


def audit_of(page):
    return page.split('id="audit-history"')[1].split("</section>")[0]


def test_the_entry_checks_are_kept_and_shown_on_the_round(client_for, district_officer, round_, ready_product):
    entry = Entry.objects.create(round=round_, product=ready_product, product_set=ready_product.product_set)
    client = client_for(district_officer, "en")
    client.post(reverse("rating:entry_checks", args=[round_.pk, entry.pk]), {"dossier_checked": "on"})
    last = Entry.history.filter(id=entry.pk).latest("history_date")
    assert (last.history_type, last.history_user, last.dossier_checked) == ("~", district_officer, True)
    audit = audit_of(page_of(client, reverse("rating:round_detail", args=[round_.pk])))
    assert "Trà mãng cầu" in audit and "Dossier checked: no → yes" in audit


def test_a_revocation_is_kept_and_shown_on_the_certificate(client_for, certificate, province_officer):
    client = client_for(province_officer, "en")
    client.post(reverse("certificates:certificate_revoke", args=[certificate.pk]), {"reason": "Cơ sở ngừng sản xuất"})
    last = Certificate.history.filter(id=certificate.pk).latest("history_date")
    assert (last.history_user, last.revocation_reason) == (province_officer, "Cơ sở ngừng sản xuất")
    audit = audit_of(page_of(client, reverse("certificates:certificate_detail", args=[certificate.pk])))
    assert "— → Cơ sở ngừng sản xuất" in audit


def test_another_districts_user_still_gets_404(tree, client_for, round_, certificate):
    outsider = client_for(member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang"))
    assert outsider.get(reverse("rating:round_detail", args=[round_.pk])).status_code == 404
    assert outsider.get(reverse("certificates:certificate_detail", args=[certificate.pk])).status_code == 404


def test_the_admin_sees_any_records_history(client, round_, ready_product, certificate):
    entry = Entry.objects.create(round=round_, product=ready_product, product_set=ready_product.product_set)
    sheet = ScoreSheet.objects.create(entry=entry, seat=round_.seats.first())
    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.org", "x"))
    for name, record in [("round", round_), ("entry", entry), ("scoresheet", sheet), ("certificate", certificate)]:
        response = client.get(reverse(f"admin:rating_{name}_history", args=[record.pk]))
        assert response.status_code == 200, name
        assert response.context["page_obj"].object_list, name
    # Read only: the admin shows these records, the services change them.
    assert client.get(reverse("admin:rating_round_change", args=[round_.pk])).status_code == 200
    assert client.post(reverse("admin:rating_round_delete", args=[round_.pk])).status_code == 403


def test_a_member_sees_no_results_in_the_history_before_results_are_shown(client_for, district_officer, round_,
                                                                          ready_product):  # fmt: skip
    entry = Entry.objects.create(round=round_, product=ready_product, product_set=ready_product.product_set)
    seat = round_.seats.first()
    ScoreSheet.objects.create(entry=entry, seat=seat)
    entry.stars = 4
    entry.save()
    url = reverse("rating:round_detail", args=[round_.pk])
    assert "Stars: — → 4" in audit_of(page_of(client_for(district_officer, "en"), url))
    member_audit = audit_of(page_of(client_for(seat.user, "en"), url))
    assert "Trà mãng cầu" in member_audit and "Stars" not in member_audit
