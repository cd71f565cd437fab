from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from org.data.reorganisation_can_tho_2025 import EFFECTIVE, HISTORY_ENDS
from org.demo import ADMIN_ACCOUNT, seed_city, seed_org
from org.models import Membership
from plans.demo import describe as describe_plans
from plans.demo import seed_plans
from products.demo import seed_products
from rating.demo import seed_rating
from rating.demo_today import seed_city_rating, seed_city_register
from reporting.demo import describe as describe_reports
from reporting.demo import request_city_report, seed_reporting


class Command(BaseCommand):
    help = "Build the demo province, districts, communes, agencies and one account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--password", default=None, help="Password of new demo accounts.")

    def handle(self, *args, force=False, password=None, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if not settings.DEBUG and not force:
            raise CommandError(_("DEBUG is off: this looks like a real installation. Add --force to seed anyway."))
        password = password or settings.DEMO_PASSWORD
        try:
            with transaction.atomic():
                accounts = seed_org(password)
                producers, products = seed_products()
                accounts += seed_rating(password)
                # Huyện Long Mỹ's history runs up to the reorganisation; today's structure follows it.
                accounts += seed_plans(password, today=HISTORY_ENDS)
                accounts += seed_reporting(password, today=HISTORY_ENDS)  # its reports are produced once this commits
                city_accounts, reorganised = seed_city(password)
                accounts += city_accounts
                accounts += seed_city_rating()
                seed_city_register()
                request_city_report()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            _("Product registry: %(producers)d producers and %(products)d products added.")
            % {"producers": producers, "products": products}
        )
        if reorganised.ends:
            self.stdout.write(
                _("Reorganisation of %(day)s (the illustrative file of thành phố Cần Thơ): %(units)d units created, "
                  "%(ended)d units ended, %(moved)d producers moved; %(people)d memberships ended.")
                % {"day": formats.date_format(EFFECTIVE, "SHORT_DATE_FORMAT"), "units": len(reorganised.creates),
                   "ended": len(reorganised.ends), "moved": len(reorganised.producers),
                   "people": len(reorganised.memberships)}
            )  # fmt: skip
        self.stdout.write(describe_plans())
        self.stdout.write(describe_reports())
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready. Sign in at /accounts/login/ with:")))
        width = max(len(username) for username, *_rest in accounts)
        kept = _("(password unchanged)")
        active = set(Membership.objects.active().values_list("user__username", flat=True))
        for username, created, role, place in accounts:
            shown = password if created else kept
            if username not in active and username != ADMIN_ACCOUNT[0]:
                place = _("%(place)s (ended by the reorganisation: awaiting reassignment)") % {"place": place}
            self.stdout.write(f"  {username:<{width}}  {shown:<{max(len(password), len(kept))}}  {role} · {place}")
