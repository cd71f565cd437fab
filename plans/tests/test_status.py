"""A task's state (plans.status.derive) as a table of dates and progress, then a few rows through the database.

derive is pure: the table feeds it plain objects. Each row is
    (id, task, reports, today, expected state, expected missing periods)
where a task is ("due", date) or ("every", recurrence), and a report is (period, status, % done, submitted on)
— submitted at 10:00 local time on that day. The plan's year is 2020 (a leap year) throughout;
PLAN_DUE_SOON_DAYS is 14 and PLAN_REPORT_GRACE_DAYS 0 unless a test says otherwise.
"""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from plans.board import status_of
from plans.enums import Recurrence, ReportStatus, TaskState
from plans.periods import parse
from plans.status import derive
from plans.tests.factories import ProgressReportFactory, TaskFactory, local_moment

YEAR = 2020
SUB, ACC, RET = ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED
NOT_STARTED, ON_TRACK, DUE_SOON = TaskState.NOT_STARTED, TaskState.ON_TRACK, TaskState.DUE_SOON
OVERDUE, DONE, DONE_LATE = TaskState.OVERDUE, TaskState.DONE, TaskState.DONE_LATE
QUARTERLY, SIX_MONTHLY, YEARLY = Recurrence.QUARTERLY, Recurrence.SIX_MONTHLY, Recurrence.YEARLY

D = date
DUE_30_06 = ("due", D(2020, 6, 30))
LEAP_DAY = ("due", D(2020, 2, 29))
Q = ("every", QUARTERLY)
H = ("every", SIX_MONTHLY)
Y = ("every", YEARLY)
# Every quarter accepted on its last day, and the same with the second quarter's report three days late.
ALL_QUARTERS = [(f"2020-Q{n}", ACC, 25 * n, parse(f"2020-Q{n}").end) for n in range(1, 5)]
Q2_LATE = [r if r[0] != "2020-Q2" else ("2020-Q2", ACC, 50, D(2020, 7, 3)) for r in ALL_QUARTERS]


def make_task(spec):
    kind, value = spec
    if kind == "due":
        return SimpleNamespace(due_date=value, recurrence=Recurrence.NONE)
    return SimpleNamespace(due_date=None, recurrence=value)


def make_reports(specs):
    """Plain report objects; a submitted_on may also be an aware datetime (for time-zone rows)."""
    reports = []
    for pk, (code, status, percent, submitted_on) in enumerate(specs, start=1):
        period = parse(code)
        moment = submitted_on if isinstance(submitted_on, datetime) else local_moment(submitted_on)
        reports.append(SimpleNamespace(pk=pk, period=period.code, period_end=period.end, status=status,
                                       percent_done=percent, submitted_at=moment))  # fmt: skip
    return reports


def run(task_spec, report_specs, today, *, due_soon_days=14, grace_days=0):
    return derive(make_task(task_spec), make_reports(report_specs), today, year=YEAR,
                  due_soon_days=due_soon_days, grace_days=grace_days)  # fmt: skip


