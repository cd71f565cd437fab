"""Dashboard figures over the `plan` fixture's tasks: completion per agency, missing reports, an agency's board.

Rows are built as the screens build them: board.rows over selectors.tasks_of / tasks_for_agencies.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import board
from plans.enums import Recurrence, ReportStatus, TaskState
from plans.periods import parse
from plans.selectors import tasks_for_agencies, tasks_of
from plans.tests.factories import ProgressReportFactory, TaskFactory, local_moment

pytestmark = pytest.mark.django_db

ACC, SUB, RET = ReportStatus.ACCEPTED, ReportStatus.SUBMITTED, ReportStatus.RETURNED


def report(task, period, status=SUB, percent=50, agency=None, on=None):
    fields = {"agency": agency} if agency else {}
    if on:
        fields["submitted_at"] = local_moment(on)
    return ProgressReportFactory(task=task, period=period, status=status, percent_done=percent, **fields)


def plan_rows(plan, today):
    return board.rows(tasks_of(plan), today)


# --- Completion by agency --------------------------------------------------------------------------------------


def test_completion_by_agency(tree, plan, tasks, other_agency):
    report(tasks.survey, "2020-Q1", ACC, 100, on=date(2020, 3, 25))  # done on time
    report(tasks.quarterly, "2020-Q1", ACC, 25)  # on track (Q2 due 30/06)
    # tasks.commune: nothing filed, due 30/09 → not started
    late = TaskFactory(plan=plan, order=4, title="Khảo sát nhu cầu", lead_agency=tree.agency,
                       due_date=date(2020, 4, 10))  # fmt: skip
    report(late, "2020-Q1", ACC, 60)  # overdue at 60 %
    done = TaskFactory(plan=plan, order=5, title="Tuyên truyền", lead_agency=other_agency, due_date=date(2020, 12, 31))
    report(done, "2020-Q2", ACC, 100, on=date(2020, 4, 12))

    rows = plan_rows(plan, date(2020, 4, 15))
    assert [row.state for row in rows] == [
        TaskState.DONE, TaskState.ON_TRACK, TaskState.NOT_STARTED, TaskState.OVERDUE, TaskState.DONE,
    ]  # fmt: skip
    lines = board.completion_by_agency(rows)
    assert [(str(line.agency), line.total, line.done, line.on_track, line.overdue) for line in lines] == [
        ("Phòng KT&HT", 3, 1, 1, 1),  # first named (V.1): survey done, quarterly on track, "Khảo sát" overdue
        ("UBND xã Thuận Hòa", 1, 0, 1, 0),
        ("Phòng NN&PTNT", 1, 1, 0, 0),
    ]
    assert [(line.average_percent, line.done_share) for line in lines] == [
        (62, 33),  # (100 + 25 + 60) / 3 = 61.7; 1 of 3
        (0, 0),
        (100, 100),
    ]
    counts = board.state_counts(rows)
    assert counts == {
        TaskState.DONE: 2, TaskState.ON_TRACK: 1, TaskState.NOT_STARTED: 1, TaskState.OVERDUE: 1,
        TaskState.DUE_SOON: 0, TaskState.DONE_LATE: 0,
    }  # fmt: skip
    assert board.completion_by_agency([]) == []


def test_rows_cost_the_same_queries_whatever_the_number_of_tasks(tree, plan, tasks, other_agency):
    report(tasks.survey, "2020-Q1")
    with CaptureQueriesContext(connection) as few:
        board.completion_by_agency(plan_rows(plan, date(2020, 4, 15)))
    for n in range(6):
        task = TaskFactory(plan=plan, lead_agency=other_agency if n % 2 else tree.agency, coordinating=[tree.agency]
                           if n % 2 else [], recurrence=Recurrence.QUARTERLY)  # fmt: skip
        report(task, "2020-Q1", ACC)
        report(task, "2020-Q2", RET)
    with CaptureQueriesContext(connection) as many:
        board.completion_by_agency(plan_rows(plan, date(2020, 4, 15)))
    assert len(many) == len(few)


# --- Missing reports for a quarter -----------------------------------------------------------------------------


@pytest.fixture
def q2(tree, plan, tasks, commune_agency, other_agency):
    """Reports as they stand when the district office looks at the second quarter."""
    report(tasks.survey, "2020-Q1", ACC, 100)  # done in Q1: nothing more to report
    report(tasks.quarterly, "2020-Q1", ACC, 25)
    report(tasks.quarterly, "2020-Q2", SUB, 50)  # the lead filed Q2
    report(tasks.commune, "2020-Q2", SUB, 40, agency=tree.agency)  # only the coordinating agency filed
    six = TaskFactory(plan=plan, order=4, title="Sơ kết 6 tháng", lead_agency=other_agency,
                      recurrence=Recurrence.SIX_MONTHLY)  # fmt: skip
    yearly = TaskFactory(plan=plan, order=5, title="Tổng kết năm", lead_agency=other_agency,
                         recurrence=Recurrence.YEARLY)  # fmt: skip
    returned = TaskFactory(plan=plan, order=6, title="Báo cáo hợp tác xã", lead_agency=tree.agency,
                           recurrence=Recurrence.QUARTERLY)  # fmt: skip
    report(returned, "2020-Q2", RET, 50)
    refiled = TaskFactory(plan=plan, order=7, title="Báo cáo điểm bán", lead_agency=tree.agency,
                          recurrence=Recurrence.QUARTERLY)  # fmt: skip
    report(refiled, "2020-Q2", RET, 50)
    report(refiled, "2020-Q2", SUB, 55)
    return SimpleNamespace(six=six, yearly=yearly, returned=returned, refiled=refiled)


def test_missing_reports_for_the_second_quarter(tree, plan, tasks, commune_agency, other_agency, q2):
    missing = board.missing_reports(plan_rows(plan, date(2020, 7, 10)), parse("2020-Q2"))
    assert [(m.task.title, m.period.code, m.agency) for m in missing] == [
        (tasks.commune.title, "2020-Q2", commune_agency),  # the lead filed nothing; the coordinator's does not count
        ("Sơ kết 6 tháng", "2020-H1", other_agency),  # H1 ends in Q2
        ("Báo cáo hợp tác xã", "2020-Q2", tree.agency),  # returned, not filed again
    ]
    grouped = board.missing_by_agency(missing)
    assert [(str(agency), [m.task.title for m in items]) for agency, items in grouped] == [
        ("Phòng KT&HT", ["Báo cáo hợp tác xã"]),  # district agencies first, by name
        ("Phòng NN&PTNT", ["Sơ kết 6 tháng"]),
        ("UBND xã Thuận Hòa", [tasks.commune.title]),
    ]


def test_missing_reports_for_other_quarters(tree, plan, tasks, other_agency, q2):
    rows = plan_rows(plan, date(2021, 1, 10))
    q1 = [(m.task.title, m.period.code) for m in board.missing_reports(rows, parse("2020-Q1"))]
    assert q1 == [
        (tasks.commune.title, "2020-Q1"),  # a one-off task reports every quarter
        ("Báo cáo hợp tác xã", "2020-Q1"),
        ("Báo cáo điểm bán", "2020-Q1"),
    ]  # the survey and the quarterly report were filed for Q1; no half or year ends in Q1
    q4 = [(m.task.title, m.period.code) for m in board.missing_reports(rows, parse("2020-Q4"))]
    assert q4 == [
        (tasks.quarterly.title, "2020-Q4"),
        (tasks.commune.title, "2020-Q4"),
        ("Sơ kết 6 tháng", "2020-H2"),
        ("Tổng kết năm", "2020"),
        ("Báo cáo hợp tác xã", "2020-Q4"),
        ("Báo cáo điểm bán", "2020-Q4"),
    ]  # the survey was done in Q1


def test_waiting_for_review(plan, tasks, q2):
    waiting = board.waiting_for_review(plan_rows(plan, date(2020, 7, 10)))
    assert sorted((r.task.title, r.period, r.percent_done) for r in waiting) == sorted([
        (tasks.quarterly.title, "2020-Q2", 50),
        (tasks.commune.title, "2020-Q2", 40),
        ("Báo cáo điểm bán", "2020-Q2", 55),
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("recurrence", "expected"),
    [
        (Recurrence.NONE, ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]),
        (Recurrence.QUARTERLY, ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]),
        (Recurrence.SIX_MONTHLY, [None, "2020-H1", None, "2020-H2"]),
        (Recurrence.YEARLY, [None, None, None, "2020"]),
    ],
)
def test_expected_period_in_each_quarter(recurrence, expected):
    task = SimpleNamespace(recurrence=recurrence)
    found = [board.expected_period(task, parse(f"2020-Q{n}")) for n in range(1, 5)]
    assert [p.code if p else None for p in found] == expected


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (date(2019, 12, 1), "2020-Q1"),  # before the year: its first quarter
        (date(2020, 2, 1), "2020-Q1"),  # none ended yet: the current one
        (date(2020, 3, 31), "2020-Q1"),
        (date(2020, 4, 1), "2020-Q1"),  # the last one ended
        (date(2020, 7, 1), "2020-Q2"),
        (date(2020, 12, 31), "2020-Q3"),
        (date(2021, 3, 1), "2020-Q4"),
    ],
)
def test_default_quarter(today, code):
    assert board.default_quarter(2020, today).code == code


# --- An agency's board ------------------------------------------------------------------------------------------


@pytest.fixture
def agency_tasks(tree, plan, tasks, commune_agency, other_agency):
    """Phòng KT&HT's tasks on 20/06/2020 (it leads survey and quarterly, coordinates commune)."""
    report(tasks.survey, "2020-Q1", ACC, 60)  # due 31/03, not finished → overdue
    report(tasks.quarterly, "2020-Q1", ACC, 25)  # Q2 due 30/06 → due soon
    report(tasks.commune, "2020-Q1", SUB, 30, agency=commune_agency)  # the lead's report: on track
    returned = report(tasks.commune, "2020-Q2", RET, 40, agency=tree.agency, on=date(2020, 6, 5))  # ours, returned
    filed = TaskFactory(plan=plan, order=4, title="Xây dựng gian hàng", lead_agency=tree.agency)  # due 31/12
    report(filed, "2020-Q2", SUB, 20)
    report(filed, "2020-Q1", RET, 10)  # returned, but Q1 was never filed again: still listed
    done = TaskFactory(plan=plan, order=5, title="In tờ rơi", lead_agency=tree.agency)
    report(done, "2020-Q1", ACC, 100)
    refiled = TaskFactory(plan=plan, order=6, title="Tập huấn", lead_agency=tree.agency)
    report(refiled, "2020-Q2", RET, 30, on=date(2020, 6, 1))
    report(refiled, "2020-Q2", SUB, 35, on=date(2020, 6, 3))  # filed again: not in "returned"
    TaskFactory(plan=plan, order=7, title="Việc của phòng khác", lead_agency=other_agency)  # not ours
    return SimpleNamespace(returned=returned, filed=filed, done=done, refiled=refiled)


