"""The audit history (django-simple-history) as the detail pages show it: who, when, what changed, old → new.

`trail()` reads each historical queryset once (with the user who made the change), pairs every record with the
one before it for the same object and diffs them in memory, so a page's query count does not grow with the
number of changes. Values are shown as the forms show them: choice labels, yes/no, localized dates and numbers.
"""

import datetime
import decimal
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Count, Max, Value
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

KINDS = {"+": "created", "~": "changed", "-": "deleted"}
SHOWN = 50  # the newest changes a page lists; "?history=all" lists every one


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Event:
    when: datetime.datetime
    who: str
    subject: str
    kind: str  # created, changed, deleted
    changes: list[Change] = field(default_factory=list)
    note: str = ""  # the change's reason when one was given (history_change_reason), e.g. a reorganisation's
    saves: int = 1  # the saves of one sitting this event stands for (a score sheet's autosaves)

    @property
    def kind_label(self):
        return {
            "created": pgettext("change history", "created"),
            "changed": pgettext("change history", "changed"),
            "deleted": pgettext("change history", "deleted"),
        }[self.kind]


def source(history, describe=None, excluded=()):
    """One historical queryset (e.g. ``Product.history.filter(id=product.pk)``) and how to name its objects.

    ``describe(record)`` names the object a record belongs to; it must not query (use what the page has
    loaded). Without it the model's verbose name is used. ``excluded`` fields are left out of the changes
    (what this reader may not see). Only fields with a translated label are listed: the others are internal
    (timestamps, sums kept for the averages, who-columns that the history's "who" already shows)."""
    return history, describe, set(excluded)


def shown(model_field):
    return isinstance(model_field.verbose_name, Promise) and not (
        getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    )


def show(model_field, value):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.ForeignKey):
        return f"#{value}"
    if getattr(model_field, "is_money", False):
        return _("%(amount)s đ") % {"amount": formats.number_format(value, force_grouping=True)}
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # stored in UTC, read in Asia/Ho_Chi_Minh
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal, float, int)):
        return formats.localize(value, use_l10n=True)
    return str(value)


# What each row read for the comparison starts with.
HEAD = ("history_id", "id", "history_type", "history_date", "history_user_id")
SITTING = datetime.timedelta(hours=1)  # a person's saves of one record within this of each other: one sitting
STATES = {"status"}  # a change of these is an event of its own (a submit, a re-open, a result), never merged


def _changes_worth_listing(history, excluded):
    """[history id, date, the row before it for the same object, this row, the shown fields that differ, saves] for
    each record worth listing: creations, deletions and changes of a field the reader sees. A person's successive
    changes of one record in one sitting (a score sheet's autosaves) are one event, from the first value to the
    last, that counts its saves; a change of state stays its own event. Rows of raw values are compared (a scored
    round has hundreds of sheet records: building each as a model took most of the page's time); the records a
    page lists are loaded whole afterwards (_event)."""
    fields = [f for f in history.model.instance_type._meta.concrete_fields if f.name not in excluded and shown(f)]
    rows = history.order_by("history_date", "history_id").values_list(*HEAD, *(f.attname for f in fields))
    found, previous, open_sitting, start = [], {}, {}, len(HEAD)
    for row in rows:
        history_id, object_id, kind, when, user_id = row[:start]
        before, previous[object_id] = previous.get(object_id), row
        changed = []
        if before is not None and kind == "~":
            # Field by field rather than with diff_against(), which leaves out the fields forms do not edit, such
            # as a status only the workflow sets.
            changed = [(f, index) for index, f in enumerate(fields, start) if before[index] != row[index]]
            if not changed:  # only internal fields (timestamps, sums) moved
                continue
        sitting = open_sitting.get(object_id)
        if sitting is not None and kind == "~" and not any(f.name in STATES for f, _index in changed):
            first_before, last = sitting[2], sitting[3]
            if last[4] == user_id and when - last[3] <= SITTING:
                sitting[0], sitting[1], sitting[3], sitting[5] = history_id, when, row, sitting[5] + 1
                sitting[4] = [(f, index) for index, f in enumerate(fields, start) if first_before[index] != row[index]]
                continue
        entry = [history_id, when, before, row, changed, 1]
        found.append(entry)
        stateful = kind != "~" or before is None or any(f.name in STATES for f, _index in changed)
        open_sitting[object_id] = None if stateful else entry
    found.sort(key=lambda change: (change[1], change[0]))  # a merged sitting takes the place of its last save
    return [change for change in found if change[4] or change[2] is None or change[3][2] != "~"]


