"""The leadership dashboard's figures: the report's headline indicators and charts for a unit, the current
period against the previous one, each number linking to the list behind it."""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from org.enums import Level
from reporting import indicators as ind
from reporting.document import chart_set
from reporting.gather import headlines, plan_for, plan_section
from reporting.periods import previous, quarters_back


def _links(unit, period, plan):
    """The list behind each headline, where the portal has one."""
    products = {"sent_from": period.start.isoformat(), "sent_to": period.end.isoformat()}
    if unit.level == Level.COMMUNE:
        products["commune"] = unit.pk
    links = {
        "ideas": f"{reverse('products:product_list')}?{urlencode(products)}",
        "rated": reverse("certificates:certificate_list"),
        "rated_3": reverse("certificates:certificate_list"),
        "certificates": reverse("certificates:certificate_list"),
        "valid": f"{reverse('certificates:certificate_list')}?state=valid",
    }
    if plan is not None:
        links["trained"] = links["events"] = reverse("plans:activity_list", args=[plan.pk])
        links["funding"] = reverse("plans:funding_list", args=[plan.pk])
    return links


def dashboard(unit, period, today=None):
    today = today or timezone.localdate()
    plan, agencies, own = plan_for(unit, period)
    items = headlines(unit, period, plan if own else None, today)
    links = _links(unit, period, plan)
    for item in items:
        item.link = links.get(item.key, "")
    communes = {c.pk: c for c in ind.communes_of(unit)}
    stars_table = ind.stars_by_commune(unit, period)
    quarters = quarters_back(period, 8)
    data = SimpleNamespace(
        unit=unit,
        period=period,
        previous=previous(period),
        plan=plan,
        headlines=items,
        stars_by_commune=[(communes[pk], stars_table[pk]) for pk in communes if pk in stars_table],
        quarters=quarters,
        ideas_per_quarter=ind.ideas_per_quarter(unit, quarters),
        plan_section=plan_section(plan, period, today, agencies),
    )
    data.charts = chart_set(data)
    return data


def kept_dashboard(unit, period, today=None):
    """dashboard(), kept REPORT_DASHBOARD_CACHE_SECONDS per unit, period, day and language (its charts hold
    translated labels); `data.as_of` says when the figures were worked out."""
    today = today or timezone.localdate()
    seconds = settings.REPORT_DASHBOARD_CACHE_SECONDS
    key = f"reporting:dashboard:{unit.pk}:{period.code}:{today.isoformat()}:{translation.get_language()}"
    data = cache.get(key) if seconds else None
    if data is None:
        data = dashboard(unit, period, today)
        data.as_of = timezone.now()
        if seconds:
            cache.set(key, data, seconds)
    return data
