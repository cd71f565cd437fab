"""Round and sheet screens: who sees and does what, and a council scoring through the pages."""

import re

import pytest
from django.urls import reverse

from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from rating.enums import RoundStatus, SheetStatus
from rating.models import Entry, Option, Round, ScoreSheet
from rating.tests.factories import district_round, small_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db):
    return [UserFactory(username=f"hoidong{i}") for i in range(3)]


@pytest.fixture
def round_(tree, district_officer, members):
    small_sheet()
    return district_round(tree, district_officer, members)


@pytest.fixture
def ready_product(tree):
    return ProductFactory(
        producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY, name="Trà mãng cầu"
    )


def test_the_district_officer_creates_a_round(tree, client_for, district_officer):
    small_sheet()
    response = client_for(district_officer).post(
        reverse("rating:round_add"), {"unit": tree.district.pk, "year": 2020, "number": 1, "rule_set": 1}
    )
    round_ = Round.objects.get()
    assert response["Location"] == reverse("rating:round_detail", args=[round_.pk])
    assert (round_.level, round_.status, round_.created_by) == ("district", "draft", district_officer)
    assert list(round_.transitions.values_list("to_status", flat=True)) == ["draft"]


def test_a_commune_official_cannot_create_a_district_round(tree, client_for, commune_official):
    small_sheet()
    client_for(commune_official).post(
        reverse("rating:round_add"), {"unit": tree.district.pk, "year": 2020, "number": 1, "rule_set": 1}
    )
    assert not Round.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("district_officer", 200), ("leadership", 200), ("province_officer", 200),
                                             ("commune_official", 404), ("agency_staff", 404)])  # fmt: skip
def test_who_sees_a_district_round(request, client_for, round_, who, status):
    response = client_for(request.getfixturevalue(who)).get(reverse("rating:round_detail", args=[round_.pk]))
    assert response.status_code == status


def test_a_published_round_is_shown_to_the_communes_of_its_entries(client_for, round_, ready_product, commune_official,
                                                                   other_commune_official):  # fmt: skip
    Entry.objects.create(round=round_, product=ready_product, product_set=ready_product.product_set)
    url = reverse("rating:round_detail", args=[round_.pk])
    assert client_for(commune_official).get(url).status_code == 404
    round_.status = RoundStatus.PUBLISHED
    round_.save()
    assert client_for(commune_official).get(url).status_code == 200
    assert client_for(other_commune_official).get(url).status_code == 404


def test_a_far_commune_does_not_see_it_but_a_seated_member_does(tree, client_for, round_, members):
    from org.enums import Role
    from org.tests.factories import member

    far = member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang")
    assert client_for(far).get(reverse("rating:round_detail", args=[round_.pk])).status_code == 404
    assert client_for(members[1]).get(reverse("rating:round_detail", args=[round_.pk])).status_code == 200


def test_preparing_is_the_organisers_job(client_for, round_, ready_product, leadership, members, district_officer):
    url = reverse("rating:round_prepare", args=[round_.pk, "entry"])
    assert client_for(leadership).post(url, {"product": ready_product.pk}).status_code == 403
    assert client_for(members[0]).post(url, {"product": ready_product.pk}).status_code == 403
    client_for(district_officer).post(url, {"product": ready_product.pk})
    assert list(Entry.objects.values_list("product__name", flat=True)) == ["Trà mãng cầu"]


def test_only_products_ready_for_rating_are_offered(tree, client_for, round_, district_officer, ready_product):
    ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.IMPLEMENTING, name="Chưa đủ")
    ProductFactory(producer=ProducerFactory(commune=tree.far_commune), status=ProductStatus.READY, name="Vị Thủy")
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "Trà mãng cầu" in page and "Chưa đủ" not in page and "Vị Thủy" not in page


def choose(sheet, picks):
    data = {}
    for criterion_number, points in picks.items():
        option = Option.objects.get(criterion__sheet=sheet, criterion__number=criterion_number, points=points)
        data[f"c{option.criterion_id}"] = option.pk
    return data


FULL = {"1.1": 20, "1.2": 15, "5.1": 10, "5.2": 15, "9": 10, "10": 30}


