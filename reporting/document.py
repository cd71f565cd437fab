"""The report as a document: the context the templates read, the HTML, and the PDF (WeasyPrint, with the
fonts shipped under static/fonts declared by @font-face, the page footer "Trang x/y" included).

`render(report_or_none, data, …)` returns the HTML; `to_pdf(html, fonts)` the bytes and the page count.
The language is the report's (Vietnamese unless the person who asked reads English).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
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


def quarter_label(quarter):
    return f"Q{quarter.number}/{str(quarter.year)[2:]}"


def chart_set(data):
    """The three charts, as SVG markup."""
    star_series = [(_("%(n)s★") % {"n": n}, charts.STAR_COLOURS[n - 1]) for n in STAR_LEVELS]
    by_commune = [(c.name, [counter.get(n, 0) for n in STAR_LEVELS]) for c, counter in data.stars_by_commune]
    agencies = [(str(row.agency), row.completion) for row in data.plan_section.agencies]
    return {
        "stars": charts.stacked_bars(
            _("Rated products by commune and stars"), by_commune, star_series, _("No product was rated in the period.")
        ),
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
    css = render_to_string("reporting/document.css", {"fonts": fonts})
    fetcher = BundledOnly(fonts.values())
    font_config = FontConfiguration()
    stylesheet = CSS(string=css, url_fetcher=fetcher, font_config=font_config)
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=[stylesheet], font_config=font_config)
    return document.write_pdf(), len(document.pages)
