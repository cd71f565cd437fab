"""Pages of a long list that read only the page's rows whole, and count the list only when it may have changed.

A list ordered through joins (the catalogue by product name, the certificates by date within the user's scope)
made PostgreSQL join every matching row with everything select_related names before sorting them, to keep 24
(bench/page_profile.py: 15 ms of the catalogue's query). Paging the primary keys first sorts only what the order
needs; the page's rows are then read by key with their related records: one query more, the same at any size.

Counting a province's 20,000 products (or a district's certificates through their products) for the pager cost
more than the page's rows. With LIST_COUNT_CACHE_SECONDS the count is kept per query, day and the last change
recorded in the audit history of the models the list's filters read (`count_depends_on`): any saved, created or
deleted record of theirs makes the next page count again; one small query reads those last changes.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic.list import MultipleObjectMixin


@functools.cache
def _last_changes_sql(models, using):
    tables = [model.history.model._meta.db_table for model in models]
    quoted = [connections[using].ops.quote_name(table) for table in tables]  # the models' own tables, quoted
    return "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in quoted)  # noqa: S608


def last_changes(models, using="default"):
    """The newest audit history row of each model (django-simple-history), in one query."""
    with connections[using].cursor() as cursor:
        cursor.execute(_last_changes_sql(tuple(models), using))
        return cursor.fetchone()


def kept_key(what, models, using="default"):
    """The cache key of something worked out from the data of `models` (with audit history): `what` (all it
    depends on but that data), the day and last_changes(models) (one small query)."""
    stamp = f"{what}|{timezone.localdate()}|{last_changes(models, using)}"
    return "kept:" + hashlib.sha256(stamp.encode()).hexdigest()


def kept_results_key(queryset, page, models):
    """The key a public list keeps its rendered results under: the query, the page and the language (kept_key)."""
    try:
        query = str(queryset.query)
    except EmptyResultSet:
        query = "none"
    return kept_key(f"results|{query}|{page}|{get_language()}", models, queryset.db)


def kept_value(queryset, models, compute, kind):
    """compute() (a count or counts over `queryset`), kept LIST_COUNT_CACHE_SECONDS under the query (kept())."""
    if not settings.LIST_COUNT_CACHE_SECONDS or not models:
        return compute()
    try:
        query = str(queryset.query)
    except EmptyResultSet:
        return compute()
    return kept(f"{kind}|{query}", models, compute, using=queryset.db)


def kept(what, models, compute, using="default"):
    """compute(), kept LIST_COUNT_CACHE_SECONDS under kept_key(what, models): the models, with audit history, whose
    changes can change it."""
    seconds = settings.LIST_COUNT_CACHE_SECONDS
    if not seconds or not models:
        return compute()
    key = kept_key(what, models, using)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


class KeysFirstPagination(MultipleObjectMixin):
    """For a ListView: page the ordered keys, then load that page's objects (in the same order); the count kept
    (kept_value) when `count_depends_on` names the models, with audit history, whose changes can change it."""

    count_depends_on = ()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        # Paginator.count is a cached_property: set here, the paginator does not count again.
        paginator.count = kept_value(queryset, self.count_depends_on, queryset.count, "list-count")
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, keys, is_paginated = super().paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True), page_size
        )
        keys = list(keys)
        found = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
        page.object_list = [found[key] for key in keys if key in found]
        return paginator, page, page.object_list, is_paginated
