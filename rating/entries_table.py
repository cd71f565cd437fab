"""A round's entries table, written in Python: as a template, its ~50 variables per entry were half of a scored
round's page (bench/page_profile.py). Each row is one str.format of escaped values; the labels are translated once
per table, not once per row."""

from html import escape

from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from products.templatetags.products_tags import star_rating
from rating.enums import RoundStatus, SheetStatus


def esc(value):
    """What the template engine prints for a value: Django's conditional_escape without its lazy-string wrapper
    (a table calls it ~500 times)."""
    return str(value) if hasattr(value, "__html__") else escape(str(value))


ROW = (
    '<tr data-entry="{pk}">'
    '<td>{product}<div class="small text-body-secondary">{producer} · {commune} · {product_set}'
    '<span class="d-sm-none"> · {submitted}/{expected}</span></div>{checks}'
    '<div class="d-sm-none entry-actions-phone"><div class="mt-1 d-flex flex-wrap gap-1">{actions}</div></div></td>'
    '<td class="text-end text-nowrap d-none d-sm-table-cell">{submitted}/{expected}</td>'
    '<td class="text-end">{average}</td>'
    '<td class="text-nowrap">{badges}</td>'
    '<td class="text-end d-none d-sm-table-cell entry-actions">{actions}</td>'
    "</tr>"
)
CHECKS_FORM = (
    '<form method="post" action="{action}" class="d-flex flex-wrap gap-3 small mt-1" data-checks="{pk}">{csrf}'
    '<label class="form-check-label"><input class="form-check-input me-1" type="checkbox" name="dossier_checked"'
    "{dossier}>{dossier_label}</label>"
    '<label class="form-check-label"><input class="form-check-input me-1" type="checkbox" name="samples_arrived"'
    "{samples}>{samples_label}</label>"
    '<button type="submit" class="btn btn-link btn-sm p-0 align-baseline">{save}</button></form>'
)
CHECKS_SHOWN = '<div class="small">{} · {}</div>'
WARNING = '<span class="text-warning-emphasis">{}</span>'
AVERAGE = '{}<div class="small text-body-secondary text-nowrap">{}</div>'
PROVISIONAL = '<div class="small text-warning-emphasis text-nowrap" data-provisional>{}</div>'
CERTIFICATE = '<a class="btn btn-sm btn-outline-success" href="{}">{}</a>'
ISSUE = (
    '<form method="post" action="{}" class="d-inline">{}<input type="hidden" name="next" value="{}">'
    '<button type="submit" class="btn btn-sm btn-ocop text-nowrap" data-action="issue">{}</button></form>'
)
SHEET = '<a class="btn btn-sm {}" href="{}" data-sheet="{}">{}</a>'
ELIMINATED = '<span class="badge text-bg-danger" title="{}">{}</span>'
SPREAD = '<span class="badge text-bg-warning" data-flag="spread">{}</span>'
FORWARDED = '<span class="badge text-bg-info" data-flag="forwarded">{}</span>'
UNDER = '<tr><td colspan="5" class="small{} border-0 pt-0">{}</td></tr>'
DISCUSSION_FORM = (
    '<a class="small d-inline-block mb-1" href="{0}" data-action="member-totals">{5}</a>'
    '<form method="post" action="{0}" class="d-flex gap-2">{1}'
    '<input class="form-control form-control-sm" name="note" required placeholder="{2}" aria-label="{3}">'
    '<button class="btn btn-sm btn-warning" type="submit" data-action="discuss">{4}</button></form>'
)


PLACE = 987654321


def url_pattern(name, *args):
    """A URL with `{}` where its last argument goes: reversed once per table instead of once per row."""
    return escape(reverse(name, args=[*args, PLACE])).replace(str(PLACE), "{}")


