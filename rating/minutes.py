"""The council's minutes (biên bản) of a closed round as a PDF: the council, each entry with every member's
total, the average, stars, flags and the forwarding decision. Same bundled fonts as the certificates."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from rating import scoring, services
from rating.certificate_pdf import BundledOnly, font_urls
from rating.enums import SeatRole, SheetStatus, in_seat_order
from rating.models import ScoreSheet
from rating.selectors import reaches_threshold


def minutes_context(round_):
    seats = in_seat_order(round_.seats.select_related("user"))
    entries = list(round_.entries.select_related("product__producer", "product__commune", "product_set"))
    totals = {
        (sheet.entry_id, sheet.seat_id): sheet
        for sheet in ScoreSheet.objects.filter(entry__round=round_, status=SheetStatus.SUBMITTED)
    }
    rows = []
    for entry in entries:
        mean = scoring.average(entry.score_sum, entry.sheet_count)
        rows.append({
            "entry": entry,
            "cells": [totals.get((entry.pk, seat.pk)) for seat in seats],
            "average": scoring.shown(mean),
            "flagged": services.is_flagged(entry),
            "forwarded": reaches_threshold(entry),
        })  # fmt: skip
    chair = next((s for s in seats if s.role == SeatRole.CHAIR), None)
    secretary = next((s for s in seats if s.role == SeatRole.SECRETARY), None)
    return {
        "round": round_,
        "seats": seats,
        "rows": rows,
        "chair": chair,
        "secretary": secretary,
        "threshold": round_.rule_set.forward_threshold(round_.level),
        "today": timezone.localdate(),
        "fonts": font_urls(),
    }


def minutes_pdf(round_):
    with translation.override("vi"):
        context = minutes_context(round_)
        html = render_to_string("rating/minutes_pdf.html", context)
        css = render_to_string("rating/minutes_pdf.css", context)
    fetcher = BundledOnly(context["fonts"].values())
    fonts = FontConfiguration()
    stylesheet = CSS(string=css, url_fetcher=fetcher, font_config=fonts)
    return HTML(string=html, url_fetcher=fetcher).render(stylesheets=[stylesheet], font_config=fonts).write_pdf()


def file_name(round_):
    return f"bien-ban-dot-{round_.number}-{round_.year}-{round_.unit.code}.pdf"
