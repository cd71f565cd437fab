"""The product classification of QĐ 1048 Phụ lục I: sectors → groups → subgroups → 26 product sets.

Loaded from products/data/classification_1048.json by a data migration. The rating app hangs the
criteria of each set on ProductSet.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from products.enums import CategoryKind

SCHEME_1048 = "1048/QĐ-TTg"


class LocalisedName(models.Model):
    """Official Vietnamese name, with an English name for the second language."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self):
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name


class ProductCategory(LocalisedName):
    scheme = models.CharField(_("classification"), max_length=40, default=SCHEME_1048)
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=CategoryKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    ministry = models.CharField(_("lead ministry"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="category_code_unique")]

    def __str__(self):
        return f"{self.code} {self.display_name}"

    @property
    def sector_code(self):
        return self.code.split(".")[0]


class ProductSet(LocalisedName):
    """A 'bộ sản phẩm': the set whose scoring sheet a product is rated on."""

    scheme = models.CharField(_("classification"), max_length=40, default=SCHEME_1048)
    number = models.PositiveSmallIntegerField(_("number"))
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="product_sets"
    )

    class Meta:
        verbose_name = _("product set")
        verbose_name_plural = _("product sets")
        ordering = ["scheme", "number"]
        constraints = [models.UniqueConstraint(fields=["scheme", "number"], name="product_set_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.display_name}"