class EntriesTable:
    """The rows of RoundDetailView's entries (each a dict it builds), for the reader the context is for."""

    def __init__(self, context):
        self.round, self.chair = context["round"], context["chair"]
        self.csrf = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'.format(
            escape(str(context.get("csrf_token", "")))
        )
        self.path = escape(context["request"].path)
        self.text = {
            key: escape(label)
            for key, label in {
                "dossier": _("Dossier checked"),
                "no_dossier": _("Dossier not checked"),
                "samples": _("Samples arrived"),
                "no_samples": _("No samples yet"),
                "save": _("Save"),
                "issue": _("Issue the certificate"),
                "score": _("Score"),
                "my_sheet": _("My sheet"),
                "eliminated": _("Eliminated"),
                "eliminated_because": _("Eliminated:"),
                "spread": _("Spread over the limit"),
                "forwarded": _("Goes to the next level"),
            }.items()
        }
        self.stars, self.numbers = {}, {}
        self.urls = {
            "certificate": url_pattern("certificates:certificate_detail"),
            "issue": url_pattern("certificates:certificate_issue"),
            "sheet": url_pattern("rating:sheet"),
            "checks": url_pattern("rating:entry_checks", self.round.pk),
            "discussion": url_pattern("rating:discussion", self.round.pk),
        }

    def rows(self, rows):
        if not rows:
            return mark_safe('<tr><td colspan="5">{}</td></tr>'.format(escape(_("No entry yet."))))  # noqa: S308
        html = []
        for row in rows:
            entry = row["entry"]
            product = entry.product
            actions = self.actions(row)
            average, badges = self.result(row)
            html.append(
                ROW.format(
                    pk=entry.pk,
                    product=esc(product.name),
                    producer=esc(product.producer.name),
                    commune=esc(product.commune.name),
                    product_set=self.number(entry.product_set.number),
                    submitted=self.number(entry.submitted),
                    expected=self.number(entry.expected),
                    checks=self.checks(row),
                    actions=actions,
                    average=average,
                    badges=badges,
                )
            )
            if entry.knocked_out and row["results_visible"]:
                reason = "{} {}".format(self.text["eliminated_because"], esc(entry.knockout_reason))
                html.append(UNDER.format(" text-danger", reason))
            if row["flagged"] and row["results_visible"]:
                html.append(UNDER.format("", self.discussion(entry)))
        return mark_safe("".join(html))  # noqa: S308 (every value escaped by esc)

    def actions(self, row):
        """Its certificate or the button issuing one, and the member's sheet: written once, shown twice (under the
        product on a phone, in the last column otherwise)."""
        certificate, sheet, parts = row["certificate"], row["my_sheet"], []
        if certificate:
            parts.append(CERTIFICATE.format(self.urls["certificate"].format(certificate.pk), esc(certificate.number)))
        elif row["can_issue"]:
            url = self.urls["issue"].format(row["entry"].pk)
            parts.append(ISSUE.format(url, self.csrf, self.path, self.text["issue"]))
        if sheet:
            draft = sheet.status == SheetStatus.DRAFT
            parts.append(
                SHEET.format(
                    "btn-ocop" if draft else "btn-outline-secondary",
                    self.urls["sheet"].format(sheet.pk),
                    sheet.pk,
                    self.text["score" if draft else "my_sheet"],
                )
            )
        return " ".join(parts)

    def checks(self, row):
        """The dossier and samples checks: a form for whoever prepares the round, else what was checked."""
        entry, text = row["entry"], self.text
        if row["can_check"]:
            return CHECKS_FORM.format(
                action=self.urls["checks"].format(entry.pk),
                pk=entry.pk,
                csrf=self.csrf,
                dossier=" checked" if entry.dossier_checked else "",
                dossier_label=text["dossier"],
                samples=" checked" if entry.samples_arrived else "",
                samples_label=text["samples"],
                save=text["save"],
            )
        dossier = "✓ " + text["dossier"] if entry.dossier_checked else WARNING.format(text["no_dossier"])
        samples = "✓ " + text["samples"] if entry.samples_arrived else WARNING.format(text["no_samples"])
        return CHECKS_SHOWN.format(dossier, samples)

    def result(self, row):
        """The average (with each part's), and the stars and flags; dashes for whoever may not see results yet."""
        entry = row["entry"]
        if not row["results_visible"]:
            return "—", ""
        average = "—"
        if row["average"] is not None:
            parts = " · ".join(f"{esc(code)} {self.number(points)}" for code, points in row["parts"].items())
            average = AVERAGE.format(self.number(row["average"]), parts)
            if self.round.status not in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
                # Until the round closes the figures move with every sheet: say so, and how many are in.
                average += PROVISIONAL.format(escape(
                    _("provisional: %(submitted)s of %(expected)s sheets")
                    % {"submitted": entry.submitted, "expected": entry.expected}
                ))  # fmt: skip
        badges = []
        if entry.knocked_out:
            badges.append(ELIMINATED.format(esc(entry.knockout_reason), self.text["eliminated"]))
        elif entry.stars:
            badges.append(self.star_rating(entry.stars))
        if row["flagged"]:
            badges.append(SPREAD.format(self.text["spread"]))
        if row["forwarded"]:
            badges.append(FORWARDED.format(self.text["forwarded"]))
        return average, " ".join(badges)

    def number(self, value):
        """localize(value), escaped, worked out once per value (a table shows ~400 numbers, many alike)."""
        key = (type(value), str(value))  # 7 == Decimal("7.0"), but one shows "7", the other "7,0"
        if key not in self.numbers:
            self.numbers[key] = esc(localize(value))
        return self.numbers[key]

    def star_rating(self, stars):
        """products_tags.star_rating, worked out once per number of stars."""
        if stars not in self.stars:
            self.stars[stars] = str(star_rating(stars))
        return self.stars[stars]

    def discussion(self, entry):
        """Under a flagged entry: the council's discussion, the chair's form to record it, or that it is awaited."""
        if entry.discussed_at:
            return "{} {}".format(escape(_("Discussed:")), esc(entry.discussion_note))
        if self.chair and self.round.status == RoundStatus.SCORING:
            placeholder = escape(_("What the council concluded"))
            return DISCUSSION_FORM.format(
                self.urls["discussion"].format(entry.pk),
                self.csrf,
                placeholder,
                placeholder,
                escape(_("Record the discussion")),
                escape(_("Each member's totals")),
            )
        return escape(_("Waiting for the chair to record the council's discussion."))
