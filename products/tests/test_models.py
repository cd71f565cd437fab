import pytest
from django.core.exceptions import ValidationError

from products.enums import CategoryKind, LegalForm
from products.models import ProductCategory, ProductSet
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_the_1048_classification_is_loaded_as_data():
    assert ProductSet.objects.filter(scheme="1048/QĐ-TTg").count() == 26
    assert list(ProductSet.objects.filter(scheme="1048/QĐ-TTg").values_list("number", flat=True)) == list(range(1, 27))
    sectors = ProductCategory.objects.filter(kind=CategoryKind.SECTOR, scheme="1048/QĐ-TTg")
    assert list(sectors.values_list("name", flat=True)) == [
        "Thực phẩm",
        "Đồ uống",
        "Thảo dược",
        "Thủ công mỹ nghệ, trang trí",
        "Vải, may mặc",
        "Dịch vụ du lịch nông thôn và bán hàng",
    ]
    honey = ProductSet.objects.get(scheme="1048/QĐ-TTg", number=4)
    assert honey.name == "Mật ong, các sản phẩm từ mật ong, mật khác"
    assert [honey.category.kind, honey.category.parent.kind, honey.category.parent.parent.kind] == [
        "subgroup",
        "group",
        "sector",
    ]
    assert ProductSet.objects.get(number=25).category.code == "V"  # garments: a sector without groups
    for product_set in ProductSet.objects.select_related("category"):
        assert product_set.name and product_set.name_en
        assert product_set.category.sector_code in {"I", "II", "III", "IV", "V", "VI"}


def test_names_follow_the_language():
    from django.utils import translation

    tea = ProductSet.objects.get(number=13)
    with translation.override("en"):
        assert tea.display_name == "Other tea and infusion products"
    with translation.override("vi"):
        assert tea.display_name == "Các sản phẩm khác từ chè, trà"


def test_a_registration_number_is_unique_and_the_error_names_the_holder(tree):
    ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    twin = ProducerFactory.build(commune=tree.other_commune, registration_number=" 6300000101")
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "Cơ sở Phụng Phát" in str(error.value) and "Thuận Hòa" in str(error.value)


def test_producers_without_registration_number_do_not_clash(tree):
    ProducerFactory(commune=tree.commune, registration_number="", legal_form=LegalForm.UNREGISTERED)
    ProducerFactory.build(commune=tree.commune, registration_number="", legal_form=LegalForm.UNREGISTERED).full_clean()


@pytest.mark.parametrize(
    ("form", "pct", "ok"),
    [
        (LegalForm.JSC_MAJORITY, 51, True),
        (LegalForm.JSC_MAJORITY, 50, False),
        (LegalForm.JSC_MAJORITY, None, False),
        (LegalForm.JSC_MINORITY, 50, True),
        (LegalForm.JSC_MINORITY, 51, False),
        (LegalForm.COOPERATIVE, 100, True),
    ],
)
def test_community_capital_matches_the_joint_stock_form(tree, form, pct, ok):
    producer = ProducerFactory.build(commune=tree.commune, legal_form=form, community_capital_pct=pct)
    if ok:
        producer.full_clean()
    else:
        with pytest.raises(ValidationError, match="51"):
            producer.full_clean()


def test_a_producer_belongs_to_a_commune_not_a_district(tree):
    with pytest.raises(ValidationError):
        ProducerFactory.build(commune=tree.district).full_clean()


@pytest.mark.parametrize("phone", ["12345", "09123456789012", "abc"])
def test_a_bad_phone_is_refused(tree, phone):
    with pytest.raises(ValidationError):
        ProducerFactory.build(commune=tree.commune, phone=phone).full_clean()


def test_a_product_and_its_producer_share_the_commune(tree):
    producer = ProducerFactory(commune=tree.commune)
    product = ProductFactory.build(producer=producer, commune=tree.other_commune)
    with pytest.raises(ValidationError, match="another commune|xã khác"):
        product.full_clean()


def test_148s_six_groups_are_its_own_classification():
    """148's groups (shared/docs/ocop-2026.md); its product sets come from the office's workbook, none is shipped."""
    sectors = ProductCategory.objects.filter(scheme="148/QĐ-TTg", kind=CategoryKind.SECTOR).order_by("code")
    assert [s.name for s in sectors][2] == "Dược liệu và sản phẩm từ dược liệu" and sectors.count() == 6
    assert not ProductSet.objects.filter(scheme="148/QĐ-TTg").exists()
