"""The OCOP plans of the province-scale world: a plan per unit and year with its activities and funding lines; the
tasks of the last years' plans with a lead and a coordinating agency, and their quarterly progress reports. Written
by batches (the services add one row at a time and nothing else here)."""

import datetime

from ocop_portal.scale.registry import BATCH, day_in, moment

ACTIVITY_KINDS = [  # kind, audience, title
    ("training", "producers", "Tập huấn chủ thể OCOP"),
    ("training", "officials", "Tập huấn cán bộ OCOP"),
    ("fair", "", "Hội chợ OCOP"),
    ("promotion", "", "Xúc tiến thương mại sản phẩm OCOP"),
    ("media", "", "Chuyên mục OCOP"),
]
SOURCES = ["central", "provincial", "district", "commune", "programme", "credit", "own", "international"]
RECURRENCES = ["quarterly", "", "", "six_monthly", "yearly"]
REPORTED = 0.85  # the share of owed quarterly reports the agencies filed


def _activities_and_funding(rng, plans, province, agencies):
    from plans.models import Activity, Funding

    province_agencies, district_agencies = agencies
    activities, funding = [], []
    for plan in plans:
        organisers = province_agencies if plan.unit_id == province.pk else district_agencies[plan.unit_id]
        for i in range(40 if plan.unit_id == province.pk else 20):
            kind, audience, title = ACTIVITY_KINDS[i % len(ACTIVITY_KINDS)]
            activities.append(Activity(
                plan=plan, kind=kind, title=f"{title} {plan.unit.name} đợt {i + 1}", held_on=day_in(rng, plan.year),
                organiser=organisers[i % len(organisers)], audience=audience, participants=rng.randint(10, 120),
                cost=rng.randint(5, 80) * 1_000_000, media_kind="article" if kind == "media" else "",
                created_by=plan.created_by,
            ))  # fmt: skip
        for _i in range(40):
            source = rng.choice(SOURCES)
            funding.append(Funding(
                plan=plan, source=source, programme="Nông thôn mới" if source == "programme" else "",
                amount=rng.randint(5, 500) * 1_000_000, spent_on=day_in(rng, plan.year),
                description="Kinh phí thực hiện OCOP",
            ))  # fmt: skip
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    Funding.objects.bulk_create(funding, batch_size=BATCH)
    return len(activities), len(funding)


def _targets(plan):
    from plans.models import Target

    Target.objects.bulk_create([
        Target(plan=plan, order=1, text="Sản phẩm đăng ký mới trong năm", measure="products_registered",
               target_value=4000, value_unit="sản phẩm"),
        Target(plan=plan, order=2, text="Sản phẩm đạt 3 sao trở lên", measure="products_rated_3_stars",
               target_value=600, value_unit="sản phẩm"),
    ])  # fmt: skip


def _tasks(rng, plan, count, leads):
    """Tasks led by `leads` in turn, each with the next of them as its coordinating agency (row.helper_id)."""
    from plans.models import Task

    rows = []
    for i in range(count):
        recurrence = RECURRENCES[i % len(RECURRENCES)]
        rows.append(Task(
            plan=plan, section=f"V.{i % 12 + 1}", order=i, lead_agency=leads[i % len(leads)],
            title=f"Nhiệm vụ {i + 1}: triển khai Chương trình OCOP theo phân công",
            due_date=None if recurrence else day_in(rng, plan.year, 3, 12), recurrence=recurrence,
        ))  # fmt: skip
    Task.objects.bulk_create(rows, batch_size=BATCH)
    for i, task in enumerate(rows):
        task.helper_id = leads[(i + 1) % len(leads)].pk
    Through = Task.coordinating_agencies.through
    Through.objects.bulk_create([Through(task_id=t.pk, agency_id=t.helper_id) for t in rows], batch_size=BATCH)
    return rows


def _reports(rng, tasks, user, today):
    """Each task's lead and coordinating agency report on every quarter of its year that has ended by today."""
    from plans.models import ProgressReport

    reports = []
    for task in tasks:
        year = task.plan.year
        quarters = [(f"{year}-Q{n}", datetime.date(year, 3 * n, 28)) for n in range(1, 5)]
        owed = [(code, end) for code, end in quarters if end < today]
        for agency_id in (task.lead_agency_id, task.helper_id):
            for number, (code, end) in enumerate(owed, start=1):
                if rng.random() > REPORTED:
                    continue
                reports.append(ProgressReport(
                    task=task, agency_id=agency_id, period=code, period_end=end, text="Đã triển khai.",
                    percent_done=max(0, min(100, 25 * number + rng.randint(-10, 10))),
                    status=rng.choice(["accepted", "submitted"]), submitted_by=user,
                    submitted_at=moment(end + datetime.timedelta(days=rng.randint(0, 20))),
                ))  # fmt: skip
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    return len(reports)


def plans(rng, province, districts, agencies, years, task_years, tasks, user, today):
    """Plans for every unit and year; `tasks` tasks over the plans of `task_years` (the province's plan holds
    two fifths, the districts' the rest). Returns {what: how many}."""
    from plans.models import Plan

    province_agencies, district_agencies = agencies
    Plan.objects.bulk_create([
        Plan(unit=unit, year=year, title=f"Kế hoạch thực hiện Chương trình OCOP {unit} năm {year}", created_by=user)
        for unit in [province, *districts] for year in years
    ])  # fmt: skip
    made = list(Plan.objects.select_related("unit").filter(unit__in=[province, *districts]).order_by("pk"))
    activities, funding = _activities_and_funding(rng, made, province, agencies)
    per_year = {year: tasks // len(task_years) + (i < tasks % len(task_years)) for i, year in enumerate(task_years)}
    made_tasks, reports = 0, 0
    for plan in made:
        if plan.year not in per_year:
            continue
        for_district = per_year[plan.year] * 3 // 5 // len(districts)
        if plan.unit_id == province.pk:
            _targets(plan)
            leads = province_agencies + [rows[0] for rows in district_agencies.values()]  # + districts' UBND
            count = per_year[plan.year] - for_district * len(districts)
        else:
            leads, count = district_agencies[plan.unit_id], for_district
        rows = _tasks(rng, plan, count, leads)
        for task in rows:
            task.plan = plan
        made_tasks += len(rows)
        reports += _reports(rng, rows, user, today)
    return {"activities": activities, "funding lines": funding, "tasks": made_tasks, "progress reports": reports}
