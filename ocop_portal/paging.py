"""Pages of a long list that read only the page's rows whole.

A list ordered through joins (the catalogue by product name, the certificates by date within the user's scope)
made PostgreSQL join every matching row with everything select_related names before sorting them, to keep 24
(bench/page_profile.py: 15 ms of the catalogue's query). Paging the primary keys first sorts only what the order
needs; the page's rows are then read by key with their related records: one query more, the same at any size.
"""

from django.views.generic.list import MultipleObjectMixin


class KeysFirstPagination(MultipleObjectMixin):
    """For a ListView: page the ordered keys, then load that page's objects (in the same order)."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, keys, is_paginated = super().paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True), page_size
        )
        keys = list(keys)
        found = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
        page.object_list = [found[key] for key in keys if key in found]
        return paginator, page, page.object_list, is_paginated
