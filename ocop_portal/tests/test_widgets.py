"""QuickSelect writes what forms.Select writes (but for the whitespace between tags), faster."""

import re

import pytest
from django import forms

from ocop_portal.widgets import QuickSelect, compact_filter_form
from products.models import ProductSet


def tags(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [("", "All"), ("a", 'A & "B" <i>'), ("Group <1>", [("x", "X"), ("y", "Y")]), (3, "Three")]


@pytest.mark.parametrize("value", [None, "", "a", "x", 3, "3", "nothing"])
def test_the_same_markup_as_django_select(value):
    attrs = {"id": "id_f", "class": "form-select", "required": True}
    expected = forms.Select(choices=CHOICES).render("f", value, attrs=attrs)
    assert tags(QuickSelect(choices=CHOICES).render("f", value, attrs=attrs)) == tags(expected)


@pytest.mark.django_db
def test_a_model_choice_field_in_a_filter_form_is_written_alike():
    units = ProductSet.objects.order_by("pk")[:5]
    chosen = units[2]

    class Form(forms.Form):
        unit = forms.ModelChoiceField(units, required=False, empty_label="All")
        level = forms.ChoiceField(choices=[("", "All"), ("1", "One")], required=False)

    plain = Form({"unit": chosen.pk})
    quick = Form({"unit": chosen.pk})
    compact_filter_form(quick)
    assert isinstance(quick.fields["unit"].widget, QuickSelect)
    assert isinstance(quick.fields["level"].widget, QuickSelect)
    plain.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
    html = tags(quick["unit"])
    assert html == tags(plain["unit"])
    assert f'<option value="{chosen.pk}" selected>' in html
    assert html.count("<option") == 1 + len(units)


def commune_options(html):
    select = re.search(r'<select name="commune".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


@pytest.mark.django_db
def test_filter_choices_kept_per_scope_and_still_checked(settings, tree, district_officer, commune_official,
                                                        client_for):  # fmt: skip
    """With FILTER_CHOICES_CACHE_SECONDS the product list's communes are read once per scope and language: the
    second page reads fewer queries and writes the same select; another scope gets its own list; a commune
    added shows once the kept list is gone; a kept choice filters; one outside the scope still shows nothing of it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from org.tests.factories import CommuneFactory
    from products.tests.factories import ProductFactory

    cache.clear()
    settings.FILTER_CHOICES_CACHE_SECONDS = 60
    district, commune = client_for(district_officer), client_for(commune_official)
    with CaptureQueriesContext(connection) as first:
        page = district.get("/products/").content.decode()
    with CaptureQueriesContext(connection) as second:
        again = district.get("/products/").content.decode()
    assert len(second) < len(first)
    assert commune_options(again) == commune_options(page)
    assert set(commune_options(page)) == {str(tree.commune.pk), str(tree.other_commune.pk)}
    assert set(commune_options(commune.get("/products/").content.decode())) == {str(tree.commune.pk)}

    added = CommuneFactory(code="31499", name="Lương Tâm", parent=tree.district)
    assert str(added.pk) not in commune_options(district.get("/products/").content.decode())  # kept
    cache.clear()
    assert str(added.pk) in commune_options(district.get("/products/").content.decode())

    mine = ProductFactory(producer__commune=tree.commune, name="Mắm cá lóc Thuận Hòa")
    other = ProductFactory(producer__commune=tree.other_commune, name="Khóm Xà Phiên")
    chosen = district.get("/products/", {"commune": tree.commune.pk}).content.decode()
    assert mine.name in chosen and other.name not in chosen  # a kept choice filters as before
    far = ProductFactory(producer__commune=tree.far_commune, name="Bưởi Vị Thắng")
    outside = district.get("/products/", {"commune": tree.far_commune.pk}).content.decode()
    assert far.name not in outside  # a commune outside the scope is not a valid choice: nothing of it is shown
    assert str(tree.far_commune.pk) not in commune_options(outside)
