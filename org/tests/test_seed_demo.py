from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from org.enums import Role
from org.models import AdministrativeUnit, Agency, Membership
from org.selectors import units_visible_to
from products.enums import ProductStatus
from products.models import Document, Producer, Product, ProductTransition
from rating import scoring
from rating.models import Answer, Certificate, Entry, Round

pytestmark = pytest.mark.django_db


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot():
    User = get_user_model()
    return (
        list(AdministrativeUnit.objects.values_list("code", "name", "kind", "level", "parent__code", "path")),
        list(Agency.objects.values_list("unit__code", "name", "short_name")),
        list(User.objects.values_list("username", "password", "first_name", "last_name", "is_staff")),
        list(Membership.objects.values_list("user__username", "role", "unit__code", "agency__name")),
        list(Producer.objects.order_by("pk").values_list("name", "legal_form", "registration_number", "commune__code")),
        list(Product.objects.order_by("pk").values_list("name", "status", "code", "producer__name")),
        ProductTransition.objects.count(),
        list(Document.objects.order_by("pk").values_list("product__name", "kind", "original_name")),
        list(Round.objects.values_list("level", "unit__code", "year", "status")),
        list(Entry.objects.order_by("pk").values_list("product__name", "score_sum", "sheet_count", "stars")),
        Answer.objects.count(),
    )


def test_seed_builds_the_long_my_demo(settings):
    settings.DEBUG = True
    output = seed()
    long_my = AdministrativeUnit.objects.get(code="936")
    assert str(long_my) == "Huyện Long Mỹ"
    assert long_my.parent.name == "Hậu Giang"
    assert sorted(long_my.children.values_list("name", flat=True)) == [
        "Lương Nghĩa",
        "Lương Tâm",
        "Thuận Hòa",
        "Thuận Hưng",
        "Vĩnh Thuận Đông",
        "Vĩnh Viễn",
        "Vĩnh Viễn A",
        "Xà Phiên",
    ]
    assert str(AdministrativeUnit.objects.get(code="31489")) == "Thị trấn Vĩnh Viễn"
    assert AdministrativeUnit.objects.filter(parent__code="935").count() >= 2
    assert Agency.objects.filter(unit=long_my).count() == 14  # section V.1–V.10 of the 2020 plan
    assert Agency.objects.filter(unit__parent=long_my).count() == 8  # V.11: each commune's People's Committee
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    for role in Role:
        username = Membership.objects.filter(role=role).values_list("user__username", flat=True).first()
        assert username in output
    assert settings.DEMO_PASSWORD in output


def test_seed_twice_changes_nothing(settings):
    settings.DEBUG = True
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


def test_seed_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not AdministrativeUnit.objects.exists()
    seed(force=True)
    assert AdministrativeUnit.objects.filter(code="936").exists()


def test_seed_refuses_a_weak_password_and_saves_nothing(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="quá phổ biến|quá ngắn"):
        seed(password="123456")
    assert not AdministrativeUnit.objects.exists()


def test_every_demo_account_signs_in_and_sees_its_scope(settings):
    settings.DEBUG = True
    seed()
    for membership in Membership.objects.active().select_related("user"):
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": membership.user.username, "password": settings.DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == f"/home/{membership.role}/", membership.user.username
    city_officer = Membership.objects.active().get(role=Role.PROVINCE_OFFICER).user
    assert city_officer.username == "ct.so.nnmt"
    assert "Huyện Long Mỹ" in [str(u) for u in units_visible_to(city_officer)]  # the area it now holds, history too
    commune_official = get_user_model().objects.get(username="ct.xa.vinhthuandong")
    assert sorted(units_visible_to(commune_official).values_list("name", flat=True)) == [
        "Thuận Hòa", "Vĩnh Thuận Đông", "Vĩnh Thuận Đông",
    ]  # fmt: skip
    # Long Mỹ's people ended with their units on the reorganisation: they sign in to a page without a role.
    ended = get_user_model().objects.get(username="huyen.longmy")
    assert not units_visible_to(ended).exists()
    client = Client()
    response = client.post("/accounts/login/", {"username": "huyen.longmy", "password": settings.DEMO_PASSWORD},
                           follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == "/" and response.context["user"].username == "huyen.longmy"


def test_seed_prints_passwords_only_for_accounts_it_creates(settings):
    settings.DEBUG = True
    first = seed(password="mang-cau-xiem-2026")
    # 7 role accounts, 4 district and 8 province council members, 10 agency staff and 7 commune officials (plans),
    # and today's 3 of thành phố Cần Thơ
    assert first.count("mang-cau-xiem-2026") == 39
    second = seed(password="buoi-da-xanh-2026")
    assert "buoi-da-xanh-2026" not in second
    assert second.count("(mật khẩu giữ nguyên)") == 39
    user = get_user_model().objects.get(username="huyen.longmy")
    assert user.check_password("mang-cau-xiem-2026")


def test_seed_builds_a_registry_at_every_stage(settings):
    settings.DEBUG = True
    seed()
    assert set(Product.objects.values_list("status", flat=True)) == set(ProductStatus.values)
    tea = Product.objects.get(name="Trà mãng cầu Phụng Phát")
    assert (tea.commune.name, tea.product_set.number, tea.status) == ("Thuận Hòa", 13, ProductStatus.READY)
    honey = Product.objects.get(name="Mật ong Hương Tràm")
    assert (honey.commune.name, honey.producer.legal_form) == ("Xà Phiên", "household")
    assert Product.objects.filter(name__icontains="bưởi da xanh").exists()
    assert Product.objects.filter(name__icontains="mãng cầu xiêm").exists()
    # Built through the workflow: every step is in the history, by the right people.
    assert list(tea.transitions.values_list("to_status", "actor__username")) == [
        ("draft", "xa.thuanhoa"),
        ("submitted", "xa.thuanhoa"),
        ("accepted", "huyen.longmy"),
        ("plan_submitted", "xa.thuanhoa"),
        ("implementing", "huyen.longmy"),
        ("ready", "huyen.longmy"),
    ]
    returned = Product.objects.get(status=ProductStatus.RETURNED)
    assert returned.transitions.last().note
    assert tea.code.startswith("93-936-")


def test_seed_builds_the_long_my_2020_district_round(settings):
    settings.DEBUG = True
    seed()
    round_ = Round.objects.get(unit__code="936", year=2020)
    # The rating demo's certificates (reporting.demo adds a history of its own, with its own certificates).
    rating_demo = Certificate.objects.filter(entry__product__name__in=["Trà mãng cầu Phụng Phát", "Mật ong Hương Tràm"])
    states = sorted(c.state() for c in rating_demo)
    # 2020's have run their 36 months, the re-rating's too; the tea's 2020 one was replaced by its re-rating
    assert states == ["expired", "expired", "superseded"]
    rerating = Round.objects.filter(unit__code="93", entries__product__name="Trà mãng cầu Phụng Phát").latest("pk")
    assert rerating.rule_set.code == "1048/QĐ-TTg" and rerating.meeting_date <= date(2023, 2, 23)  # 1048's last day
    assert round_.status == "published" and round_.seats.count() == 6
    results = {
        e.product.name: (str(scoring.shown(scoring.average(e.score_sum, e.sheet_count))), e.stars)
        for e in round_.entries.select_related("product")
    }
    assert results == {"Trà mãng cầu Phụng Phát": ("74.5", 4), "Mật ong Hương Tràm": ("60.5", 3)}
    assert list(round_.transitions.values_list("to_status", flat=True)) == [
        "draft", "accepting", "scoring", "closed", "published",
    ]  # fmt: skip