def test_a_council_scores_through_the_pages(tree, client_for, district_officer, round_, ready_product, members):
    sheet = small_sheet()
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCORING and ScoreSheet.objects.count() == 3

    first = client_for(members[0])
    my_sheet = ScoreSheet.objects.get(seat__user=members[0])
    # htmx: a change saves the draft and re-renders the sheet; 5.2 appears once 5.1 has points.
    response = first.post(
        reverse("rating:sheet", args=[my_sheet.pk]), choose(sheet, {"5.1": 0}), HTTP_HX_REQUEST="true"
    )
    assert 'id="criterion-5.2" data-skipped="1"' in response.content.decode()
    response = first.post(
        reverse("rating:sheet", args=[my_sheet.pk]), choose(sheet, {"5.1": 5}), HTTP_HX_REQUEST="true"
    )
    assert 'id="criterion-5.2" data-skipped="0"' in response.content.decode()
    assert "<html" not in response.content.decode()  # a partial
    # Submitting an incomplete sheet says what is missing and keeps the draft.
    response = first.post(reverse("rating:sheet", args=[my_sheet.pk]), {**choose(sheet, {"5.1": 5}), "submit": "1"})
    assert "1.1" in response.content.decode()
    assert ScoreSheet.objects.get(pk=my_sheet.pk).status == SheetStatus.DRAFT
    # Another member cannot open this sheet.
    assert client_for(members[1]).get(reverse("rating:sheet", args=[my_sheet.pk])).status_code == 404

    for index, member in enumerate(members):
        own = ScoreSheet.objects.get(seat__user=member)
        picks = {**FULL, "10": 20} if index == 2 else FULL
        client_for(member).post(reverse("rating:sheet", args=[own.pk]), {**choose(sheet, picks), "submit": "1"})
    assert ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).count() == 3
    # A submitted sheet does not change any more.
    client_for(members[0]).post(reverse("rating:sheet", args=[my_sheet.pk]), choose(sheet, {"1.1": 0}))
    assert ScoreSheet.objects.get(pk=my_sheet.pk).total == 100

    client_for(members[0]).post(reverse("rating:round_action", args=[round_.pk, "close"]))  # the chair
    officer.post(reverse("rating:round_action", args=[round_.pk, "publish"]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    page = officer.get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "96,7" in page and "★★★★★" in page  # (100 + 100 + 90) / 3, in Vietnamese


def test_members_see_the_others_totals_only_after_submitting(client_for, district_officer, round_, ready_product,
                                                               members):  # fmt: skip
    sheet = small_sheet()
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    own = ScoreSheet.objects.get(seat__user=members[1])
    client_for(members[1]).post(reverse("rating:sheet", args=[own.pk]), {**choose(sheet, FULL), "submit": "1"})
    before = client_for(members[0]).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "100,0" not in before
    after = client_for(members[1]).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "100,0" in after


@pytest.mark.parametrize(("entries", "seats"), [(2, 3), (50, 7)])
def test_the_results_page_query_count_does_not_grow(tree, client_for, district_officer, django_assert_num_queries,
                                                    entries, seats):  # fmt: skip
    small_sheet()
    council = [UserFactory(username=f"tv{i}") for i in range(seats)]
    round_ = district_round(tree, district_officer, council)
    seat_rows = list(round_.seats.all())
    for _ in range(entries):
        product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
        entry = Entry.objects.create(round=round_, product=product, product_set=product.product_set,
                                     score_sum=70 * seats, sheet_count=seats, stars=4)  # fmt: skip
        ScoreSheet.objects.bulk_create(
            [ScoreSheet(entry=entry, seat=seat, status=SheetStatus.SUBMITTED, total=70) for seat in seat_rows]
        )
    round_.status = RoundStatus.PUBLISHED
    round_.save()
    client = client_for(district_officer)
    client.get(reverse("rating:round_detail", args=[round_.pk]))
    # 8 (one of them the rule set's sheet coverage), and for each change history (the round's, its entries', its
    # sheets') one query comparing its rows, and one loading the records listed where it has any (here the round's and
    # the entries'; the sheets were bulk-created).
    with django_assert_num_queries(13):
        response = client.get(reverse("rating:round_detail", args=[round_.pk]))
    body = response.content.decode()
    assert len(re.findall(r'data-entry="\d+"', body)) == entries
    assert body.count(f"{seats}/{seats}") == 2 * entries  # in its column, and under the name on a phone
    assert body.count("70,0") == entries


def test_nothing_changes_in_a_closed_round(client_for, district_officer, round_, ready_product, members):
    sheet = small_sheet()
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    for member in members:
        own = ScoreSheet.objects.get(seat__user=member)
        client_for(member).post(reverse("rating:sheet", args=[own.pk]), {**choose(sheet, FULL), "submit": "1"})
    client_for(members[0]).post(reverse("rating:round_action", args=[round_.pk, "close"]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    other = ProductFactory(producer=ready_product.producer, status=ProductStatus.READY)
    assert (
        officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": other.pk}).status_code
        == 403
    )
    assert officer.post(reverse("rating:round_prepare", args=[round_.pk, "seat"]), {}).status_code == 403
    own = ScoreSheet.objects.get(seat__user=members[1])
    client_for(members[1]).post(reverse("rating:sheet", args=[own.pk]), choose(sheet, {"1.1": 0}))
    assert ScoreSheet.objects.get(pk=own.pk).total == 100
    assert client_for(members[1]).post(reverse("rating:sheet_reopen", args=[own.pk])).status_code == 302
    assert ScoreSheet.objects.get(pk=own.pk).status == SheetStatus.SUBMITTED


def test_a_member_with_a_conflict_does_not_score_that_entry(client_for, district_officer, round_, ready_product,
                                                            members):  # fmt: skip
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    own = ScoreSheet.objects.get(seat__user=members[2])
    client_for(members[2]).post(reverse("rating:conflict", args=[own.pk]), {"note": "Người thân của chủ thể"})
    assert not ScoreSheet.objects.filter(pk=own.pk).exists()
    assert client_for(members[2]).get(reverse("rating:sheet", args=[own.pk])).status_code == 404
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "0/2" in page  # two sheets expected now, not three


def test_a_member_scores_only_rounds_where_they_sit(tree, client_for, round_, ready_product, district_officer):
    outsider = UserFactory(username="khong.ngoi")
    assert client_for(outsider).get(reverse("rating:round_detail", args=[round_.pk])).status_code == 404
    assert client_for(outsider).get(reverse("rating:round_list")).status_code == 200
    assert client_for(outsider).post(reverse("rating:round_action", args=[round_.pk, "close"])).status_code == 404


@pytest.mark.parametrize("rounds", [1, 8])
def test_the_round_list_query_count_does_not_grow(tree, client_for, district_officer, members, rounds,
                                                  django_assert_num_queries):  # fmt: skip
    small_sheet()
    for number in range(1, rounds + 1):
        district_round(tree, district_officer, members, number=number)
    client = client_for(district_officer)
    with django_assert_num_queries(6):
        response = client.get(reverse("rating:round_list"))
    assert len(re.findall(r'href="/rating/\d+/"', response.content.decode())) == rounds


def test_the_office_ticks_the_dossier_and_samples_before_scoring(client_for, district_officer, round_, ready_product,
                                                                 leadership):  # fmt: skip
    entry = Entry.objects.create(round=round_, product=ready_product, product_set=ready_product.product_set)
    url = reverse("rating:entry_checks", args=[round_.pk, entry.pk])
    assert client_for(leadership).post(url, {"dossier_checked": "on"}).status_code == 403
    client_for(district_officer).post(url, {"dossier_checked": "on"})
    entry.refresh_from_db()
    assert (entry.dossier_checked, entry.samples_arrived) == (True, False)
    round_.status = RoundStatus.SCORING
    round_.save()
    assert client_for(district_officer).post(url, {"samples_arrived": "on"}).status_code == 403


def test_progress_per_member_and_results_reach_the_product_page(client_for, district_officer, round_, ready_product,
                                                                members, commune_official):  # fmt: skip
    sheet = small_sheet()
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    own = ScoreSheet.objects.get(seat__user=members[0])
    client_for(members[0]).post(reverse("rating:sheet", args=[own.pk]), {**choose(sheet, FULL), "submit": "1"})
    page = client_for(district_officer, "en").get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    seat = round_.seats.get(user=members[0])
    assert "1 of 1 sheets submitted" in page.split(f'data-seat="{seat.pk}"')[1].split("</li>")[0]
    for member in members[1:]:
        mine = ScoreSheet.objects.get(seat__user=member)
        client_for(member).post(reverse("rating:sheet", args=[mine.pk]), {**choose(sheet, FULL), "submit": "1"})
    client_for(members[0]).post(reverse("rating:round_action", args=[round_.pk, "close"]))
    product_page = reverse("products:product_detail", args=[ready_product.pk])
    before = client_for(commune_official).get(product_page).content.decode()
    assert "★★★★★" not in before  # closed, not yet published
    officer.post(reverse("rating:round_action", args=[round_.pk, "publish"]))
    body = client_for(commune_official).get(product_page).content.decode()
    assert "★★★★★" in body.split('id="rating-results"')[1]


def test_a_council_member_is_told_on_the_home_page(client_for, district_officer, round_, ready_product, members, tree):
    from org.enums import Role
    from org.tests.factories import MembershipFactory

    MembershipFactory(user=members[1], role=Role.AGENCY_STAFF, unit=None, agency=tree.agency)
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    page = client_for(members[1], "en").get(reverse("role_home", args=["agency_staff"])).content.decode()
    assert "You have 1 sheet to score." in page


def test_ticking_an_entry_of_a_round_past_preparation_is_refused_with_a_message(client_for, round_, ready_product):
    """The administrator passes the permission rule on any round; the service's refusal is a message, not a 500."""
    from org.tests.factories import UserFactory

    entry = Entry.objects.create(round=round_, product=ready_product, product_set=ready_product.product_set)
    round_.status = RoundStatus.SCORING
    round_.save()
    admin = client_for(UserFactory(is_staff=True, is_superuser=True), language="en")
    response = admin.post(reverse("rating:entry_checks", args=[round_.pk, entry.pk]), {"dossier_checked": "on"},
                          follow=True)  # fmt: skip
    assert response.status_code == 200
    assert "Entries are checked before scoring starts." in response.content.decode()
    entry.refresh_from_db()
    assert entry.dossier_checked is False