def who_made(record):
    """The name of the user who made a historical record's change, "—" outside a request."""
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "—"


def _event(record, before, row, changed, saves, describe):
    name = describe(record) if describe else capfirst(record.instance_type._meta.verbose_name)
    who = who_made(record)
    note = getattr(record, "history_change_reason", None) or ""
    # str: kept events are pickled
    event = Event(record.history_date, who, str(name), KINDS[record.history_type], note=note, saves=saves)
    for model_field, index in changed:
        old, new = before[index], row[index]
        label = str(capfirst(model_field.verbose_name))
        event.changes.append(Change(label, show(model_field, old), show(model_field, new)))
    return event


class Trail(list):
    """The newest SHOWN events, newest first (all of them with everything=True); `total` counts them all."""

    total = 0
    everything = False
    kept_key, kept_seconds = "", 0  # set when kept: the page keeps its rendered list under the same key

    @property
    def truncated(self):
        return len(self) < self.total


def trail(*sources, everything=False):
    """The changes of the given sources, newest first: one query per source. A round's trail holds thousands
    (every score sheet's saves): only the newest SHOWN are listed (rendering them all took most of the page's
    time), unless everything is asked for. Kept HISTORY_CACHE_SECONDS while no source has a new record (kept())."""
    seconds = settings.HISTORY_CACHE_SECONDS
    if not seconds:
        return _trail(sources, everything)
    key = _kept_key(sources, everything)
    if key is None:
        return _trail(sources, everything)
    events = cache.get(key)
    if events is None:
        events = _trail(sources, everything)
        cache.set(key, events, seconds)
    events.kept_key, events.kept_seconds = key, seconds
    return events


def last_records(*histories):
    """The last record and the number of records of each historical queryset, in one query (a union): what a page
    that keeps something worked out from them checks to see whether they changed. Returns the query's SQL and
    parameters (what it reads) and its sorted rows (source number, last history id, count); raises EmptyResultSet
    for a source that can match nothing."""
    stamps = [
        history.order_by()
        .annotate(source=Value(number))
        .values("source")
        .annotate(last=Max("history_id"), n=Count("history_id"))
        .values_list("source", "last", "n")
        for number, history in enumerate(histories)
    ]
    query = stamps[0].union(*stamps[1:], all=True) if len(stamps) > 1 else stamps[0]
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return sql, params, sorted(cursor.fetchall())


def _kept_key(sources, everything):
    """The cache key of a trail: what each source reads, the last record of each and how many (last_records, one
    small query instead of reading and comparing every record: a scored round's ~1,100), the reader's language."""
    try:
        sql, params, rows = last_records(*(history for history, _describe, _excluded in sources))
    except EmptyResultSet:
        return None
    excluded = [sorted(source[2]) for source in sources]
    parts = [get_language() or "", str(everything), str(excluded), sql, repr(params), repr(rows)]
    return "history-trail:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _trail(sources, everything):
    found = []
    for number, (history, _describe, excluded) in enumerate(sources):
        found.extend((number, *change) for change in _changes_worth_listing(history, excluded))
    found.sort(key=lambda change: change[2], reverse=True)  # by date, newest first; stable within a date
    listed = found if everything else found[:SHOWN]
    records = {}  # the listed records, whole (describe() reads them), one query per source
    for number, (history, _describe, _excluded) in enumerate(sources):
        wanted = [change[1] for change in listed if change[0] == number]
        if wanted:
            records[number] = history.select_related("history_user").in_bulk(wanted, field_name="history_id")
    events = Trail(
        _event(records[number][history_id], before, row, changed, saves, sources[number][1])
        for number, history_id, _when, before, row, changed, saves in listed
    )
    events.total, events.everything = len(found), everything
    return events


def wants_everything(request):
    """The page was asked for its whole change history (the link under a shortened one)."""
    return request.GET.get("history") == "all"