TABLE = [
    # --- One-off task due 30/06/2020 -------------------------------------------------------------------------
    ("due date is today", DUE_30_06, [], D(2020, 6, 30), DUE_SOON, []),
    ("the day before the due date", DUE_30_06, [], D(2020, 6, 29), DUE_SOON, []),
    ("the day after the due date", DUE_30_06, [], D(2020, 7, 1), OVERDUE, []),
    ("far ahead, nothing filed", DUE_30_06, [], D(2020, 3, 1), NOT_STARTED, []),
    ("far ahead, a report waiting", DUE_30_06, [("2020-Q1", SUB, 40, D(2020, 3, 1))], D(2020, 3, 1), ON_TRACK, []),
    ("far ahead, a report accepted", DUE_30_06, [("2020-Q1", ACC, 40, D(2020, 3, 1))], D(2020, 3, 2), ON_TRACK, []),
    (
        "far ahead, only a returned report",
        DUE_30_06,
        [("2020-Q1", RET, 40, D(2020, 3, 1))],
        D(2020, 3, 2),
        NOT_STARTED,
        [],
    ),
    (
        "100 % accepted, filed before the due date",
        DUE_30_06,
        [("2020-Q2", ACC, 100, D(2020, 6, 20))],
        D(2020, 8, 1),
        DONE,
        [],
    ),
    (
        "100 % accepted, filed on the due date",
        DUE_30_06,
        [("2020-Q2", ACC, 100, D(2020, 6, 30))],
        D(2020, 8, 1),
        DONE,
        [],
    ),
    (
        "100 % accepted, filed after the due date",
        DUE_30_06,
        [("2020-Q3", ACC, 100, D(2020, 7, 5))],
        D(2020, 8, 1),
        DONE_LATE,
        [],
    ),
    (
        "done early: accepted 100 % months ahead",
        DUE_30_06,
        [("2020-Q1", ACC, 100, D(2020, 3, 1))],
        D(2020, 3, 2),
        DONE,
        [],
    ),
    (
        "100 % waiting for review is not done (past due)",
        DUE_30_06,
        [("2020-Q2", SUB, 100, D(2020, 6, 20))],
        D(2020, 7, 1),
        OVERDUE,
        [],
    ),
    (
        "100 % waiting for review is not done (ahead)",
        DUE_30_06,
        [("2020-Q1", SUB, 100, D(2020, 3, 1))],
        D(2020, 3, 2),
        ON_TRACK,
        [],
    ),
    (
        "100 % returned does not count (past due)",
        DUE_30_06,
        [("2020-Q2", RET, 100, D(2020, 6, 20))],
        D(2020, 7, 1),
        OVERDUE,
        [],
    ),
    (
        "returned, then filed again and accepted",
        DUE_30_06,
        [("2020-Q2", RET, 100, D(2020, 6, 10)), ("2020-Q2", ACC, 100, D(2020, 6, 20))],
        D(2020, 7, 1),
        DONE,
        [],
    ),
    ("accepted at 90 % is not done", DUE_30_06, [("2020-Q2", ACC, 90, D(2020, 6, 20))], D(2020, 7, 1), OVERDUE, []),
    # --- Leap day: one-off task due 29/02/2020 --------------------------------------------------------------
    ("leap day: due today", LEAP_DAY, [], D(2020, 2, 29), DUE_SOON, []),
    ("leap day: the day after is 1 March", LEAP_DAY, [], D(2020, 3, 1), OVERDUE, []),
    ("leap day: 14 days ahead", LEAP_DAY, [], D(2020, 2, 15), DUE_SOON, []),
    ("leap day: 15 days ahead", LEAP_DAY, [], D(2020, 2, 14), NOT_STARTED, []),
    ("leap day: done on 29 February", LEAP_DAY, [("2020-Q1", ACC, 100, D(2020, 2, 29))], D(2020, 3, 5), DONE, []),
    ("leap day: done on 1 March", LEAP_DAY, [("2020-Q1", ACC, 100, D(2020, 3, 1))], D(2020, 3, 5), DONE_LATE, []),
    # --- Quarterly report -------------------------------------------------------------------------------------
    ("quarterly: early January, nothing filed", Q, [], D(2020, 1, 5), NOT_STARTED, []),
    ("quarterly: 15 days before Q1 ends", Q, [], D(2020, 3, 16), NOT_STARTED, []),
    ("quarterly: 14 days before Q1 ends", Q, [], D(2020, 3, 17), DUE_SOON, []),
    ("quarterly: 31/03 without a Q1 report", Q, [], D(2020, 3, 31), DUE_SOON, []),
    ("quarterly: 01/04 without a Q1 report", Q, [], D(2020, 4, 1), OVERDUE, ["2020-Q1"]),
    (
        "quarterly: 01/04 with Q1 waiting for review",
        Q,
        [("2020-Q1", SUB, 20, D(2020, 3, 30))],
        D(2020, 4, 1),
        ON_TRACK,
        [],
    ),
    ("quarterly: 01/04 with Q1 accepted", Q, [("2020-Q1", ACC, 20, D(2020, 3, 30))], D(2020, 4, 1), ON_TRACK, []),
    (
        "quarterly: 01/04 with Q1 returned",
        Q,
        [("2020-Q1", RET, 20, D(2020, 3, 30))],
        D(2020, 4, 1),
        OVERDUE,
        ["2020-Q1"],
    ),
    (
        "quarterly: Q1 returned then filed again",
        Q,
        [("2020-Q1", RET, 20, D(2020, 3, 30)), ("2020-Q1", SUB, 25, D(2020, 4, 1))],
        D(2020, 4, 2),
        ON_TRACK,
        [],
    ),
    (
        "quarterly: 20/06 with Q1 filed, Q2 not yet",
        Q,
        [("2020-Q1", ACC, 20, D(2020, 3, 30))],
        D(2020, 6, 20),
        DUE_SOON,
        [],
    ),
    (
        "quarterly: mid-October, Q3 missing",
        Q,
        [("2020-Q1", ACC, 20, D(2020, 3, 30)), ("2020-Q2", ACC, 45, D(2020, 6, 30))],
        D(2020, 10, 15),
        OVERDUE,
        ["2020-Q3"],
    ),
    ("quarterly: mid-October, nothing filed", Q, [], D(2020, 10, 15), OVERDUE, ["2020-Q1", "2020-Q2", "2020-Q3"]),
    ("quarterly: all four accepted on time", Q, ALL_QUARTERS, D(2021, 1, 10), DONE, []),
    ("quarterly: all four accepted, Q2 after its quarter", Q, Q2_LATE, D(2021, 1, 10), DONE_LATE, []),
    (
        "quarterly: Q4 still waiting for review",
        Q,
        [*ALL_QUARTERS[:3], ("2020-Q4", SUB, 100, D(2020, 12, 31))],
        D(2021, 1, 10),
        ON_TRACK,
        [],
    ),
    ("quarterly: the next year, Q4 never filed", Q, ALL_QUARTERS[:3], D(2021, 1, 1), OVERDUE, ["2020-Q4"]),
    # --- Six-monthly report (H1 due 30/06) -------------------------------------------------------------------
    ("six-monthly: 30/06 without H1", H, [], D(2020, 6, 30), DUE_SOON, []),
    ("six-monthly: 01/07 without H1", H, [], D(2020, 7, 1), OVERDUE, ["2020-H1"]),
    ("six-monthly: 01/07 with H1 filed", H, [("2020-H1", SUB, 50, D(2020, 6, 29))], D(2020, 7, 1), ON_TRACK, []),
    ("six-monthly: 31/03, H1 three months away", H, [], D(2020, 3, 31), NOT_STARTED, []),
    (
        "six-monthly: both halves accepted",
        H,
        [("2020-H1", ACC, 50, D(2020, 6, 29)), ("2020-H2", ACC, 100, D(2020, 12, 30))],
        D(2021, 1, 2),
        DONE,
        [],
    ),
    # --- Yearly report (31/12) --------------------------------------------------------------------------------
    ("yearly: 31/12 without a report", Y, [], D(2020, 12, 31), DUE_SOON, []),
    ("yearly: 01/01 next year without a report", Y, [], D(2021, 1, 1), OVERDUE, ["2020"]),
    ("yearly: mid-year, nothing filed", Y, [], D(2020, 6, 1), NOT_STARTED, []),
    ("yearly: accepted, filed on 31/12", Y, [("2020", ACC, 100, D(2020, 12, 31))], D(2021, 1, 5), DONE, []),
    ("yearly: accepted, filed on 02/01", Y, [("2020", ACC, 100, D(2021, 1, 2))], D(2021, 1, 5), DONE_LATE, []),
]


