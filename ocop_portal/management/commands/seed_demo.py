from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from org.demo import seed_org
from plans.demo import describe as describe_plans
from plans.demo import seed_plans
from products.demo import seed_products
from rating.demo import seed_rating
from reporting.demo import describe as describe_reports
from reporting.demo import seed_reporting


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
                accounts += seed_plans(password)
                accounts += seed_reporting(password)  # its reports are produced once this commits
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            _("Product registry: %(producers)d producers and %(products)d products added.")
            % {"producers": producers, "products": products}
        )
        self.stdout.write(describe_plans())
        self.stdout.write(describe_reports())
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready. Sign in at /accounts/login/ with:")))
        width = max(len(username) for username, *_rest in accounts)
        kept = _("(password unchanged)")
        for username, created, role, place in accounts:
            shown = password if created else kept
            self.stdout.write(f"  {username:<{width}}  {shown:<{max(len(password), len(kept))}}  {role} · {place}")
