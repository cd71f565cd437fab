"""Dashboards' figures, computed in Python over prefetched tasks (the query count does not grow with them)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.functional import cached_property

from ocop_portal import history
from plans.enums import Recurrence, ReportStatus, TaskState
from plans.periods import Period, owed_periods, quarter, quarter_of
from plans.status import LIVE, derive, lead_reports


@dataclass
class TaskRow:
    task: object
    status: object

    @property
    def state(self):
        return self.status.state


def status_of(task, today=None):
    return derive(
        task,
        list(task.reports.all()),
        today or timezone.localdate(),
        year=task.plan.year,
        due_soon_days=settings.PLAN_DUE_SOON_DAYS,
        grace_days=settings.PLAN_REPORT_GRACE_DAYS,
    )


def rows(tasks, today=None):
    today = today or timezone.localdate()
    return [TaskRow(task, status_of(task, today)) for task in tasks]


def state_counts(task_rows):
    counts = {state: 0 for state in TaskState}
    for row in task_rows:
        counts[row.state] += 1
    return counts


@dataclass
class AgencyLine:
    agency: object
    total: int = 0
    done: int = 0
    on_track: int = 0  # not started, on track, due soon
    overdue: int = 0
    percent_sum: int = 0

    @property
    def average_percent(self):
        return round(self.percent_sum / self.total) if self.total else 0

    @property
    def done_share(self):
        return round(100 * self.done / self.total) if self.total else 0


def completion_by_agency(task_rows):
    """One line per lead agency, in the order the plan first names them."""
    lines = {}
    for row in task_rows:
        line = lines.setdefault(row.task.lead_agency_id, AgencyLine(row.task.lead_agency))
        line.total += 1
        line.percent_sum += row.status.percent
        if row.status.is_done:
            line.done += 1
        elif row.state == TaskState.OVERDUE:
            line.overdue += 1
        else:
            line.on_track += 1
    return list(lines.values())


def quarters_of(year):
    return [quarter(year, n) for n in range(1, 5)]


def default_quarter(year, today=None):
    """The quarter a plan's dashboard opens on: the last one ended, or the first if none has."""
    today = today or timezone.localdate()
    ended = [q for q in quarters_of(year) if q.end < today]
    if ended:
        return ended[-1]
    return quarters_of(year)[0] if today.year < year else quarter_of(today)


def expected_period(task, quarter_: Period):
    """The task's period a report is expected for in this quarter, or None.

    One-off tasks report every quarter; recurring ones in the quarter where their period ends.
    """
    for period in owed_periods(task, quarter_.start.year):
        if task.recurrence == Recurrence.NONE and period.code == quarter_.code:
            return period
        if task.recurrence and quarter_.contains(period.end):
            return period
    return None


@dataclass
class Missing:
    task: object
    period: Period
    agency: object


def missing_reports(task_rows, quarter_: Period):
    """Tasks whose lead agency has filed no live report for the quarter's period (one-off tasks finished in an
    earlier quarter excluded; coordinating agencies' reports do not count)."""
    missing = []
    for row in task_rows:
        period = expected_period(row.task, quarter_)
        if period is None:
            continue
        reports = [r for r in lead_reports(row.task, row.task.reports.all()) if r.status in LIVE]
        if not row.task.recurrence:
            finished = [r.period_end for r in reports if r.status == ReportStatus.ACCEPTED and r.percent_done >= 100]
            if finished and min(finished) < period.start:
                continue  # a one-off task done in an earlier period: nothing more to report
        if not any(r.period == period.code for r in reports):
            missing.append(Missing(row.task, period, row.task.lead_agency))
    return missing


def missing_by_agency(missing):
    grouped = defaultdict(list)
    for item in missing:
        grouped[item.agency].append(item)
    return sorted(grouped.items(), key=lambda pair: (pair[0].unit.path, pair[0].name))


def waiting_for_review(task_rows):
    return [report for row in task_rows for report in row.task.reports.all() if report.status == ReportStatus.SUBMITTED]


@dataclass
class AgencyBoard:
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    to_report: list = field(default_factory=list)  # (row, period): tasks the user's agencies lead, report owed
    returned: list = field(default_factory=list)  # returned reports not filed again
    others: list = field(default_factory=list)


def agency_board(task_rows, agency_ids, today=None):
    """An agency's tasks sorted into what needs doing: overdue, due soon, waiting for its report."""
    today = today or timezone.localdate()
    board = AgencyBoard()
    for row in task_rows:
        mine = [r for r in row.task.reports.all() if r.agency_id in agency_ids]
        live_periods = {r.period for r in mine if r.status in LIVE}
        board.returned += [r for r in mine if r.status == ReportStatus.RETURNED and r.period not in live_periods]
        if row.state == TaskState.OVERDUE:
            board.overdue.append(row)
        elif row.state == TaskState.DUE_SOON:
            board.due_soon.append(row)
        else:
            board.others.append(row)
        if row.status.is_done or row.task.lead_agency_id not in agency_ids:
            continue  # coordinating agencies may report; the lead agency must
        period = period_to_report(row.task, live_periods, today)
        if period is not None:
            board.to_report.append((row, period))
    return board


def period_to_report(task, reported, today):
    """The period an agency should report on next: the oldest ended one without a report (past its deadline or
    within its grace days), else the current one if not reported yet; None when nothing is owed.
    `reported`: period codes with a live report."""
    begun = [p for p in owed_periods(task, task.plan.year) if p.start <= today]
    ended = [p for p in begun if p.code not in reported and p.end < today]  # overdue, or within its grace days
    if ended:
        return ended[0]
    if begun and begun[-1].code not in reported:
        return begun[-1]
    return None


class PlanBoard:
    """A plan's dashboard figures for a quarter, worked out when first read: the page keeps their rendered sections
    PLAN_DASHBOARD_CACHE_SECONDS under change_stamp(), so a kept page reads none of the plan's tasks and reports
    (a province plan's 200 tasks and 1,200 reports took most of the page's time: bench/page_profile.py)."""

    def __init__(self, tasks, quarter_, today):
        self.tasks, self.quarter, self.today = tasks, quarter_, today

    @cached_property
    def rows(self):
        return rows(self.tasks, self.today)

    @cached_property
    def counts(self):
        return state_counts(self.rows)

    @cached_property
    def agencies(self):
        return completion_by_agency(self.rows)

    @cached_property
    def overdue(self):
        return [row for row in self.rows if row.state == TaskState.OVERDUE]

    @cached_property
    def missing(self):
        return missing_by_agency(missing_reports(self.rows, self.quarter))

    @property
    def missing_count(self):
        return sum(len(items) for _agency, items in self.missing)


def change_stamp(plan, today):
    """What the dashboard's kept sections depend on: the day (tasks fall due) and the last recorded change to the
    plan's tasks and their progress reports (their audit history: every save, status change and deletion adds a
    row). One small query (history.last_records)."""
    from plans.models import ProgressReport, Task

    tasks = Task.history.filter(plan_id=plan.pk)
    reports = ProgressReport.history.filter(task_id__in=tasks.values("id"))
    _sql, _params, rows = history.last_records(tasks, reports)
    return f"{today.isoformat()}-{rows}"
