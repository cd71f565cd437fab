"""The pages bench/pages.py measures, found in the world of `seed_scale`: each role's home, the product list
(filtered, and the province's whole list), a product's page, a round's results, a council member's score sheet,
the task dashboard and an agency's tasks, the report list and dashboard, the certificate list, the public
certificate page and the catalogue. Each with the user who opens it and a text the page must show."""

from urllib.parse import urlencode

GOAL_RATIO = 0.25  # of hello-world's requests per second
GOAL_P95_MS = 150


def pages():
    from django.utils import timezone

    from ocop_portal.scale.rating import MEMBER
    from ocop_portal.scale.registry import BENCH_DISTRICT
    from org.models import Membership
    from plans.models import Plan
    from rating.certificates import current_certificates
    from rating.models import Entry, Round, ScoreSheet

    year = timezone.localdate().year
    commune = Membership.objects.get(user__username="scale.xa").unit
    scoring = Round.objects.get(unit__code=BENCH_DISTRICT, year=year, level="district")
    entry = Entry.objects.filter(round=scoring).select_related("product").order_by("pk").first()
    sheet = (
        ScoreSheet.objects.filter(entry__round=scoring, seat__user__username=MEMBER)
        .select_related("entry__product")
        .order_by("pk")
        .first()
    )
    published = Round.objects.filter(level="district", year=year, status="published").select_related("unit")
    results = published.order_by("unit__code").first()
    plan = Plan.objects.get(unit__level=1, year=year)
    certificate = current_certificates().select_related("entry__product").order_by("pk").first()
    filters = urlencode({"status": "ready", "year": year - 1, "q": "Bưởi", "sort": "-updated"})
    home = "/home/{}/"
    return [
        _page("hello-world", None, "/bench/hello/", "Hello, world"),
        _page("hello-world, signed in", "scale.xa", "/bench/hello-user/", "Hello, scale.xa"),
        _page("Home · commune official", "scale.xa", home.format("commune_official"), commune.name),
        _page("Home · district officer", "scale.huyen", home.format("district_officer"), "Long Mỹ"),
        _page("Home · province officer", "scale.tinh", home.format("province_officer"), "Hậu Giang"),
        _page("Home · leadership", "scale.lanhdao", home.format("leadership"), "Long Mỹ"),
        _page("Home · agency staff", "scale.coquan", home.format("agency_staff"), "Sở Nông nghiệp"),
        _page("Home · council member", MEMBER, home.format("agency_staff"), "sheets-to-score"),
        _page("Product list, filtered", "scale.huyen", f"/products/?{filters}", "Bưởi"),
        _page("Product list · whole province", "scale.tinh", "/products/", "93-93"),
        _page("Product detail", "scale.huyen", f"/products/{entry.product_id}/", entry.product.name),
        _page("Round results", "scale.tinh", f"/rating/{results.pk}/", results.unit.name),
        _page("Council member's score sheet", MEMBER, f"/rating/sheets/{sheet.pk}/", sheet.entry.product.name),
        _page("Task dashboard · province plan", "scale.tinh", f"/plans/{plan.pk}/dashboard/", "Nhiệm vụ"),
        _page("Agency's tasks", "scale.coquan", "/plans/my-tasks/", "Nhiệm vụ"),
        _page("Report list", "scale.lanhdao", "/reports/", "Long Mỹ"),
        _page("Reports dashboard", "scale.lanhdao", "/reports/dashboard/", "Long Mỹ"),
        _page("Certificate list", "scale.huyen", "/rating/certificates/", "OCOP"),
        _page("Public certificate page", None, f"/verify/{certificate.token}/", certificate.number),
        _page("Catalogue", None, "/catalogue/", "OCOP"),
    ]


def _page(name, user, path, shows):
    return {"name": name, "user": user, "path": path, "shows": shows}
