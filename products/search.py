"""Search that ignores case, Vietnamese accents and đ/Đ, the same on SQLite and PostgreSQL.

Neither database folds accents by itself (PostgreSQL needs the unaccent extension, which the portal must not
depend on) and SQLite's LIKE folds the case of ASCII letters only, so "MẬT ONG" never met "mật ong". The folding is
done here, in Python, once: a searched model stores its name folded in `search_text` (written by `save()` and by
its queryset's bulk writes, which skip `save()`), and the words typed are folded the same way before they are
compared. Codes and numbers ("93-936-001-2019", a decision's number) are still found as typed.
"""

import operator
import re
import unicodedata
from functools import reduce

from django.db import models
from django.db.models import Q

SOURCE = "name"


def fold(text):
    """'  Hợp tác xã ĐƯỜNG  Phèn ' -> 'hop tac xa duong phen': no case, no accents, đ as d, words apart."""
    text = unicodedata.normalize("NFD", str(text or "")).casefold().replace("đ", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text).strip()


def search_q(text, folded=(), exact=()):
    """Every word of the text within one of the `folded` columns (a word of the product's name and one of its
    producer's both count), or the whole text within one of the `exact` columns (codes, numbers)."""
    text = text.strip()
    found = [Q(**{f"{field}__icontains": text}) for field in exact]
    words = fold(text).split()
    if words and folded:
        found.append(reduce(operator.and_, (_anywhere(word, folded) for word in words)))
    return reduce(operator.or_, found) if found else Q(pk__in=[])


def _anywhere(word, fields):
    return reduce(operator.or_, (Q(**{f"{field}__contains": word}) for field in fields))


class SearchableQuerySet(models.QuerySet):
    """Bulk writes skip `save()`: these keep `search_text` in step with the name all the same (the register's and
    the idea import's bulk_create, the scale world's batches)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.search_text = fold(getattr(obj, SOURCE))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if SOURCE in fields:
            for obj in objs:
                obj.search_text = fold(getattr(obj, SOURCE))
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if isinstance(kwargs.get(SOURCE), str):
            kwargs["search_text"] = fold(kwargs[SOURCE])
        return super().update(**kwargs)


class Searchable(models.Model):
    """A model found by its name in the lists' search. The folded name is an internal column: no label, no form
    field, and no audit history of its own (the name's history says everything)."""

    search_text = models.CharField(max_length=255, blank=True, default="", editable=False)

    objects = SearchableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if SOURCE not in self.get_deferred_fields():
            self.search_text = fold(getattr(self, SOURCE))
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and SOURCE in update_fields:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
