"""What each role can do next, shown on its home page. Later features link their entries here."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.enums import Role

# (title, explanation, url name or None while the feature is still to come)
NEXT_STEPS = {
    Role.COMMUNE_OFFICIAL: [
        (_("Register producers"), _("Record the cooperatives, businesses and households taking part."), None),
        (_("Register product ideas"), _("Fill in the idea forms (Biểu 01/02) with the producer."), None),
        (_("Send dossiers to the district"), _("Upload documents and submit them for review."), None),
        (_("Report on your commune's plan tasks"), _("Tell the district how each assigned task is going."), None),
        (_("See your commune"), _("The commune you work for and its agencies."), "org:unit_list"),
    ],
    Role.DISTRICT_OFFICER: [
        (_("Review product ideas"), _("Accept, return or reject what communes send."), None),
        (_("Run rating rounds"), _("Set up councils, collect score sheets, publish stars."), None),
        (_("Keep the district plan"), _("Targets and the tasks assigned to agencies."), None),
        (_("Produce periodic reports"), _("Quarterly, six-month and annual reports as PDF."), None),
        (_("See the district and its communes"), _("Every unit in your district."), "org:unit_list"),
        (_("Manage agencies"), _("The offices and organisations the plan assigns tasks to."), "org:agency_list"),
    ],
    Role.PROVINCE_OFFICER: [
        (_("Run province rating rounds"), _("Score products forwarded by the districts."), None),
        (_("Issue certificates"), _("Certificates are valid for 36 months."), None),
        (_("Province-wide reports"), _("Follow every district's progress."), None),
        (_("See the province"), _("All districts and communes of the province."), "org:unit_list"),
        (_("Manage agencies"), _("The offices and organisations the plan assigns tasks to."), "org:agency_list"),
    ],
    Role.AGENCY_STAFF: [
        (_("Report progress on your tasks"), _("The tasks your agency leads or coordinates."), None),
        (_("See your agency"), _("Your agency and the unit it serves."), "org:agency_list"),
    ],
    Role.LEADERSHIP: [
        (_("Read the dashboard"), _("Products, stars and plan progress at a glance."), None),
        (_("Download reports"), _("Quarterly, six-month and annual reports as PDF."), None),
        (_("See your area"), _("The units under your leadership."), "org:unit_list"),
    ],
}


def next_steps_for(role):
    steps = [
        {"title": title, "explanation": explanation, "url": reverse(url_name) if url_name else None}
        for title, explanation, url_name in NEXT_STEPS[Role(role)]
    ]
    return sorted(steps, key=lambda step: step["url"] is None)  # what works today comes first
