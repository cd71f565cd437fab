"""The report's Excel file: one sheet per section, the same numbers as the PDF (both read ReportData).

Cells are written as numbers where they are numbers; text is neutralised against formulas (a product name
beginning with "=" stays text)."""

import re
from datetime import date
from io import BytesIO

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from plans.enums import ActivityKind
from products.excel import safe_cell
from reporting.document import STAR_LEVELS

SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")  # Excel refuses these in a sheet's name


def _cell(value):
    """Numbers and dates as themselves (dates shown dd/mm/yyyy), anything else as formula-safe text."""
    if isinstance(value, int | float | date):
        return value
    return safe_cell(_text(value))


def _sheet(book, title, header, rows):
    sheet = book.create_sheet(title=SHEET_TITLE_FORBIDDEN.sub("-", title)[:31])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        values = [_cell(value) for value in row]
        sheet.append(values)
        for column, value in enumerate(values, start=1):
            if hasattr(value, "strftime"):
                sheet.cell(row=number, column=column).number_format = "DD/MM/YYYY"
    for index, _h in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 14 if index > 1 else 40
    return sheet


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def sections(data):
    """[(sheet title, header, rows)]: what each sheet holds."""
    headline = (
        _("Indicators"),
        [_("Indicator"), capfirst(data.period.label), capfirst(data.previous.label), _("Change"),
         _("Plan target (year)")],
        [
            [h.label, h.value, h.previous, h.change, float(h.target.target_value) if h.target and
             h.target.target_value is not None else None]
            for h in data.headlines
        ],
    )  # fmt: skip
    statuses = data.idea_statuses
    ideas = (
        _("Ideas"),
        [_("Commune"), *[label for _code, label in statuses], _("Total")],
        [[commune, *[counts.get(code, 0) for code, _l in statuses], total] for commune, counts, total in
         data.ideas_by_commune],
    )  # fmt: skip
    per_quarter = (
        _("Ideas per quarter"),
        [_("Quarter"), _("Ideas registered")],
        [[q.label, n] for q, n in zip(data.quarters, data.ideas_per_quarter, strict=True)],
    )
    rounds = (
        _("Rating"),
        [_("Level"), _("Council"), _("Round"), _("Date"), _("Entries"), *[f"{n}★" for n in STAR_LEVELS],
         _("Knocked out"), _("Proposed to the next level"), _("Note")],
        [[r.get_level_display(), r.unit, f"{r.number}/{r.year}", r.meeting_date, r.entry_count, *_results(r)]
         for r in data.rounds],
    )  # fmt: skip
    stars = (
        _("Stars by commune"),
        [_("Commune"), *[f"{n}★" for n in STAR_LEVELS], _("Total")],
        [[c, *[counter.get(n, 0) for n in STAR_LEVELS], sum(counter.values())] for c, counter in data.stars_by_commune],
    )
    certificates = (
        _("Certificates"),
        [_("State"), _("Certificate"), _("Product"), _("Commune"), _("Stars"), _("Issued on"), _("Valid until")],
        [[label, c.reference, c.product.name, c.product.commune.name, c.stars, c.issued_on, c.valid_until]
         for label, items in ((pgettext("certificate state", "Issued"), data.certificates_issued),
                              (_("Expiring"), data.certificates_expiring), (_("Expired"), data.certificates_expired))
         for c in items],
    )  # fmt: skip
    producers = (_("Producers"), [_("Legal form"), _("Producers"), _("New in the period")], data.producers)
    groups = (
        _("Product groups"),
        [_("Product group"), pgettext("products of a group", "Registered"), _("With a valid certificate")],
        data.groups,
    )
    plan = (
        _("Plan tasks"),
        [_("Lead agency"), _("Tasks"), _("Done"), _("Done late"), _("On track"), _("Overdue"), _("Completion (%)"),
         _("Reports missing")],
        [[r.agency, r.total, r.done, r.late, r.on_track, r.overdue, r.completion, r.missing]
         for r in data.plan_section.agencies],
    )  # fmt: skip
    totals = data.activity_totals
    activity_totals = (
        _("Activity totals"),
        [_("Kind"), _("Activities"), _("Participants")],
        [[kind.label, *totals.get(kind.value, (0, 0))] for kind in ActivityKind],
    )
    not_reported = (
        _("Not reported"),
        [_("Agency or commune"), _("Unit"), _("Section"), _("Task"), _("Period")],
        _not_reported(data.plan_section),
    )
    activities = (
        _("Activities"),
        [_("Date"), _("Kind"), _("Activity"), _("Organiser"), _("Participants")],
        [[a.held_on, a.get_kind_display(), a.title, a.organiser, a.participants] for a in data.activities],
    )
    funding = (_("Funding"), [_("Source"), _("Amount (đồng)")], [*data.funding, (_("Total"), data.funding_total)])
    annex = (
        _("Annex"),
        [_("Product"), _("Producer"), _("Commune"), _("Council"), _("Stars"), _("Certificate"), _("Valid until")],
        [[e.product.name, e.product.producer.name, e.product.commune.name, e.round.get_level_display(), e.stars,
          e.cert.number if e.cert else "", e.cert.valid_until if e.cert else ""] for e in data.annex],
    )  # fmt: skip
    return [headline, ideas, per_quarter, rounds, stars, certificates, producers, groups, plan, not_reported,
            activity_totals, activities, funding, annex]  # fmt: skip


def _results(round_):
    """A round's stars, knocked out and forwarded; while its council still scores (not final), dashes and a note:
    its stars change with each sheet (gather leaves them empty)."""
    if round_.final:
        return [*[round_.stars.get(n, 0) for n in STAR_LEVELS], round_.knocked_out, round_.forwarded, ""]
    return [*["–" for _n in STAR_LEVELS], "–", "–", _("scoring in progress")]


def _not_reported(section):
    """One row per report owed and not filed: the agency, its unit, the task (section, title) and the period. With
    nothing owed, a sentence says why: no plan, or every report filed (no row if no report was due yet)."""
    rows = [
        [agency, agency.unit, item.task.section, item.task.title, item.period.label]
        for agency, items in section.missing
        for item in items
    ]
    if rows:
        return rows
    if section.plan is None:
        return [[_("This unit has no OCOP plan for the year.")]]
    if getattr(section, "periods", None):  # some plan period's reports were due
        return [[_("Every lead agency has reported.")]]
    return []


def to_xlsx(data):
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sections(data):
        _sheet(book, str(title), header, rows)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
