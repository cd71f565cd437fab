"""manage.py import_register FILE --province CODE [--apply] [--user USERNAME] [--choose TOKEN=PK|new ...]

The province's register of earlier OCOP recognitions, as the province officer's page imports it (rating.register):
without --apply the preview is printed and nothing is saved; problems are printed by row and column and the
command fails. A producer whose name is close to one of its commune needs a --choose (the preview prints them).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from org.enums import Level
from org.models import AdministrativeUnit
from rating import register


class Command(BaseCommand):
    help = "Import a province's register of OCOP products recognised before the portal (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--province", required=True, help="the province's code")
        parser.add_argument("--apply", action="store_true", help="save (without it: the preview only)")
        parser.add_argument("--user", help="the username recorded as having imported it")
        parser.add_argument("--choose", action="append", default=[], metavar="TOKEN=PK|new",
                            help="for a near match: the existing producer's id, or 'new'")  # fmt: skip

    def handle(self, *args, **options):
        province = AdministrativeUnit.objects.filter(code=options["province"], level=Level.PROVINCE).first()
        if province is None:
            raise CommandError(f"No province with code {options['province']}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}.")
        choices = dict(choice.split("=", 1) for choice in options["choose"] if "=" in choice)
        content = Path(options["file"]).read_bytes()
        try:
            if options["apply"]:
                plan = register.apply(province, content, choices, user=user)
            else:
                with transaction.atomic():  # the preview reads only; the transaction makes sure
                    plan = register.preview(province, content, choices)
                    transaction.set_rollback(True)
        except (register.RegisterError, register.NotReady) as error:
            plan = getattr(error, "plan", None)
            if plan is not None:
                self.print_near(plan)
            self.print_problems(register.problems_of(error))
            raise CommandError("Nothing was imported.") from None
        if plan.problems:
            self.print_problems(plan.problems)
            raise CommandError("Nothing was imported.")
        self.print_plan(plan)
        counts = plan.counts
        if options["apply"]:
            self.stdout.write(self.style.SUCCESS(
                f"Imported: {counts['new']} recognitions ({counts['flagged']} without a decision), "
                f"{counts['new_producers']} producers, {counts['new_products']} products; "
                f"{counts['existing']} already there."
            ))  # fmt: skip
        elif plan.unresolved:
            self.stdout.write("Choose for each near match (--choose) before --apply.")

    def print_problems(self, problems):
        for row, column, message in problems:
            self.stderr.write(f"row {row}, {column or '-'}: {message}")

    def print_near(self, plan):
        for match in plan.near:
            options = ", ".join(f"{pk} = {name}" for pk, name in match.candidates)
            chosen = f" (chosen: {match.choice})" if match.choice is not None else ""
            self.stdout.write(
                f"near match: “{match.name}” ({match.commune.name}, rows {', '.join(map(str, match.rows))}) "
                f"~ {options}{chosen}: --choose {match.token}=<id>|new"
            )

    def print_plan(self, plan):
        counts = plan.counts
        self.stdout.write(
            f"{plan.province}: {counts['rows']} rows; {counts['new']} to record ({counts['flagged']} without a "
            f"decision), {counts['existing']} already there, {counts['new_producers']} new producers, "
            f"{counts['new_products']} new products, {counts['near']} near matches."
        )
        self.print_near(plan)
        for row in plan.rows_with("new")[:50]:
            flag = " [without a decision]" if row.without_decision else ""
            valid = row.extra["valid_until"].strftime("%d/%m/%Y") if row.extra["valid_until"] else "-"
            day = row.decision_date.strftime("%d/%m/%Y") if row.decision_date else "-"
            self.stdout.write(f"  row {row.number}: {row.product} | {row.producer} | {row.unit.name} | {row.stars}★ | "
                              f"{row.decision_number or '-'} {day} | valid until {valid}{flag}")  # fmt: skip