@pytest.mark.parametrize(("task", "reports", "today", "state", "missing"), [row[1:] for row in TABLE],
                         ids=[row[0] for row in TABLE])  # fmt: skip
def test_state_table(task, reports, today, state, missing):
    status = run(task, reports, today)
    assert status.state == state
    assert [p.code for p in status.missing] == missing


GRACE_TABLE = [
    # PLAN_REPORT_GRACE_DAYS = 5: a quarter's report is due five days after the quarter ends.
    ("01/04, no Q1 report: not overdue", Q, [], D(2020, 4, 1), DUE_SOON, D(2020, 4, 5)),
    ("05/04, no Q1 report: the last day", Q, [], D(2020, 4, 5), DUE_SOON, D(2020, 4, 5)),
    ("06/04, no Q1 report: overdue", Q, [], D(2020, 4, 6), OVERDUE, D(2020, 4, 5)),
    ("01/07, no H1 report: not overdue", H, [], D(2020, 7, 1), DUE_SOON, D(2020, 7, 5)),
    (
        "Q1 accepted on 05/04: on time",
        Q,
        [("2020-Q1", ACC, 25, D(2020, 4, 5)), *ALL_QUARTERS[1:]],
        D(2021, 1, 10),
        DONE,
        D(2021, 1, 5),
    ),
    (
        "Q1 accepted on 06/04: late",
        Q,
        [("2020-Q1", ACC, 25, D(2020, 4, 6)), *ALL_QUARTERS[1:]],
        D(2021, 1, 10),
        DONE_LATE,
        D(2021, 1, 5),
    ),
    # A one-off task's due date is a date, not a period: the grace does not move it.
    ("one-off due 31/03, on 01/04", ("due", D(2020, 3, 31)), [], D(2020, 4, 1), OVERDUE, D(2020, 3, 31)),
]


