import random
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.scale import registry, world

COUNTED = {
    "districts": gettext_lazy("districts"),
    "communes": gettext_lazy("communes"),
    "producers": gettext_lazy("producers"),
    "products": gettext_lazy("products"),
    "rounds": gettext_lazy("rounds"),
    "entries": gettext_lazy("entries"),
    "certificates": gettext_lazy("certificates"),
    "score sheets": gettext_lazy("score sheets"),
    "score answers": gettext_lazy("score answers"),
    "activities": gettext_lazy("activities"),
    "funding lines": gettext_lazy("funding lines"),
    "tasks": gettext_lazy("tasks"),
    "progress reports": gettext_lazy("progress reports"),
}


class Command(BaseCommand):
    help = (
        "Build a province-scale world (10 districts, 150 communes, 3,000 producers, 20,000 products over five "
        "years, about 5,000 rated entries with 100,000 score answers, 2,000 certificates, 500 tasks, 3,000 "
        "progress reports) for benchmarks and load tests. Seeded: the same seed builds the same world."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7, help="Seed of the random numbers (7).")
        parser.add_argument("--year", type=int, default=None, help="The last of the five years (this year).")
        parser.add_argument("--password", default=None, help="Password of the accounts it makes.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="Build this fraction of the world (0.05 for a quick try)."
        )

    def handle(self, *args, seed=7, year=None, password=None, force=False, fraction=1.0, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if not settings.DEBUG and not force:
            raise CommandError(_("DEBUG is off: this looks like a real installation. Add --force to seed anyway."))
        if not 0 < fraction <= 1:
            raise CommandError(_("The fraction is a number above 0 and at most 1."))
        if world.exists():
            raise CommandError(_("This database already holds the province-scale world; use a new database."))
        started = time.perf_counter()

        def progress(step, seconds):
            self.stdout.write(_("%(step)s: %(seconds).1f s") % {"step": step, "seconds": seconds})

        try:
            _province, counts = world.build_world(
                random.Random(seed),  # noqa: S311 (repeatable data, not secrets)
                year=year or timezone.localdate().year,
                password=password or settings.DEMO_PASSWORD,
                progress=progress,
                **{what: max(1, round(count * fraction)) for what, count in world.SIZES.items()},
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give a while after a bulk load
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(", ".join(f"{count:,} {COUNTED[what]}".replace(",", ".") for what, count in counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                _("Province-scale world built in %(seconds).1f s.") % {"seconds": time.perf_counter() - started}
            )
        )
        accounts = ", ".join(username for username, _role, _where in registry.ACCOUNTS)
        self.stdout.write(
            _("Accounts: %(accounts)s, and the council member %(member)s.")
            % {"accounts": accounts, "member": world.rating.MEMBER}
        )
