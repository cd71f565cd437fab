"""A task's state, derived from its dates and its progress reports (pure: no queries, no clock).

One-off task (a due date):
- done: an accepted report says 100 % — "done late" when that report came after the due date;
- overdue: past the due date and not done;
- due soon: the due date is within PLAN_DUE_SOON_DAYS (today included);
- not started: no report filed yet;
- on track: otherwise.

Only the lead agency's reports count (coordinating agencies may report too; the lead must).

Recurring task (a reporting duty each quarter, half-year or year of the plan's year):
- done: every period of the year has an accepted report — "done late" if one came after its deadline;
- overdue: a period whose deadline has passed has no report (waiting for review or accepted);
- due soon: the next unreported period's deadline is within PLAN_DUE_SOON_DAYS;
- not started / on track as above.

A period's deadline is its last day plus PLAN_REPORT_GRACE_DAYS.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from plans.enums import ReportStatus, TaskState
from plans.periods import Period, owed_periods

LIVE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass
class TaskStatus:
    state: TaskState
    percent: int = 0  # the latest accepted report's % done
    deadline: date | None = None  # the due date, or the next (or last missed) period's deadline
    missing: list = field(default_factory=list)  # periods past their deadline without a report
    latest: object = None  # the latest live report

    @property
    def is_done(self):
        return self.state in (TaskState.DONE, TaskState.DONE_LATE)


def deadline_of(period: Period, grace_days: int) -> date:
    return period.end + timedelta(days=grace_days)


def _local_date(moment):
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def is_late(report, period: Period, grace_days: int) -> bool:
    """Was the report sent after its period's deadline?"""
    return _local_date(report.submitted_at) > deadline_of(period, grace_days)


def lead_reports(task, reports):
    """The reports that decide: the lead agency's (a task without a `lead_agency_id` counts them all)."""
    lead = getattr(task, "lead_agency_id", None)
    return reports if lead is None else [r for r in reports if r.agency_id == lead]


def _latest(reports):
    return max(reports, key=lambda r: (r.period_end, r.submitted_at, r.pk or 0), default=None)


def derive(task, reports, today, *, year, due_soon_days, grace_days):
    """The TaskStatus of `task` (due_date, recurrence) given its reports, on `today`.

    The lead agency's reports decide (coordinating agencies may report too, but the lead must)."""
    live = [r for r in lead_reports(task, reports) if r.status in LIVE]
    accepted = [r for r in live if r.status == ReportStatus.ACCEPTED]
    latest_accepted = _latest(accepted)
    percent = latest_accepted.percent_done if latest_accepted else 0
    latest = _latest(live)
    if task.recurrence:
        return _recurring(task, live, accepted, today, year, due_soon_days, grace_days, percent, latest)
    return _one_off(task, live, accepted, today, due_soon_days, percent, latest)


def _one_off(task, live, accepted, today, due_soon_days, percent, latest):
    due = task.due_date
    finished = [r for r in accepted if r.percent_done >= 100]
    if finished:
        first = min(_local_date(r.submitted_at) for r in finished)
        state = TaskState.DONE_LATE if first > due else TaskState.DONE
        return TaskStatus(state, 100, due, latest=latest)
    if today > due:
        state = TaskState.OVERDUE
    elif (due - today).days <= due_soon_days:
        state = TaskState.DUE_SOON
    elif not live:
        state = TaskState.NOT_STARTED
    else:
        state = TaskState.ON_TRACK
    return TaskStatus(state, percent, due, latest=latest)


def _recurring(task, live, accepted, today, year, due_soon_days, grace_days, percent, latest):
    periods = owed_periods(task, year)
    reported = {r.period for r in live}
    accepted_by_period = {}
    for report in accepted:
        accepted_by_period.setdefault(report.period, report)
    if all(p.code in accepted_by_period for p in periods):
        late = any(is_late(accepted_by_period[p.code], p, grace_days) for p in periods)
        done_percent = max(percent, 100)
        state = TaskState.DONE_LATE if late else TaskState.DONE
        return TaskStatus(state, done_percent, deadline_of(periods[-1], grace_days), latest=latest)
    missing = [p for p in periods if p.code not in reported and deadline_of(p, grace_days) < today]
    if missing:
        return TaskStatus(TaskState.OVERDUE, percent, deadline_of(missing[0], grace_days), missing, latest)
    upcoming = next((p for p in periods if p.code not in reported), None)
    deadline = deadline_of(upcoming, grace_days) if upcoming else deadline_of(periods[-1], grace_days)
    if upcoming and upcoming.start <= today and (deadline - today).days <= due_soon_days:
        state = TaskState.DUE_SOON
    elif not live:
        state = TaskState.NOT_STARTED
    else:
        state = TaskState.ON_TRACK
    return TaskStatus(state, percent, deadline, latest=latest)
