"""Demo plan: the 2020 OCOP plan of huyện Long Mỹ (plans/data/long_my_2020.json, transcribed from the plan's
text), its progress over the first three quarters, its activities and funding; and the plan copied into the
current year with the reports of the quarters that have ended.

Built through plans.services as the district officer and the agencies would, so the reports' history is real
and dated when it happened (`post_report(at=...)`, `review_report(at=...)`). The agencies report through the
people who act for them: one staff account per district agency that leads a task, and the commune officials
for their commune's People's Committee (section V.11). Idempotent: an existing plan is left alone.
"""

import json
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org import services as org_services
from org.demo import ACCOUNTS as ORG_ACCOUNTS
from org.demo import COMMUNE_KIND_WORDS
from org.enums import Level, Role
from org.models import AdministrativeUnit, Agency
from plans import services
from plans.models import Activity, Funding, FundingRule, Plan, ProgressReport, Target, Task
from plans.periods import half, quarter
from products.demo import demo_pdf
from products.models import Producer, Product

DATA = Path(__file__).resolve().parent / "data" / "long_my_2020.json"
OFFICER = "huyen.longmy"

# The people who report for the district agencies that lead a task (coquan.ktht comes from org.demo).
AGENCY_STAFF = [
    ("coquan.nnptnt", "Nguyễn Thanh Phong", "Phòng NN&PTNT"),
    ("coquan.tnmt", "Lâm Văn Thắng", "Phòng TN&MT"),
    ("coquan.yte", "Dương Thị Thảo", "Phòng YT"),
    ("coquan.ldtbxh", "Tạ Văn Lực", "Phòng LĐ-TB&XH"),
    ("coquan.tckh", "Bùi Thị Kim Chi", "Phòng TC-KH"),
    ("coquan.vhtt", "Hồ Văn Nghĩa", "Phòng VH&TT"),
    ("coquan.dtt", "Trương Thị Thu", "Đài TT"),
    ("coquan.ttdvnn", "Cao Văn Khuyến", "TT DVNN"),
    ("coquan.nhcsxh", "Phan Thị Ngân", "PGD NHCSXH"),
    ("coquan.mttq", "Lưu Văn Đoàn", "UBMTTQVN huyện"),
]
# The commune officials of Long Mỹ's communes that org.demo gives none (xa.<name without accents>).
COMMUNE_OFFICIALS = {
    "31489": "Huỳnh Văn Lợi",
    "31483": "Trần Thị Bích",
    "31486": "Võ Minh Đông",
    "31490": "Phạm Thị Yến",
    "31492": "Đỗ Văn Tâm",
    "31493": "Ngô Thị Hạnh",
    "31495": "Danh Văn Hoàng",
}


def load_plan_data():
    return json.loads(DATA.read_text(encoding="utf-8"))


def plain(name):
    """'Vĩnh Thuận Đông' → 'vinhthuandong'."""
    text = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if c.isascii() and c.isalnum()).lower()


