"""The plan section over several plan quarters (six months, a year, cut-off days), while the period still
runs, for a commune; and the rounds still being scored. conftest.py's world: 936's 2020 plan, where Phòng KT&HT
leads V.2 (quarterly, reports for Q1 and Q2 filed, none for Q3) and UBND xã Thuận Hòa leads V.11 (one-off, due
30/09/2020, no report)."""

from collections import Counter
from datetime import date

from plans.models import Plan
from rating.enums import RoundLevel, RoundStatus
from reporting import periods
from reporting.gather import gather
from reporting.tests.conftest import a_round, entry


def missing(section):
    return sorted((str(agency), sorted(f"{m.task.section} {m.period.code}" for m in items))
                  for agency, items in section.missing)  # fmt: skip


def test_a_year_report_checks_every_quarter_of_the_year(world):
    section = gather(world.tree.district, periods.year_of(2020), today=date(2021, 1, 20)).plan_section
    assert [q.code for q in section.periods] == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    owed = dict(missing(section))
    assert [code for code in owed["Phòng KT&HT"] if code.startswith("V.2")] == ["V.2 2020-Q3", "V.2 2020-Q4"]
    # A one-off task reports every quarter until it is done: V.11 (no report at all) owes all four.
    assert owed["UBND xã Thuận Hòa"] == ["V.11 2020-Q1", "V.11 2020-Q2", "V.11 2020-Q3", "V.11 2020-Q4"]
    assert section.as_of == date(2020, 12, 31)


def test_six_months_cut_on_14_june_checks_only_the_quarters_ended_within_it(world, settings):
    settings.REPORT_CUTOFF_DAY = {"half": 14}
    h1 = periods.half(2020, 1)  # 15/12/2019 – 14/06/2020: calendar Q2 (to 30/06) is not in it
    section = gather(world.tree.district, h1, today=date(2020, 6, 20)).plan_section
    assert [q.code for q in section.periods] == ["2020-Q1"]
    assert all(not code.endswith("Q2") for _agency, items in missing(section) for code in items)


def test_a_report_made_while_its_period_runs_checks_no_quarter_yet(world):
    data = gather(world.tree.district, periods.quarter(2020, 3), today=date(2020, 9, 15))
    assert data.plan_section.periods == [] and data.plan_section.missing == []
    assert data.plan_section.as_of == date(2020, 9, 15)


def test_a_communes_report_shows_the_tasks_it_leads_in_the_district_plan(world):
    Plan.objects.filter(unit=world.tree.commune).delete()  # no plan of its own (communes seldom have one)
    data = gather(world.tree.commune, periods.quarter(2020, 3), today=date(2020, 10, 15))
    section = data.plan_section
    assert section.plan == world.plan
    assert [(str(row.agency), row.total, row.missing) for row in section.agencies] == [("UBND xã Thuận Hòa", 1, 1)]
    assert missing(section) == [("UBND xã Thuận Hòa", ["V.11 2020-Q3"])]
    assert all(item.target is None for item in data.headlines)  # the district's targets are not the commune's


def test_a_round_still_being_scored_shows_no_results(world):
    scoring = a_round(world.tree.district, RoundLevel.DISTRICT, 7, RoundStatus.SCORING, date(2020, 9, 25))
    entry(scoring, world.X3, 4, 70)
    data = gather(world.tree.district, periods.quarter(2020, 3), today=date(2020, 10, 15))
    line = next(r for r in data.rounds if r == scoring)
    assert (line.final, line.entry_count, line.stars, line.knocked_out, line.forwarded) == (False, 1, Counter(), 0, 0)
    assert all(r.final for r in data.rounds if r != scoring)
