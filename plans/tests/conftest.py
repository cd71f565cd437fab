"""Fixtures of the plans tests (and the plans view tests to come), on the root conftest's `tree`.

- `commune_agency`: the People's Committee (UBND) of `tree.commune`; `commune_official` reports for it.
- `other_agency`: a second agency of `tree.district` (Phòng NN&PTNT), with `other_agency_staff`.
- `plan`: the 2020 OCOP plan of `tree.district`, with three tasks (see `tasks`), no targets, no reports.
- `tasks`: the plan's tasks by name:
    - `survey` (V.1): one-off, due 31/03/2020, led by `tree.agency` (Phòng KT&HT), `other_agency` coordinating;
    - `quarterly` (V.2): a quarterly report, led by `tree.agency`, no coordinating agency;
    - `commune` (V.11): one-off, due 30/09/2020, led by `commune_agency`, `tree.agency` coordinating.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from org.enums import Role
from org.tests.factories import AgencyFactory, member
from plans.enums import Recurrence
from plans.tests.factories import PlanFactory, TaskFactory

TASK_SECTIONS = {"survey": "V.1", "quarterly": "V.2", "commune": "V.11"}


@pytest.fixture
def commune_agency(tree):
    return AgencyFactory(unit=tree.commune, name="Ủy ban nhân dân xã Thuận Hòa", short_name="UBND xã Thuận Hòa")


@pytest.fixture
def other_agency(tree):
    return AgencyFactory(
        unit=tree.district, name="Phòng Nông nghiệp và Phát triển nông thôn", short_name="Phòng NN&PTNT"
    )


@pytest.fixture
def other_agency_staff(other_agency):
    return member(Role.AGENCY_STAFF, other_agency, username="coquan.nnptnt")


@pytest.fixture
def plan(tree, commune_agency, other_agency):
    plan = PlanFactory(
        unit=tree.district,
        year=2020,
        title="Kế hoạch thực hiện Chương trình OCOP huyện Long Mỹ năm 2020",
        number="45/KH-UBND",
        signed_on=date(2020, 3, 12),
    )
    TaskFactory(
        plan=plan, section="V.1", order=1, title="Rà soát, đánh giá các sản phẩm hiện có",
        lead_agency=tree.agency, due_date=date(2020, 3, 31), coordinating=[other_agency],
    )  # fmt: skip
    TaskFactory(
        plan=plan, section="V.2", order=2, title="Báo cáo tiến độ thực hiện Chương trình OCOP hằng quý",
        lead_agency=tree.agency, recurrence=Recurrence.QUARTERLY,
    )  # fmt: skip
    TaskFactory(
        plan=plan, section="V.11", order=3, title="Hướng dẫn chủ thể hoàn thiện hồ sơ đăng ký sản phẩm",
        lead_agency=commune_agency, due_date=date(2020, 9, 30), coordinating=[tree.agency],
    )  # fmt: skip
    return plan


@pytest.fixture
def tasks(plan):
    return SimpleNamespace(**{name: plan.tasks.get(section=section) for name, section in TASK_SECTIONS.items()})