def test_agency_board_sorts_what_needs_doing(tree, tasks, agency_staff, agency_tasks):
    today = date(2020, 6, 20)
    rows = board.rows(tasks_for_agencies(agency_staff, 2020), today)
    assert [row.task.title for row in rows] == [
        tasks.survey.title, tasks.quarterly.title, tasks.commune.title, "Xây dựng gian hàng", "In tờ rơi", "Tập huấn",
    ]  # fmt: skip
    mine = board.agency_board(rows, {tree.agency.pk}, today)
    assert [row.task for row in mine.overdue] == [tasks.survey]
    assert [row.task for row in mine.due_soon] == [tasks.quarterly]
    assert [row.task.title for row in mine.others] == [tasks.commune.title, "Xây dựng gian hàng", "In tờ rơi",
                                                       "Tập huấn"]  # fmt: skip
    # Tasks we lead: the oldest quarter past its deadline without our live report, else the current one.
    assert [(row.task.title, period.code) for row, period in mine.to_report] == [
        (tasks.survey.title, "2020-Q2"),  # Q1 filed: the current quarter
        (tasks.quarterly.title, "2020-Q2"),
        ("Xây dựng gian hàng", "2020-Q1"),  # Q1 returned and never filed again (Q2 is filed)
        ("Tập huấn", "2020-Q1"),  # Q2 filed again after its return, Q1 never filed
    ]  # we only coordinate the commune's task (we may report, we are not asked to); "In tờ rơi" is done
    assert sorted((r.task.title, r.period) for r in mine.returned) == sorted([
        (tasks.commune.title, "2020-Q2"), ("Xây dựng gian hàng", "2020-Q1"),
    ])  # fmt: skip


