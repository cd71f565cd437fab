"""`manage.py generate_report --unit CODE --period 2020-Q3 [--format pdf|xlsx] [--out FILE] [--regenerate]`.

For operators (cron jobs, backfills): the report is requested like any other (the row and its history exist,
the web pages list it) and produced in this process by the worker's own code, not sent to the broker. A report
already done is written out as it is unless --regenerate is given.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from org.models import AdministrativeUnit
from reporting import periods, services
from reporting.enums import ReportState

FORMATS = ("pdf", "xlsx")


class Command(BaseCommand):
    help = "Produce a unit's report for a period (through the same services as the pages) and write it to a file."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="The unit's official code, e.g. 936.")
        parser.add_argument(
            "--period", required=True, help="2020-Q3, 2020-H1, 2020, or a range 2020-01-01..2020-05-15."
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=FORMATS,
            default=None,
            help="pdf (the default, unless --out ends in .xlsx) or xlsx.",
        )
        parser.add_argument(
            "--out", default=None, help="A file, or a folder for the report's own file name (default: this folder)."
        )
        parser.add_argument("--regenerate", action="store_true", help="Produce it again from today's data.")
        parser.add_argument("--number", default="", help="The document number printed on a new report.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, unit, period, file_format, out, regenerate, number, **_options):
        unit = self.find_unit(unit)
        period = self.parse_period(period)
        chosen = file_format or (Path(out).suffix.lower().lstrip(".") if out else "")
        chosen = chosen if chosen in FORMATS else "pdf"
        report, created = services.request_report(
            None, unit, period, language=settings.LANGUAGE_CODE, number=number, send=False
        )
        if regenerate and not created and report.status == ReportState.DONE:
            try:
                report = services.regenerate(None, report, _("Regenerated from the command line"), send=False)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        try:
            report = services.generate_now(report)
        except Exception as error:
            raise CommandError(
                _("The report of %(unit)s for %(period)s could not be produced: %(error)s")
                % {"unit": unit, "period": period.code, "error": error}
            ) from error
        if report.status != ReportState.DONE:
            reason = report.error or report.get_status_display()
            raise CommandError(
                _("The report of %(unit)s for %(period)s was not produced: %(error)s")
                % {"unit": unit, "period": period.code, "error": reason}
            )
        self.write(report, chosen, out)

    def find_unit(self, code):
        unit = AdministrativeUnit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise CommandError(_("There is no unit with the code %(code)s.") % {"code": code})
        return unit

    def parse_period(self, code):
        try:
            return periods.parse(code)
        except ValueError:
            raise CommandError(
                _(
                    "%(code)s is not a period: use 2020-Q3 (a quarter), 2020-H1 (six months), 2020 (a year) "
                    "or 2020-01-01..2020-05-15 (a range, the end not before the start)."
                )
                % {"code": code}
            ) from None

    def write(self, report, chosen, out):
        stored = report.pdf if chosen == "pdf" else report.xlsx
        if not stored or not stored.storage.exists(stored.name):
            raise CommandError(
                _("The %(format)s file of %(report)s is missing from the storage: run again with --regenerate.")
                % {"format": chosen.upper(), "report": report}
            )
        name = f"{services.file_stem(report)}.{chosen}"
        path = Path(out) if out else Path(name)
        if path.is_dir():
            path = path / name
        try:
            with stored.open("rb") as source, path.open("wb") as target:
                shutil.copyfileobj(source, target)
        except OSError as error:
            raise CommandError(_("Could not write %(path)s: %(error)s") % {"path": path, "error": error}) from None
        timings = ", ".join(
            f"{name} {value:.2f} s"
            for name, value in (
                (_("gathering"), report.gather_seconds),
                (_("HTML"), report.render_seconds),
                (_("PDF"), report.pdf_seconds),
            )
            if value is not None
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(report)s written to %(path)s: %(pages)s pages; %(timings)s.")
                % {"report": report, "path": path, "pages": report.pages, "timings": timings}
            )
        )