@pytest.mark.parametrize(("task", "reports", "today", "state", "deadline"), [row[1:] for row in GRACE_TABLE],
                         ids=[row[0] for row in GRACE_TABLE])  # fmt: skip
def test_grace_days_shift_the_period_deadline(task, reports, today, state, deadline):
    status = run(task, reports, today, grace_days=5)
    assert (status.state, status.deadline) == (state, deadline)


@pytest.mark.parametrize(
    ("task", "due_soon_days", "today", "state"),
    [
        (DUE_30_06, 0, D(2020, 6, 30), DUE_SOON),  # 0: only the due date itself
        (DUE_30_06, 0, D(2020, 6, 29), NOT_STARTED),
        (DUE_30_06, 14, D(2020, 6, 16), DUE_SOON),  # 14 days ahead: in
        (DUE_30_06, 14, D(2020, 6, 15), NOT_STARTED),  # 15 days ahead: out
        (DUE_30_06, 30, D(2020, 5, 31), DUE_SOON),
        (DUE_30_06, 30, D(2020, 5, 30), NOT_STARTED),
        (Q, 0, D(2020, 3, 31), DUE_SOON),
        (Q, 0, D(2020, 3, 30), NOT_STARTED),
        (Q, 14, D(2020, 3, 17), DUE_SOON),
        (Q, 14, D(2020, 3, 16), NOT_STARTED),
    ],
)
def test_due_soon_boundary(task, due_soon_days, today, state):
    assert run(task, [], today, due_soon_days=due_soon_days).state == state


def test_a_report_is_dated_in_local_time():
    """31/03 23:30 in Hậu Giang is 16:30 UTC; 01/04 01:00 there is still 31/03 in UTC."""
    on_time = datetime(2020, 3, 31, 16, 30, tzinfo=UTC)
    late = datetime(2020, 3, 31, 18, 0, tzinfo=UTC)
    due = ("due", D(2020, 3, 31))
    assert run(due, [("2020-Q1", ACC, 100, on_time)], D(2020, 4, 5)).state == DONE
    assert run(due, [("2020-Q1", ACC, 100, late)], D(2020, 4, 5)).state == DONE_LATE


def test_percent_deadline_and_latest():
    reports = [
        ("2020-Q1", ACC, 30, D(2020, 3, 30)),
        ("2020-Q2", ACC, 60, D(2020, 6, 29)),
        ("2020-Q3", SUB, 80, D(2020, 9, 29)),
        ("2020-Q3", RET, 95, D(2020, 9, 30)),  # returned: never the latest
    ]
    status = run(("due", D(2020, 12, 31)), reports, D(2020, 10, 2))
    assert (status.state, status.percent, status.deadline) == (ON_TRACK, 60, D(2020, 12, 31))
    assert (status.latest.period, status.latest.percent_done) == ("2020-Q3", 80)
    assert not status.is_done


def test_overdue_recurring_task_points_at_the_first_missed_deadline():
    status = run(Q, [("2020-Q2", SUB, 40, D(2020, 6, 30))], D(2020, 10, 15))
    assert status.state == OVERDUE
    assert [p.code for p in status.missing] == ["2020-Q1", "2020-Q3"]
    assert status.deadline == D(2020, 3, 31)


