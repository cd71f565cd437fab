"""Certificate screens for signed-in users (mounted at /rating/certificates/)."""

app_name = "certificates"

urlpatterns: list = []
