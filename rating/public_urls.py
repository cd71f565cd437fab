"""Public pages, no sign-in: certificate verification (the QR code's target) and the catalogue."""

app_name = "public"

urlpatterns: list = []