def test_done_recurring_task_is_at_100_percent():
    status = run(Q, [(code, ACC, 40, day) for code, _s, _p, day in ALL_QUARTERS], D(2021, 1, 10))
    assert (status.state, status.percent, status.is_done) == (DONE, 100, True)


# --- Through the database: board.status_of reads the plan's year and the settings --------------------------


@pytest.fixture
def quarterly(tree):
    return TaskFactory(plan__unit=tree.district, plan__year=2020, lead_agency=tree.agency,
                       recurrence=Recurrence.QUARTERLY)  # fmt: skip


@pytest.mark.django_db
def test_status_of_a_stored_one_off_task(tree):
    task = TaskFactory(plan__unit=tree.district, lead_agency=tree.agency, due_date=D(2020, 6, 30))
    assert status_of(task, D(2020, 3, 1)).state == NOT_STARTED
    ProgressReportFactory(task=task, period="2020-Q2", percent_done=100, submitted_at=local_moment(D(2020, 6, 25)))
    assert status_of(task, D(2020, 7, 1)).state == OVERDUE  # waiting for review: not done
    task.reports.update(status=ACC)
    assert status_of(task, D(2020, 7, 1)).state == DONE


@pytest.mark.django_db
def test_status_of_a_stored_quarterly_task_follows_the_settings(settings, quarterly):
    assert status_of(quarterly, D(2020, 4, 1)).state == OVERDUE
    settings.PLAN_REPORT_GRACE_DAYS = 5
    assert status_of(quarterly, D(2020, 4, 1)).state == DUE_SOON
    assert status_of(quarterly, D(2020, 4, 6)).state == OVERDUE
    settings.PLAN_DUE_SOON_DAYS = 3
    assert status_of(quarterly, D(2020, 4, 1)).state == NOT_STARTED  # 4 days to 05/04


@pytest.mark.django_db
def test_status_of_uses_the_plans_year_not_todays(quarterly):
    for n in range(1, 5):
        ProgressReportFactory(task=quarterly, period=f"2020-Q{n}", status=ACC)
    assert status_of(quarterly, D(2021, 2, 1)).state == DONE
    returned = quarterly.reports.get(period="2020-Q4")
    returned.status = RET
    returned.save()
    status = status_of(quarterly, D(2021, 2, 1))
    assert (status.state, [p.code for p in status.missing]) == (OVERDUE, ["2020-Q4"])


def test_a_period_that_has_not_begun_is_not_due_soon():
    """With a long warning (120 days), Q2's deadline (30/06) is near on 20/03, but Q2 has not begun."""
    q1_filed = [("2020-Q1", SUB, 25, D(2020, 3, 19))]
    assert run(Q, q1_filed, D(2020, 3, 20), due_soon_days=120).state == ON_TRACK
    assert run(Q, q1_filed, D(2020, 4, 1), due_soon_days=120).state == DUE_SOON


@pytest.mark.django_db
def test_only_the_lead_agencys_reports_decide(tree, quarterly, other_agency):
    """A coordinating agency's report for Q1 does not stand in for the lead's: the task is still overdue on 01/04,
    and its accepted 100 % does not make a one-off task done."""
    quarterly.coordinating_agencies.set([other_agency])
    ProgressReportFactory(task=quarterly, agency=other_agency, period="2020-Q1", status=ACC,
                          submitted_at=local_moment(D(2020, 3, 30)))  # fmt: skip
    status = status_of(quarterly, D(2020, 4, 1))
    assert status.state == OVERDUE and [p.code for p in status.missing] == ["2020-Q1"]
    ProgressReportFactory(task=quarterly, period="2020-Q1", status=ACC, submitted_at=local_moment(D(2020, 3, 31)))
    assert status_of(quarterly, D(2020, 4, 1)).state == ON_TRACK

    one_off = TaskFactory(plan=quarterly.plan, lead_agency=tree.agency, due_date=D(2020, 6, 30),
                          coordinating=[other_agency])  # fmt: skip
    ProgressReportFactory(task=one_off, agency=other_agency, period="2020-Q2", percent_done=100, status=ACC,
                          submitted_at=local_moment(D(2020, 6, 20)))  # fmt: skip
    assert status_of(one_off, D(2020, 6, 21)).state == DUE_SOON
