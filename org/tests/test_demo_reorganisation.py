import pytest

from org.data import reorganisation_can_tho_2025 as demo
from org.demo import seed_org
from org.models import AdministrativeUnit, Succession
from org.reorganisation import plan, read_workbook
from org.reorganisation import workbook as wb

pytestmark = pytest.mark.django_db


def test_every_guess_and_illustrative_code_is_marked():
    rows = demo.rows()
    commune_rows = [r for r in rows if r.get(wb.BASIS)]
    assert len(commune_rows) == 8
    for row in commune_rows:
        assert row[wb.BASIS] == "Nghị quyết 1668/NQ-UBTVQH15 ngày 16/06/2025"
        assert "chưa xác nhận theo nguồn" in row[wb.NOTE] and "mã minh họa" in row[wb.NOTE]
    assert {r[wb.NEW_NAME] for r in commune_rows} == {
        "Vĩnh Viễn",
        "Xà Phiên",
        "Lương Tâm",
        "Vĩnh Thuận Đông",
        "Long Mỹ",
    }
    assert all(r[wb.EFFECTIVE] == "01/07/2025" for r in rows)


def test_the_demo_reorganisation_applies_once(db):
    seed_org("an-ocop-test-password")
    done = demo.apply_demo_reorganisation(None)
    assert len(done.creates) == 6 and not done.problems
    hau_giang = AdministrativeUnit.objects.get(code="93")
    assert hau_giang.valid_until.isoformat() == "2025-06-30"
    assert list(hau_giang.successors.values_list("code", flat=True)) == ["92"]
    assert AdministrativeUnit.objects.get(code="9200005").kind == "phuong"
    links = Succession.objects.count()
    again = demo.apply_demo_reorganisation(None)
    assert again.nothing_to_do and Succession.objects.count() == links
    assert plan(read_workbook(demo.workbook())).nothing_to_do
