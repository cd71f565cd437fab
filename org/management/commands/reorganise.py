from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from org.reorganisation import FileProblem, ReorganisationRefused, plan, read_workbook
from org.reorganisation import apply as apply_file
from org.reorganisation.describe import lines


class Command(BaseCommand):
    help = "Check a reorganisation file (.xlsx) and print what it would do; with --apply, apply it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx file, one row per former unit.")
        parser.add_argument("--apply", action="store_true", help="Apply it (in one transaction).")

    def handle(self, *args, file, apply: bool = False, **options):
        try:
            parsed = read_workbook(Path(file).read_bytes())
        except (OSError, FileProblem) as error:
            raise CommandError(str(error)) from None
        try:
            preview = apply_file(parsed) if apply else plan(parsed)
        except ReorganisationRefused as refused:
            preview = refused
        problems = preview.problems
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(_("%(count)s problems found: nothing was saved.") % {"count": len(problems)})
        for line in lines(preview):
            self.stdout.write(line)
        self.stdout.write(_("Applied.") if apply else _("Checked only: add --apply to apply it."))
