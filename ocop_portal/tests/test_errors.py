"""Error pages in the portal's look, and the server refusing an unsafe production configuration."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from ocop_portal.checks import refuse_unsafe_production
from org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_not_found_is_vietnamese_and_in_the_portal_look(tree, commune_official, client_for):
    response = client_for(commune_official).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and 'class="navbar' in page and "bootstrap.min.css" in page


def test_forbidden_is_vietnamese(tree, commune_official, client_for):
    response = client_for(commune_official).get(reverse("role_home", args=["leadership"]))
    assert response.status_code == 403
    assert "Bạn không được phép làm việc này" in response.content.decode()


def test_server_error_uses_the_real_handler_and_our_page():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi ở phía máy chủ" in page and "bootstrap.min.css" in page
    assert 'name="language"' not in page  # no form that would need a CSRF token here


def test_an_expired_form_says_so_in_vietnamese(tree, commune_official):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": commune_official.username, "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Biểu mẫu đã hết hạn" in page and 'class="navbar' in page


def test_the_wsgi_entry_refuses_the_development_secret_with_debug_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="ocop.E001"):
        refuse_unsafe_production()


def test_the_wsgi_entry_refuses_the_development_secret_even_with_debug_on(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with pytest.raises(ImproperlyConfigured, match="ocop.E002"):
        refuse_unsafe_production()


def test_the_wsgi_entry_refuses_eager_celery_in_production(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-" + "x" * 50
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with pytest.raises(ImproperlyConfigured, match="ocop.E003"):
        refuse_unsafe_production()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    refuse_unsafe_production()  # a proper configuration starts
