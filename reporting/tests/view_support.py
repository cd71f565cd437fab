"""What the reporting view tests share: reports stored directly or produced for real, and the text of a PDF.

`produced()` makes the files by the worker's own path (services.generate) in the test's process, so it works
in both CI passes; `generation.eager_celery()` makes a view's request produce its report at once even when
REDIS_URL is set (the tests then run the on-commit callbacks with django_capture_on_commit_callbacks)."""

import subprocess
from io import BytesIO

import openpyxl
from django.core.files.base import ContentFile
from django.utils import timezone

from products.demo import demo_pdf
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from reporting import services
from reporting.enums import ReportState
from reporting.models import Report, ReportTransition
from reporting.periods import quarter

Q3_2020 = quarter(2020, 3)


def idea(commune, submitted_at, **fields):
    """A product idea of `commune` first sent to the district at `submitted_at` (None: a draft)."""
    status = ProductStatus.SUBMITTED if submitted_at else ProductStatus.DRAFT
    product = ProductFactory(producer=ProducerFactory(commune=commune), status=status, **fields)
    if submitted_at:
        type(product).objects.filter(pk=product.pk).update(submitted_at=submitted_at)
    return product


def produced(user, unit, period=Q3_2020):
    """The report of `unit` for `period`, produced now (real PDF and Excel files)."""
    report, _created = services.request_report(user, unit, period)
    services.generate(report.pk, report.generation)
    report.refresh_from_db()
    assert report.status == ReportState.DONE, report.error
    return report


def stored(unit, period=Q3_2020, status=ReportState.DONE, files=None, user=None, **fields):
    """A report row stored directly (no production): files=True gives it small stand-in files."""
    files = status == ReportState.DONE if files is None else files
    report = Report.objects.create(
        unit=unit, kind=period.kind, period_code=period.code, start=period.start, end=period.end,
        status=status, requested_by=user, **fields,
    )  # fmt: skip
    ReportTransition.objects.create(report=report, to_status=ReportState.QUEUED, actor=user, note="Requested")
    if files:
        stem = services.file_stem(report)
        report.pdf.save(f"{stem}.pdf", ContentFile(demo_pdf("Bao cao OCOP")), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx_bytes()), save=False)
        report.generated_at = timezone.now()
        report.pages = 1
        report.progress = 100 if status == ReportState.DONE else report.progress
        report.save()
    return report


def xlsx_bytes():
    book = openpyxl.Workbook()
    book.active.append(["Chỉ tiêu", 1])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf_text(data):
    """The PDF's text, as pdftotext reads it."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content
