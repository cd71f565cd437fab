"""What each role can do next, shown on its home page. Later features link their entries here."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from org.enums import Role
from products.enums import ProductStatus
from products.selectors import VIEW_ROLES, status_counts
from rating.enums import RoundStatus, SheetStatus
from rating.models import ScoreSheet

# (title, explanation, url name or (url name, *args), or None while the feature is still to come)
NEXT_STEPS = {
    Role.COMMUNE_OFFICIAL: [
        (
            _("Register producers"),
            _("Record the cooperatives, businesses and households taking part."),
            "products:producer_list",
        ),
        (
            _("Register product ideas"),
            _("Fill in the idea forms (Biểu 01/02) with the producer."),
            "products:product_add",
        ),
        (
            _("Send dossiers for review"),
            _("Upload documents and submit them for review."),
            "products:product_list",
        ),
        (
            _("Pre-assess products for the province"),
            _("Under QĐ 1489: the commune's criteria, the chairman's confirmation, the proposal."),
            "rating:pre_assessment_list",
        ),
        (
            _("Report on your commune's plan tasks"),
            _("Tell the office that assigned each task how it is going."),
            "plans:agency_tasks",
        ),
        (_("See your commune"), _("The commune you work for and its agencies."), "org:unit_list"),
    ],
    Role.DISTRICT_OFFICER: [
        (_("Review product ideas"), _("Accept, return or reject what communes send."), "products:product_list"),
        (
            _("Import from Excel"),
            _("Producers and product ideas from the communes' sheets."),
            ("products:import", "products"),
        ),
        (_("Run rating rounds"), _("Set up councils, collect score sheets, publish stars."), "rating:round_list"),
        (_("Keep the district plan"), _("Targets and the tasks assigned to agencies."), "plans:plan_list"),
        (_("Produce periodic reports"), _("Quarterly, six-month and annual reports as PDF."), "reporting:report_list"),
        (_("See the district and its communes"), _("Every unit in your district."), "org:unit_list"),
        (_("Manage agencies"), _("The offices and organisations the plan assigns tasks to."), "org:agency_list"),
    ],
    Role.PROVINCE_OFFICER: [
        (
            _("Run province rating rounds"),
            _("Score the products that districts forward or communes propose."),
            "rating:round_list",
        ),
        (
            _("Follow the communes' pre-assessments"),
            _("Under QĐ 1489 the province round takes the products the communes propose."),
            "rating:pre_assessment_list",
        ),
        (
            _("Follow the product registry"),
            _("Producers and product ideas of the whole province."),
            "products:product_list",
        ),
        (_("Issue certificates"), _("Certificates are valid for 36 months."), "certificates:certificate_list"),
        (_("Province-wide reports"), _("Reports for the province and each of its units."), "reporting:report_list"),
        (_("See the province"), _("Every unit of the province."), "org:unit_list"),
        (_("Manage agencies"), _("The offices and organisations the plan assigns tasks to."), "org:agency_list"),
    ],
    Role.AGENCY_STAFF: [
        (_("Report progress on your tasks"), _("The tasks your agency leads or coordinates."), "plans:agency_tasks"),
        (_("See your agency"), _("Your agency and the unit it serves."), "org:agency_list"),
    ],
    Role.LEADERSHIP: [
        (_("Read the dashboard"), _("Products, stars and plan progress at a glance."), "reporting:dashboard"),
        (_("Browse the product registry"), _("Producers and product ideas, read only."), "products:product_list"),
        (_("Follow the OCOP plan"), _("Targets, agencies' tasks and their progress, read only."), "plans:plan_list"),
        (_("Download reports"), _("Quarterly, six-month and annual reports as PDF."), "reporting:report_list"),
        (_("See your area"), _("The units under your leadership."), "org:unit_list"),
    ],
}


def _url(spec):
    """A url name, or (url name, *args), or None for what is still to come."""
    if spec is None:
        return None
    name, *args = (spec,) if isinstance(spec, str) else spec
    return reverse(name, args=args)


def next_steps_for(role):
    steps = [
        {"title": title, "explanation": explanation, "url": _url(url_name)}
        for title, explanation, url_name in NEXT_STEPS[Role(role)]
    ]
    return sorted(steps, key=lambda step: step["url"] is None)  # what works today comes first


# What each role is asked to act on, by product status: the home page's "waiting for you" lines.
WAITING = {
    Role.COMMUNE_OFFICIAL: [
        (ProductStatus.RETURNED, lambda n: ngettext("%(n)d idea returned to you", "%(n)d ideas returned to you", n)),
        (ProductStatus.DRAFT, lambda n: ngettext("%(n)d draft not sent yet", "%(n)d drafts not sent yet", n)),
        (
            ProductStatus.ACCEPTED,
            lambda n: ngettext(
                "%(n)d accepted idea needs its business plan", "%(n)d accepted ideas need their business plan", n
            ),
        ),
    ],
    Role.DISTRICT_OFFICER: [
        (
            ProductStatus.SUBMITTED,
            lambda n: ngettext("%(n)d idea waiting for review", "%(n)d ideas waiting for review", n),
        ),
        (
            ProductStatus.PLAN_SUBMITTED,
            lambda n: ngettext("%(n)d business plan waiting for review", "%(n)d business plans waiting for review", n),
        ),
        (
            ProductStatus.IMPLEMENTING,
            lambda n: ngettext("%(n)d product in implementation", "%(n)d products in implementation", n),
        ),
    ],
}
WAITING[Role.PROVINCE_OFFICER] = WAITING[Role.DISTRICT_OFFICER]


def registry_summary(user, role):
    """Per-status counts of the role's products, and the lines that ask the role to act; None if not its work."""
    role = Role(role)
    if role not in VIEW_ROLES:
        return None
    counts = status_counts(user, [role])
    list_url = reverse("products:product_list")
    waiting = [
        {"text": phrase(counts[status]) % {"n": counts[status]}, "url": f"{list_url}?status={status}", "status": status}
        for status, phrase in WAITING.get(role, [])
        if counts[status]
    ]
    statuses = [
        {"label": label, "count": counts[value], "url": f"{list_url}?status={value}"}
        for value, label in ProductStatus.choices
    ]
    return {"waiting": waiting, "statuses": statuses, "total": sum(counts.values())}


def sheets_to_score(user):
    """Draft score sheets of the user's council seats in rounds open for scoring (any role can sit on a council)."""
    return ScoreSheet.objects.filter(
        seat__user=user, status=SheetStatus.DRAFT, entry__round__status=RoundStatus.SCORING
    ).count()
