from django import template

from ocop_portal.badges import badge
from plans.enums import (
    REPORT_STATUS_COLOURS,
    TARGET_STATE_COLOURS,
    TASK_STATE_COLOURS,
    ReportStatus,
    TargetState,
    TaskState,
)

register = template.Library()


@register.simple_tag
def task_state(status):
    state = TaskState(getattr(status, "state", status))
    return badge(TASK_STATE_COLOURS[state], state.label, state=state.value)


@register.simple_tag
def target_state(state):
    state = TargetState(state)
    return badge(TARGET_STATE_COLOURS[state], state.label, state=state.value)


@register.simple_tag
def report_status(report):
    status = ReportStatus(report.status)
    return badge(REPORT_STATUS_COLOURS[status], status.label, state=status.value)


@register.filter
def number(value):
    """A target's figure: 100 for 100.00, 62,5 (in Vietnamese) for 62.50."""
    if value is None:
        return "—"
    from django.utils.formats import number_format

    value = value.normalize() if hasattr(value, "normalize") else value
    places = max(0, -value.as_tuple().exponent) if hasattr(value, "as_tuple") else 0
    return number_format(value, decimal_pos=min(places, 2), use_l10n=True, force_grouping=True)


@register.filter
def period_label(code):
    """'2020-Q3' → 'Quý III/2020' (in the active language)."""
    from plans.periods import parse

    try:
        return parse(code).label
    except ValueError:
        return code


@register.filter
def agency_names(agencies, shown=3):
    """'Phòng KT&HT, Phòng YT, UBND xã Thuận Hòa and 5 more' — long lists of communes stay readable."""
    from django.utils.translation import ngettext

    names = [str(agency) for agency in agencies]
    if not names:
        return "—"
    if len(names) <= shown + 1:
        return ", ".join(names)
    rest = len(names) - shown
    more = ngettext("%(n)d more", "%(n)d more", rest) % {"n": rest}
    return f"{', '.join(names[:shown])} (+{more})"
