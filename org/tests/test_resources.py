import pytest
import tablib

from org.enums import Level
from org.models import AdministrativeUnit
from org.resources import AdministrativeUnitResource

pytestmark = pytest.mark.django_db

HEADERS = ["code", "name", "kind", "parent_code"]


def test_a_province_tree_imports_by_official_code_even_without_districts():
    rows = [
        ("96", "Tỉnh mới", "tinh", ""),
        ("40001", "Phường Một", "phuong", "96"),
        ("40002", "Xã Hai", "xa", "96"),
    ]
    result = AdministrativeUnitResource().import_data(tablib.Dataset(*rows, headers=HEADERS), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    ward = AdministrativeUnit.objects.get(code="40001")
    assert ward.path == "/96/40001/" and ward.level == Level.COMMUNE


def test_a_bad_row_is_reported_and_nothing_is_imported():
    rows = [
        ("96", "Tỉnh mới", "tinh", ""),
        ("40A01", "Sai mã", "xa", "96"),
    ]
    # The admin imports only after a dry run without errors; called directly, the resource rolls back.
    result = AdministrativeUnitResource().import_data(
        tablib.Dataset(*rows, headers=HEADERS), dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert "Mã đơn vị hành chính chỉ gồm chữ số." in str(result.invalid_rows[0].error_dict)
    assert not AdministrativeUnit.objects.exists()