def _moment(day, hour=8, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _pdf(filename, title):
    return ContentFile(demo_pdf(title), name=filename)


def _account(password, username, full_name, role, **where):
    user, created = org_services.ensure_user(username=username, password=password, full_name=full_name)
    membership = org_services.ensure_membership(user=user, role=role, **where)
    return user, (user.username, created, str(role.label), str(membership.place))


def _accounts(password, district):
    """The reporting accounts, made if missing. Returns (accounts made, {agency pk: user acting for it})."""
    User = get_user_model()
    made, actors = [], {}
    agencies = {a.short_name: a for a in Agency.objects.filter(unit=district)}
    for username, full_name, short in AGENCY_STAFF:
        user, row = _account(password, username, full_name, Role.AGENCY_STAFF, agency=agencies[short])
        made.append(row)
        actors[agencies[short].pk] = user
    actors[agencies["Phòng KT&HT"].pk] = User.objects.get(username="coquan.ktht")
    existing = {where: username for username, _n, role, where in ORG_ACCOUNTS if role == Role.COMMUNE_OFFICIAL}
    for commune in _communes(district):
        if commune.code in existing:
            user = User.objects.get(username=existing[commune.code])
        else:
            username = f"xa.{plain(commune.name)}"
            user, row = _account(password, username, COMMUNE_OFFICIALS[commune.code], Role.COMMUNE_OFFICIAL,
                                 unit=commune)  # fmt: skip
            made.append(row)
        actors[_commune_agency(commune).pk] = user
    return made, actors


def _communes(district):
    return list(AdministrativeUnit.objects.filter(parent=district, level=Level.COMMUNE).order_by("code"))


def _commune_agency(commune):
    return Agency.objects.get(unit=commune, short_name=f"UBND {COMMUNE_KIND_WORDS[commune.kind]} {commune.name}")


def task_specs(data, district):
    """[(entry, commune or None)] in the plan's order: the district tasks, then V.11's for each commune."""
    specs = [(entry, None) for entry in data["tasks"]]
    for commune in _communes(district):
        specs += [(entry, commune) for entry in data["commune_tasks"]]
    return specs


def _build_plan(data, district, officer):
    plan = services.save_plan(Plan(unit=district, year=data["year"], title=data["title"]), user=officer)
    for order, row in enumerate(data["targets"], start=1):
        # The training target's population (27 programme officials) is a demo figure: the plan gives none.
        services.save_target(Target(
            plan=plan, order=order, text=row["text"], measure=row["measure"],
            target_value=Decimal(str(row["target_value"])), value_unit=row["value_unit"],
            population=row.get("population"),
        ))  # fmt: skip
    agencies = {a.short_name: a for a in Agency.objects.filter(unit=district)}
    communes = [_commune_agency(c) for c in _communes(district)]
    for order, (entry, commune) in enumerate(task_specs(data, district), start=1):
        lead = _commune_agency(commune) if commune else agencies[entry["lead"]]
        coordinating = []
        for short in entry["coordinating"]:
            coordinating += [a for a in communes if a != lead] if short == "@communes" else [agencies[short]]
        due = date.fromisoformat(entry["due"]) if entry.get("due") else None
        task = Task(plan=plan, section=entry["section"], order=order, title=entry["title"], description=entry["text"],
                    lead_agency=lead, due_date=due, recurrence=entry.get("recurrence", ""))  # fmt: skip
        services.save_task(task, coordinating=coordinating, user=officer)
    return plan


def _enter_actuals(plan, data, officer):
    targets = list(plan.targets.order_by("order"))
    for target, row in zip(targets, data["targets"], strict=True):
        actual = row.get("actual")
        if not actual:
            continue
        upload = _pdf(actual["file"], f"Bao cao chi tieu - {target.text[:60]}")
        # Entered at the end of the third quarter, not when the demo was built.
        at = _moment(date.fromisoformat(actual["at"]), 16)
        services.enter_actual(target, user=officer, value=Decimal(str(actual["value"])), note=actual["note"],
                              uploads=[upload], at=at)  # fmt: skip
    return {row["key"]: target for target, row in zip(targets, data["targets"], strict=True)}


def _commune_context(commune, index, data):
    return {
        "place": f"{COMMUNE_KIND_WORDS[commune.kind]} {commune.name}",
        "product": data["communes"][commune.code]["product"],
        "n": 1 + index % 2,  # products chosen
        "a": 2 + index % 3,  # households, producers
        "b": 6 + 2 * index,  # hamlet meetings
        "c": 10 + 5 * index,  # million đồng
    }


def _filled(step, context):
    if not context:
        return step
    return {**step, "text": step["text"].format(**context), "figures": step["figures"].format(**context)}


def _periods(task, entry, quarters):
    """(period code, quarter code, progress step) of the reports the task's lead agency files."""
    steps = entry["progress"]
    if task.recurrence == "yearly":
        return []
    if task.recurrence == "six_monthly":
        h1 = half(task.plan.year, 1)
        return [(h1, "Q2", steps[0])] if steps and "Q2" in quarters else []
    return [(quarter(task.plan.year, n), f"Q{n}", step) for n, step in enumerate(steps, start=1) if f"Q{n}" in quarters]


class Reporter:
    """Files the reports of one plan-year, as its agencies and the district officer did."""

    def __init__(self, actors, officer, now):
        self.actors, self.officer, self.now = actors, officer, now
        self.k = 0  # spreads the dates and hours of reports over the days around each quarter's end

    def file(self, task, period, step, *, late=False, file=None, after=None):
        self.k += 1
        k = self.k
        day = period.end + timedelta(days=4 + k % 5) if late else period.end - timedelta(days=k % 4)
        if after is not None:  # filed again, two days after the report was returned
            day = timezone.localdate(after) + timedelta(days=2)
        at = min(_moment(day, 8 + k % 3, (7 * k) % 60), self.now)
        uploads = [_pdf(file, f"Bao cao {period.code} - {task.title[:50]}")] if file else []
        return services.post_report(
            task, user=self.actors[task.lead_agency_id], agency=task.lead_agency, period=period.code,
            text=step["text"], percent_done=step["percent"], figures=step.get("figures", ""), uploads=uploads, at=at,
        )  # fmt: skip

    def review(self, report, *, period, accept=True, note=""):
        day = max(timezone.localdate(report.submitted_at), period.end) + timedelta(days=2 + self.k % 4)
        at = _moment(day, 14, (11 * self.k) % 60)
        if at > self.now:
            return report  # not reviewed yet
        return services.review_report(report, user=self.officer, accept=accept, note=note, at=at)


def report_year(plan, data, district, actors, officer, quarters, *, this_year=False, now=None):
    """The reports of `plan` for `quarters` (['Q1', ...]) following the demo's scenario in the data."""
    reporter = Reporter(actors, officer, now or timezone.now())
    communes = _communes(district)
    specs = {(e["section"], e["title"], c.code if c else None): (e, c) for e, c in task_specs(data, district)}
    for task in plan.tasks.select_related("lead_agency__unit", "plan").order_by("order"):
        unit = task.lead_agency.unit
        spec = specs.get((task.section, task.title, unit.code if unit.pk != district.pk else None))
        if spec is None:
            continue  # a task added to the plan by hand after the demo was built
        entry, commune = spec
        context = _commune_context(commune, communes.index(commune), data) if commune else None
        place = data["communes"][commune.code] if commune else {}
        number = data["commune_tasks"].index(entry) + 1 if commune else None
        for period, q, step in _periods(task, entry, quarters):
            flags = {key: set(entry.get(key, [])) | set(place.get(key, [])) for key in ("late", "waiting", "missing")}
            if q in flags["missing"] or (this_year and entry.get("skip_last_quarter_this_year") and q == quarters[-1]):
                continue
            returned = {**entry.get("returned", {}), **place.get("returned", {})}.get(q)
            if returned and returned.get("task", number) != number:
                returned = None
            report = reporter.file(task, period, _filled(step, context), late=q in flags["late"], file=step.get("file"))
            if returned:
                report = reporter.review(report, period=period, accept=False, note=returned["note"])
                if returned["refiled"] is None or report.reviewed_at is None:
                    continue
                report = reporter.file(task, period, _filled(returned["refiled"], context), after=report.reviewed_at)
            if q not in flags["waiting"]:
                reporter.review(report, period=period)
            if step["percent"] >= 100:
                break  # done: nothing more to report


def _activities(plan, data, district, targets, actors, officer):
    agencies = {a.short_name: a for a in Agency.objects.filter(unit=district)}
    made = {}
    for row in data["activities"]:
        organiser = agencies[row["organiser"]]
        activity = Activity(
            plan=plan, kind=row["kind"], title=row["title"], held_on=date.fromisoformat(row["held_on"]),
            place=row["place"], organiser=organiser, audience=row.get("audience", ""),
            participants=row.get("participants"), cost=row.get("cost"), media_kind=row.get("media_kind", ""),
            note=row["note"],
        )  # fmt: skip
        made[row["title"]] = services.save_activity(
            activity, user=actors.get(organiser.pk, officer),
            targets=[targets[key] for key in row.get("targets", [])],
            producers=[Producer.objects.get(name=name) for name in row.get("producers", [])],
            products=[_product(district, name) for name in row.get("products", [])],
        )  # fmt: skip
    return made


def _product(district, name):
    return Product.objects.get(name=name, commune__path__startswith=district.path)


def ensure_funding_rule(district, data):
    row = data["funding_rule"]
    rule = FundingRule.objects.filter(unit=district, source=row["source"], programme=row["programme"],
                                      refused_kind=row["refused_kind"]).first()  # fmt: skip
    if rule is None:
        rule = services.save_funding_rule(FundingRule(unit=district, **row))
    return rule


def _funding(plan, data, district, activities, officer):
    for row in data["funding"]:
        line = Funding(
            plan=plan, source=row["source"], programme=row.get("programme", ""), amount=row["amount"],
            spent_on=date.fromisoformat(row["spent_on"]), description=row["description"],
            product=_product(district, row["product"]) if "product" in row else None,
            producer=Producer.objects.get(name=row["producer"]) if "producer" in row else None,
            activity=activities[row["activity"]] if "activity" in row else None,
        )  # fmt: skip
        services.record_funding(line, user=officer)


def seed_plans(password, today=None):
    """Build the demo plans. Returns [(username, created, role label, place)] of the reporting accounts."""
    today = today or timezone.localdate()
    data = load_plan_data()
    district = AdministrativeUnit.objects.get(code=data["unit"])
    officer = get_user_model().objects.get(username=OFFICER)
    accounts, actors = _accounts(password, district)
    ensure_funding_rule(district, data)
    plan = Plan.objects.filter(unit=district, year=data["year"]).first()
    if plan is None:
        plan = _build_plan(data, district, officer)
        report_year(plan, data, district, actors, officer, ["Q1", "Q2", "Q3"])
        targets = _enter_actuals(plan, data, officer)
        activities = _activities(plan, data, district, targets, actors, officer)
        _funding(plan, data, district, activities, officer)
    if today.year > plan.year and not Plan.objects.filter(unit=district, year=today.year).exists():
        copy = services.copy_plan(plan, year=today.year, user=officer)
        ended = [f"Q{n}" for n in range(1, 5) if quarter(today.year, n).end < today]
        now = timezone.now() if today == timezone.localdate() else _moment(today, 7)
        report_year(copy, data, district, actors, officer, ended, this_year=True, now=now)
    return accounts


def describe():
    """A line for seed_demo about the demo plans."""
    plans = Plan.objects.filter(unit__code=load_plan_data()["unit"]).order_by("year")
    return _("OCOP plans of huyện Long Mỹ: %(plans)s.") % {
        "plans": "; ".join(
            _("%(year)s: %(tasks)d tasks, %(reports)d progress reports") % {
                "year": plan.year, "tasks": plan.tasks.count(),
                "reports": ProgressReport.objects.filter(task__plan=plan).count(),
            }
            for plan in plans
        )
    }  # fmt: skip
