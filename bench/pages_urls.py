"""The portal's URLs and two hello-world views for bench/pages.py: one that touches nothing, and one that reads the
signed-in user (the session and user lookups every signed-in page pays before its own work)."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


def hello_user(request):
    return HttpResponse(f"Hello, {request.user.get_username()}", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/hello-user/", hello_user),
    path("", include("ocop_portal.urls")),
]
