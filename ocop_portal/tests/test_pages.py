import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from org.enums import Role
from org.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# What each role's home page must say (in Vietnamese), beyond the common frame.
HOME_TEXT = {
    "commune_official": ("Cán bộ xã", "Đăng ký ý tưởng sản phẩm", "Xã Thuận Hòa"),
    "district_officer": ("Cán bộ OCOP huyện", "Tổ chức các đợt đánh giá", "Huyện Long Mỹ"),
    "province_officer": ("Cán bộ OCOP tỉnh", "Cấp giấy chứng nhận", "Tỉnh Hậu Giang"),
    "agency_staff": ("Cán bộ cơ quan", "Báo cáo tiến độ nhiệm vụ", "Phòng KT&amp;HT"),
    "leadership": ("Lãnh đạo", "Tải báo cáo", "Huyện Long Mỹ"),
}


def test_login_page_is_vietnamese_by_default():
    page = Client().get(reverse("login")).content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page and "Mật khẩu" in page
    assert 'value="en"' in page  # the English switch


def test_an_english_browser_still_gets_vietnamese_until_the_switch_is_used(tree, commune_official):
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Sign in" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("role", HOME_TEXT)
def test_each_role_lands_on_its_own_home_page(request, tree, role):
    user = request.getfixturevalue(role)
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("role_home", args=[role])
    page = response.content.decode()
    for text in HOME_TEXT[role]:
        assert text in page, text
    assert f"Hôm nay: {timezone.localdate():%d/%m/%Y}" in page


def test_wrong_password_is_refused_in_vietnamese(tree, commune_official):
    response = Client().post(reverse("login"), {"username": commune_official.username, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_account_for_a_while(
    tree, commune_official, other_commune_official, settings
):
    client = Client()
    wrong = {"username": commune_official.username, "password": "sai-mat-khau"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), wrong).status_code == 200
    locked = client.post(reverse("login"), wrong)
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "30 phút" in locked.content.decode()
    right = {"username": commune_official.username, "password": PASSWORD}
    assert client.post(reverse("login"), right).status_code == 429
    # Someone else at the same address is not locked out.
    other = {"username": other_commune_official.username, "password": PASSWORD}
    assert client.post(reverse("login"), other).status_code == 302


def test_role_home_asks_a_visitor_to_sign_in_first():
    response = Client().get(reverse("role_home", args=["commune_official"]))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/home/commune_official/"


def test_another_roles_home_is_forbidden(tree, commune_official, client_for):
    client = client_for(commune_official)
    assert client.get(reverse("role_home", args=[Role.DISTRICT_OFFICER])).status_code == 403
    assert client.get("/home/not-a-role/").status_code == 404


def nav_links(page):
    return re.findall(r'class="nav-link[^"]*" href="([^"]+)"', page)


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (
            "commune_official",
            [
                "/",
                "/products/",
                "/products/producers/",
                "/rating/",
                "/rating/certificates/",
                "/plans/my-tasks/",
                "/plans/",
                "/reports/",
                "/org/units/",
            ],
        ),
        (
            "district_officer",
            [
                "/",
                "/products/",
                "/products/producers/",
                "/rating/",
                "/rating/certificates/",
                "/plans/",
                "/reports/",
                "/org/units/",
                "/org/agencies/",
            ],
        ),
        ("agency_staff", ["/", "/plans/my-tasks/", "/plans/", "/reports/", "/rating/", "/org/agencies/"]),
        (
            "leadership",
            [
                "/",
                "/reports/",
                "/products/",
                "/products/producers/",
                "/rating/",
                "/rating/certificates/",
                "/plans/",
                "/org/units/",
                "/org/agencies/",
            ],
        ),
    ],
)
def test_navigation_follows_the_role(request, tree, client_for, role, links):
    user = request.getfixturevalue(role)
    page = client_for(user).get(reverse("role_home", args=[role])).content.decode()
    assert nav_links(page) == links
    assert 'class="nav-link text-nowrap active" href="/"' in page  # Home is the current entry


def test_a_staff_account_without_role_is_told_so_and_sees_the_administration(tree, client_for):
    staff = UserFactory(is_staff=True)
    page = client_for(staff).get(reverse("home")).content.decode()
    assert "Tài khoản của bạn chưa được giao vai trò" in page
    assert nav_links(page) == ["/", "/admin/"]


def test_switching_to_english_keeps_the_page(tree, commune_official, client_for):
    client = client_for(commune_official)
    home = reverse("role_home", args=["commune_official"])
    response = client.post(reverse("set_language"), {"language": "en", "next": home}, follow=True)
    assert response.redirect_chain[-1][0] == home
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "What you can do next" in page and "Sign out" in page
    assert "Tiếng Việt" in page  # and the way back


def test_password_change_applies_the_validators(tree, commune_official):
    client = Client()
    client.force_login(commune_official)
    url = reverse("password_change")
    weak = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    page = client.post(url, weak).content.decode()
    assert "Mật khẩu quá ngắn" in page
    commune_official.refresh_from_db()
    assert commune_official.check_password(PASSWORD)
    strong = {"old_password": PASSWORD, "new_password1": "mang-cau-xiem-2026", "new_password2": "mang-cau-xiem-2026"}
    assert client.post(url, strong).url == reverse("password_change_done")
    commune_official.refresh_from_db()
    assert commune_official.check_password("mang-cau-xiem-2026")


def test_sign_out_needs_a_post_and_ends_the_session(tree, commune_official, client_for):
    client = client_for(commune_official)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_pages_carry_no_inline_script(tree, district_officer, client_for):
    client = client_for(district_officer)
    for url in [reverse("role_home", args=["district_officer"]), reverse("org:unit_list"), reverse("org:agency_add")]:
        page = client.get(url).content.decode()
        scripts = re.findall(r"<script([^>]*)>", page)
        assert scripts, url
        assert all("src=" in attrs for attrs in scripts), url
        assert not re.search(r"<[^>]+\son[a-z]+=", page), url  # no inline event handlers either
