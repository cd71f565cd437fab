"""The province-scale world: what `manage.py seed_scale` builds and the benchmarks under bench/ measure.

A seeded random.Random, so the same seed builds the same world. With the defaults: one province (93, Hậu Giang),
10 districts and 150 communes; the province's 18 departments and each district's People's Committee and offices;
3,000 producers; 20,000 products registered over five years, at every stage of the workflow; about 5,000 rated
entries (each year a round per district and the province's rounds; the last year's district rounds scored by
their councils through the services: about 3,300 score sheets and 100,000 answers); about 2,000 certificates; a
plan per unit and year, 500 tasks over the last two years' plans and about 3,000 progress reports; the accounts
of registry.ACCOUNTS and the councils' people.
"""

import secrets
import time

from ocop_portal.scale import plans, rating, registry

SIZES = {"producers": 3000, "products": 20000, "entries": 5000, "tasks": 500}
SHARES = {4: [0.15, 0.2, 0.25, 0.4], 5: [0.2, 0.22, 0.22, 0.19, 0.17]}  # of the district entries, by year


def build_world(rng, *, year, years=5, producers=3000, products=20000, entries=5000, tasks=500, task_years=2,
                password=None, today=None, progress=None):  # fmt: skip
    """Build the world for the years up to `year`. With a password, the accounts and councils are made and the
    last year's district rounds scored through the services; without, every round is written by batches (the
    report benchmark's world). Returns (province, {what: how many})."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from org import services

    today = today or timezone.localdate()
    progress = progress or (lambda step, seconds: None)
    all_years = list(range(year - years + 1, year + 1))
    counts, started = {}, time.perf_counter()

    def done(step):
        nonlocal started
        progress(step, time.perf_counter() - started)
        started = time.perf_counter()

    with transaction.atomic():
        province, districts, communes = registry.units()
        agencies = registry.agencies(province, districts)
        if password:
            people = registry.accounts(password, province, districts, communes, agencies[0])
            user = people["scale.tinh"]
            councils = rating.council_members(password, agencies[0], agencies[1], districts)
        else:
            user, _created = services.ensure_user(username="bench.officer", password=secrets.token_urlsafe(16))
            councils = None
        counts.update(districts=len(districts), communes=len(communes))
        done(_("Organisation and accounts"))
        made_producers = registry.producers(rng, communes, producers, user, year)
        ready = registry.products(rng, made_producers, all_years, products // years, user)
        counts.update(producers=len(made_producers), products=products // years * years)
        done(_("Producers and products"))
        counts.update(rating.rating(rng, province, districts, ready, all_years, SHARES[years], entries, user, councils))
        done(_("Rounds, sheets and certificates"))
        counts.update(
            plans.plans(rng, province, districts, agencies, all_years, all_years[-task_years:], tasks, user, today)
        )
        done(_("Plans, tasks and progress reports"))
    return province, counts


def exists():
    """Whether a scale world is in the database already (seed_scale is not run twice on one database)."""
    from org.models import AdministrativeUnit

    return AdministrativeUnit.objects.filter(code=registry.DISTRICTS[-1][0]).exists()
