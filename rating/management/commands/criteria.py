"""`manage.py criteria export CODE [FILE]`, `manage.py criteria template CODE [FILE]` (the workbook an office fills in
from the official copy) and `manage.py criteria import FILE [--code NEW_CODE] [--replace]`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from rating import criteria_xlsx
from rating.models import RuleSet


class Command(BaseCommand):
    help = "Export a rule set and its scoring sheets to .xlsx, or import one (the same layout)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write a rule set to an .xlsx file.")
        export.add_argument("code", help='The rule set\'s code, e.g. "1048/QĐ-TTg".')
        export.add_argument("file", nargs="?", help="Where to write (default: bo-quy-tac-<code>.xlsx here).")
        template = actions.add_parser("template", help="Write the workbook to fill in from the official copy.")
        template.add_argument("code", help='The rule set\'s code, e.g. "148/QĐ-TTg".')
        template.add_argument("file", nargs="?", help="Where to write (default: mau-phieu-cham-<code>.xlsx here).")
        load = actions.add_parser("import", help="Read a rule set from an .xlsx file; nothing is saved on error.")
        load.add_argument("file", help="The .xlsx file.")
        load.add_argument("--code", default=None, help="Import under this code instead of the file's.")
        load.add_argument("--replace", action="store_true", help="Replace the sheets of an existing rule set.")

    def handle(self, *args, action, **options):
        with translation.override(settings.LANGUAGE_CODE):
            if action == "export":
                self.export(options["code"], options.get("file"))
            elif action == "template":
                self.template(options["code"], options.get("file"))
            else:
                self.load(options["file"], options.get("code"), options.get("replace", False))

    def export(self, code, file):
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            raise CommandError(_("There is no rule set %(code)s.") % {"code": code})
        path = Path(file or criteria_xlsx.file_name(rule_set))
        path.write_bytes(criteria_xlsx.export_bytes(rule_set))
        self.stdout.write(
            self.style.SUCCESS(
                _("Rule set %(code)s written to %(path)s (%(sheets)d scoring sheets).")
                % {"code": rule_set.code, "path": path, "sheets": rule_set.sheets.count()}
            )
        )

    def template(self, code, file):
        rule_set = RuleSet.objects.filter(code=code).select_related("criteria_from").first()
        if rule_set is None:
            raise CommandError(_("There is no rule set %(code)s.") % {"code": code})
        path = Path(file or criteria_xlsx.template_file_name(rule_set))
        path.write_bytes(criteria_xlsx.template_bytes(rule_set))
        self.stdout.write(
            self.style.SUCCESS(
                _("The workbook to fill in for %(code)s is written to %(path)s.")
                % {"code": (rule_set.criteria_from or rule_set).code, "path": path}
            )
        )

    def load(self, file, code, replace):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        try:
            with path.open("rb") as upload:
                result = criteria_xlsx.import_workbook(upload, code=code, replace=replace)
        except criteria_xlsx.CriteriaImportError as error:
            for warning in error.warnings:
                self.stderr.write(_("Warning: %(message)s") % {"message": warning})
            lines = [_("Nothing was imported:")] + [f"- {message}" for message in error.errors]
            raise CommandError("\n".join(lines)) from None
        for warning in result.warnings:
            self.stderr.write(_("Warning: %(message)s") % {"message": warning})
        message = (
            _("Rule set %(code)s created with %(sheets)d scoring sheets.")
            if result.created
            else _("Rule set %(code)s updated: %(sheets)d scoring sheets.")
        )
        self.stdout.write(self.style.SUCCESS(message % {"code": result.rule_set.code, "sheets": result.sheets}))
