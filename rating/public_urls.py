"""Public pages, no sign-in: certificate verification (the QR code's target) and the catalogue."""

from django.urls import path

from rating.views import public

app_name = "public"

urlpatterns = [
    path("verify/<uuid:token>/", public.VerifyView.as_view(), name="verify"),
    path("catalogue/", public.CatalogueView.as_view(), name="catalogue"),
]
