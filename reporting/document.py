"""The report as a document: the context the templates read, the HTML, and the PDF (WeasyPrint, with the
fonts shipped under static/fonts declared by @font-face, the page footer "Trang x/y" included).

`render_html(data, report_or_none)` returns the HTML; `to_pdf(html)` the bytes and the page count.
The language is the report's (Vietnamese unless the person who asked reads English): the footer's word for
"page" too, which document.css receives from here.
"""

from collections import Counter

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from org.enums import Level
from rating.certificate_pdf import BundledOnly, font_urls
from reporting import charts

STAR_LEVELS = [1, 2, 3, 4, 5]


def issuer_lines(unit):
    """The issuing body's two lines of the header: the People's Committee, then the office that reports."""
    committee = _("People's Committee of %(unit)s") % {"unit": unit}
    office = settings.REPORT_ISSUER.get(unit.level, "") if unit.level != Level.COMMUNE else ""
    return [committee.upper(), str(office).upper()] if office else [committee.upper()]


def _in_sentence(unit):
    """The unit as a line of text names it: "huyện Long Mỹ" (its kind in lower case, as after "Ủy ban nhân dân")."""
    return f"{unit.get_kind_display().lower()} {unit.name}"


def signature(unit):
    """{"recipients": [lines], "signer": [lines]} of the signature block, by who sends the report to whom: a
    commune to its district (signed for the People's Committee by its chairperson), a district's office to the
    province (signed by the head of the division), the province's department to the Ministry (its director)."""
    committee = _("The People's Committee of %(unit)s;")
    if unit.level == Level.COMMUNE:
        above = unit.parent  # the district (the province where there is no district level)
        recipients = [committee % {"unit": _in_sentence(above)}]
        office = settings.REPORT_ISSUER.get(above.level, "")
        if office:
            recipients.append(_("%(office)s of %(unit)s;") % {"office": office, "unit": _in_sentence(above)})
        signer = [_("ON BEHALF OF THE PEOPLE'S COMMITTEE"), _("CHAIRPERSON")]
    elif unit.level == Level.DISTRICT:
        recipients = [
            committee % {"unit": _in_sentence(unit.parent)},
            _("The OCOP steering committee;"),
            committee % {"unit": _in_sentence(unit)},
        ]
        signer = [_("HEAD OF THE DIVISION")]
    else:
        recipients = [_("The Ministry of Agriculture and Rural Development;"), committee % {"unit": _in_sentence(unit)}]
        signer = [_("DIRECTOR")]
    return {"recipients": [*recipients, _("Archive.")], "signer": signer}


def css_string(text):
    """`text` as a quoted CSS string (for `content:`), whatever the translation holds."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return mark_safe(f'"{escaped}"')  # noqa: S308 - a CSS string literal, every quote and backslash escaped


def quarter_label(quarter):
    return f"Q{quarter.number}/{str(quarter.year)[2:]}"


def stars_by_district(stars_by_commune):
    """[(district, Counter)]: each commune's stars added to its district's (commune.parent: indicators.communes_of
    loads it with the commune), in the communes' order; a commune directly under the province stays itself."""
    table = {}
    for commune, counter in stars_by_commune:
        parent = commune.parent
        place = parent if parent is not None and parent.level == Level.DISTRICT else commune
        table.setdefault(place, Counter()).update(counter)
    return list(table.items())


def stars_chart_title(unit):
    """A province's chart adds its communes up by district (150 communes would be 150 bars); the others show
    each commune."""
    if unit.level == Level.PROVINCE:
        return _("Rated products by district and stars")
    return _("Rated products by commune and stars")


def chart_set(data):
    """The three charts, as SVG markup (a long bar chart: several SVGs), and the stars chart's caption."""
    star_series = [(_("%(n)s★") % {"n": n}, charts.STAR_COLOURS[n - 1]) for n in STAR_LEVELS]
    if data.unit.level == Level.PROVINCE:
        by_place = [(str(d), counter) for d, counter in stars_by_district(data.stars_by_commune)]
    else:
        by_place = [(c.name, counter) for c, counter in data.stars_by_commune]
    stars = [(label, [counter.get(n, 0) for n in STAR_LEVELS]) for label, counter in by_place]
    agencies = [(str(row.agency), row.completion) for row in data.plan_section.agencies]
    stars_title = stars_chart_title(data.unit)
    return {
        "stars_title": stars_title,
        "stars": charts.stacked_bars(stars_title, stars, star_series, _("No product was rated in the period.")),
        "ideas": charts.columns(
            _("Product ideas registered per quarter"),
            [quarter_label(q) for q in data.quarters],
            data.ideas_per_quarter,
            _("No idea was registered in these quarters."),
        ),
        "tasks": charts.percent_bars(
            _("Task completion by lead agency"), agencies, _("No plan for this unit and year.")
        ),
    }


def annex_rows(annex):
    """The annex lines the PDF lists: all of them, or past REPORT_PDF_ANNEX_ROWS the ones with the most stars
    (in the annex's order); the Excel file always has them all. Returns (rows, how many are left out)."""
    limit = settings.REPORT_PDF_ANNEX_ROWS
    if not limit or len(annex) <= limit:
        return annex, 0
    kept = set(sorted(range(len(annex)), key=lambda i: (-annex[i].stars, i))[:limit])
    return [line for i, line in enumerate(annex) if i in kept], len(annex) - limit


def context(data, report=None):
    unit = data.unit
    rows, more = annex_rows(data.annex)
    return {
        "annex_rows": rows,
        "annex_more": more,
        "LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE,  # render_to_string has no request
        "data": data,
        "report": report,
        "unit": unit,
        "issuer": issuer_lines(unit),
        "signature": signature(unit),
        "place": unit.name,
        "number": (report.number if report else "") or "",
        "charts": chart_set(data),
        "star_levels": STAR_LEVELS,
        "fonts": font_urls(),
        "expiring_days": settings.REPORT_EXPIRING_DAYS,
        "previous_label": data.previous.label,
    }


def render_html(data, report=None):
    return render_to_string("reporting/document.html", context(data, report))


def to_pdf(html):
    """(PDF bytes, pages) of the document's HTML."""
    fonts = font_urls()
    page_word = css_string(pgettext("page footer", "Page"))  # "Trang x/y"
    css = render_to_string("reporting/document.css", {"fonts": fonts, "page_word": page_word})
    fetcher = BundledOnly(fonts.values())
    font_config = FontConfiguration()
    stylesheet = CSS(string=css, url_fetcher=fetcher, font_config=font_config)
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=[stylesheet], font_config=font_config)
    return document.write_pdf(), len(document.pages)
