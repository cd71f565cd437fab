from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ocop_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("home/<slug:role>/", views.RoleHomeView.as_view(), name="role_home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("org.urls")),
    path("products/", include("products.urls")),
    path("plans/", include("plans.urls")),
    path("reports/", include("reporting.urls")),
    path("rating/certificates/", include("rating.certificate_urls")),
    path("rating/", include("rating.urls")),
    path("", include("rating.public_urls")),
    path("admin/", admin.site.urls),
]

# MEDIA_ROOT is never served as such, not even in development: dossier files go through
# products.views.documents, which checks that the user may see their product.

admin.site.site_header = admin.site.site_title = _("OCOP Portal administration")