def test_agency_board_of_the_commune(tree, tasks, commune_agency, commune_official, agency_tasks):
    today = date(2020, 6, 20)
    rows = board.rows(tasks_for_agencies(commune_official, 2020), today)
    assert [row.task for row in rows] == [tasks.commune]
    mine = board.agency_board(rows, {commune_agency.pk}, today)
    assert (mine.overdue, mine.due_soon, mine.returned) == ([], [], [])
    assert [(row.task, period.code) for row, period in mine.to_report] == [(tasks.commune, "2020-Q2")]


def test_agency_board_before_the_plans_year(tree, tasks, agency_staff):
    rows = board.rows(tasks_for_agencies(agency_staff, 2020), date(2019, 12, 20))
    mine = board.agency_board(rows, {tree.agency.pk}, date(2019, 12, 20))
    assert mine.to_report == []  # no period has begun
    assert [row.state for row in mine.others] == [TaskState.NOT_STARTED] * 3


@pytest.mark.parametrize(
    ("recurrence", "reported", "today", "code"),
    [
        (Recurrence.QUARTERLY, set(), date(2020, 6, 20), "2020-Q1"),  # Q1 past its deadline
        (Recurrence.QUARTERLY, {"2020-Q1"}, date(2020, 6, 20), "2020-Q2"),  # the current one
        (Recurrence.QUARTERLY, {"2020-Q2"}, date(2020, 6, 20), "2020-Q1"),
        (Recurrence.QUARTERLY, {"2020-Q1", "2020-Q2"}, date(2020, 6, 20), None),  # nothing owed
        (Recurrence.QUARTERLY, set(), date(2020, 3, 31), "2020-Q1"),
        (Recurrence.SIX_MONTHLY, set(), date(2020, 7, 1), "2020-H1"),
        (Recurrence.SIX_MONTHLY, {"2020-H1"}, date(2020, 7, 1), "2020-H2"),
        (Recurrence.YEARLY, set(), date(2021, 2, 1), "2020"),
        (Recurrence.NONE, {"2020-Q1", "2020-Q2"}, date(2020, 7, 1), "2020-Q3"),
        (Recurrence.QUARTERLY, set(), date(2019, 12, 31), None),  # the plan's year has not begun
    ],
)
def test_period_to_report(recurrence, reported, today, code):
    task = SimpleNamespace(plan=SimpleNamespace(year=2020), recurrence=recurrence)
    period = board.period_to_report(task, reported, today)
    assert (period.code if period else None) == code


def test_agency_board_asks_for_the_period_that_is_due(settings, tree, tasks, agency_staff):
    """With five days' grace, on 03/04 the quarterly task's Q1 report is due in two days."""
    settings.PLAN_REPORT_GRACE_DAYS = 5
    today = date(2020, 4, 3)
    rows = board.rows(tasks_for_agencies(agency_staff, 2020), today)
    quarterly = next(row for row in rows if row.task == tasks.quarterly)
    assert quarterly.state == TaskState.DUE_SOON and quarterly.status.deadline == date(2020, 4, 5)
    mine = board.agency_board(rows, {tree.agency.pk}, today)
    assert (tasks.quarterly, "2020-Q1") in [(row.task, period.code) for row, period in mine.to_report]
