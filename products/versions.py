"""Two officials editing the same record: the second save is refused, says what changed, and loses nothing.

Optimistic locking. A record's version is its ``updated_at``: auto_now, so every save() moves it (the edit
services, the workflow, the admin, the import). The edit form carries the version the user loaded in a hidden
field; the service locks the row and compares. When they differ it raises ``StaleEdit``, which lists from the
change history (django-simple-history) each field others changed since that version: the value the user loaded →
the value stored now, who changed it last and when. The view shows the form again with the user's own values and
the new version, so a second save, after a look at the changes, goes through.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ocop_portal import history

STALE = _(
    "Someone else saved this %(subject)s after you opened it, so your changes are not saved yet. "
    "What they changed: %(changes)s."
)
OUT_OF_DATE = _("This page is out of date: open the edit page again.")


def version_of(instance):
    """The version token of a saved record, as the form carries it."""
    return instance.updated_at.isoformat() if instance.pk and instance.updated_at else ""


def parse_version(text):
    """The token back as an aware datetime, or None if it is missing or not one of ours."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if timezone.is_aware(value) else None


@dataclass
class Change:
    label: str
    loaded: str  # the value on the user's page
    now: str  # the value stored now
    who: str  # who changed it last
    when: datetime.datetime


def _text(model_field, value):
    if isinstance(model_field, models.ForeignKey) and value is not None:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    return history.show(model_field, value)


def changes_since(stored, loaded):
    """(changes, later records): what others changed in `stored` since version `loaded`, field by field.

    ``changes`` is None when that version is not in the history (changed outside it); ``later`` are the history
    records after it, oldest first (empty if unknown)."""
    records = type(stored).history.filter(id=stored.pk).select_related("history_user")
    snapshot = records.filter(updated_at=loaded).order_by("-history_id").first()
    if snapshot is None:
        return None, []
    later = list(records.filter(history_id__gt=snapshot.history_id).order_by("history_id"))
    changes = []
    for model_field in stored._meta.concrete_fields:
        if not history.shown(model_field):
            continue
        name = model_field.attname
        old, new = getattr(snapshot, name), getattr(stored, name)
        if old == new:
            continue
        previous, last = snapshot, later[-1] if later else None
        for record in later:  # the last record that moved this field
            if getattr(record, name) != getattr(previous, name):
                last = record
            previous = record
        changes.append(
            Change(
                capfirst(model_field.verbose_name),
                _text(model_field, old),
                _text(model_field, new),
                history.who_made(last) if last else "—",
                last.history_date if last else stored.updated_at,
            )
        )
    return changes, later


class StaleEdit(ValidationError):
    """Raised by a save service when the record changed since the user loaded it. Nothing was saved.

    ``version`` is the stored version (the form carries it on, so the next save goes through); ``changes`` the
    fields others changed (None if the history does not say); ``last_who``/``last_when`` the latest change."""

    def __init__(self, stored, loaded):
        self.version = version_of(stored)
        self.subject = stored._meta.verbose_name
        self.changes, later = changes_since(stored, loaded)
        self.last_who = history.who_made(later[-1]) if later else "—"
        self.last_when = later[-1].history_date if later else stored.updated_at
        listed = "; ".join(
            f"{c.label}: {c.loaded} → {c.now} ({c.who}, {formats.localize(timezone.localtime(c.when))})"
            for c in self.changes or []
        )
        message = STALE % {"subject": self.subject, "changes": listed or "—"}
        super().__init__(message, code="stale")


def check_version(stored, loaded):
    """Refuse the save if `stored` (the locked row) is no longer the version `loaded`; None means no check."""
    if loaded is not None and stored.updated_at != loaded:
        raise StaleEdit(stored, loaded)


class VersionedFormMixin:
    """A hidden ``version`` field on an edit form: the version of the record the user loaded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=version_of(self.instance)
            )

    def clean_version(self):
        return parse_version(self.cleaned_data.get("version"))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") is None:
            # A hidden field's error would not show: it goes at the top of the form.
            self.add_error(None, OUT_OF_DATE)
        return cleaned

    def carry_version(self, version):
        """Put the stored version in the bound form (the user's values stay): their next save goes through."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = version


def refuse(view, form, conflict):
    """The edit page again (HTTP 200, nothing saved): the user's values, the new version, and what changed."""
    form.carry_version(conflict.version)
    return view.render_to_response(view.get_context_data(form=form, conflict=conflict))
