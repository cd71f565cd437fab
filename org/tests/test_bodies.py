import datetime

import pytest

from org.bodies import body_name, ensure_body_names, unit_above
from org.enums import BodyKind
from org.models import BodyName
from org.reorganisation import apply
from org.tests.reorg_support import merger_rows, parsed

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_ministry_is_renamed_on_01_03_2025(db):
    ensure_body_names()
    assert body_name(None, BodyKind.MINISTRY, D(2025, 2, 28)).abbreviation == "Bộ NN&PTNT"
    assert body_name(None, BodyKind.MINISTRY, D(2025, 3, 1)).name == "Bộ Nông nghiệp và Môi trường"
    assert body_name(None, BodyKind.MINISTRY, D(2020, 1, 1)).name == "Bộ Nông nghiệp và Phát triển nông thôn"


def test_the_provinces_department_and_the_districts_committee(tree):
    ensure_body_names()
    assert ensure_body_names() == 0  # idempotent
    assert body_name(tree.province, BodyKind.AGRICULTURE_DEPARTMENT, D(2024, 12, 1)).name == (
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Hậu Giang"
    )
    assert body_name(tree.province, BodyKind.AGRICULTURE_DEPARTMENT, D(2025, 3, 1)).abbreviation == "Sở NN&MT"
    assert body_name(tree.district, BodyKind.PEOPLES_COMMITTEE, D(2025, 6, 30)).name == "Ủy ban nhân dân huyện Long Mỹ"
    assert body_name(tree.district, BodyKind.PEOPLES_COMMITTEE, D(2025, 7, 1)) is None
    # A commune's committee is named after the commune while it exists.
    assert body_name(tree.commune, BodyKind.PEOPLES_COMMITTEE, D(2020, 5, 1)).name == "Ủy ban nhân dân xã Thuận Hòa"


def test_an_office_can_correct_a_name(tree):
    ensure_body_names()
    BodyName.objects.create(unit=tree.province, kind=BodyKind.AGRICULTURE_DEPARTMENT, name="Sở NN&MT Hậu Giang (sửa)",
                            valid_from=D(2025, 4, 1))  # fmt: skip
    assert body_name(tree.province, BodyKind.AGRICULTURE_DEPARTMENT, D(2025, 5, 1)).name == "Sở NN&MT Hậu Giang (sửa)"


def test_bodies_of_a_merged_province_end_with_it_and_the_new_one_gets_its_own(tree):
    ensure_body_names()
    apply(parsed(merger_rows()))
    tree.province.refresh_from_db()
    assert body_name(tree.province, BodyKind.AGRICULTURE_DEPARTMENT, D(2025, 7, 1)) is None
    can_tho = tree.province.successors.get()
    assert body_name(can_tho, BodyKind.AGRICULTURE_DEPARTMENT, D(2025, 7, 1)).name == (
        "Sở Nông nghiệp và Môi trường thành phố Cần Thơ"
    )


def test_the_unit_above_a_commune_follows_the_two_tier_reform(tree):
    assert unit_above(tree.commune, D(2020, 6, 1)) == tree.district
    assert unit_above(tree.commune, D(2025, 7, 1)) == tree.province  # no district after 30/06/2025
    apply(parsed(merger_rows()))
    tree.commune.refresh_from_db()
    assert unit_above(tree.commune, D(2025, 6, 30)) == tree.district
    can_tho = tree.province.successors.get()
    assert unit_above(tree.commune, D(2025, 7, 1)) == can_tho
    new_commune = tree.commune.successors.get()
    assert unit_above(new_commune, D(2026, 1, 1)) == can_tho
