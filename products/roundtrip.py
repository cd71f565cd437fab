"""Excel round trips: a file exported from a list and imported back changes only what was changed.

A product row with a code ("Mã sản phẩm", as the export writes it) updates that product, a row without one is a
new idea; a producer row whose registration number is one of the user's producers updates that producer. The code
and the status are read-only: a status changed in the file is refused by row. The resource records, for every row,
what the import does with it (`RowOutcome`: new, updated with the fields that change, unchanged), which the import
page shows before anything is saved; an unchanged row is skipped.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from products.models import Product
from products.search import fold
from products.selectors import producers_for_registration, products_visible_to
from products.widgets import is_blank

CODE = "Mã sản phẩm"
STATUS = "Trạng thái"
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class RowOutcome:
    kind: str  # NEW, UPDATED or UNCHANGED
    label: str = ""  # what is updated: the product's code, the producer's registration number
    fields: list = field(default_factory=list)  # the column names of the values that change
    duplicate_of: str | int = ""  # a new product that looks like one its producer has (or an earlier row's number)


def _text(value):
    if is_blank(value):
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


class RoundTripMixin:
    """For a ModelResource of one user (ScopedResource): rows naming an existing record update it.

    Subclasses give `existing()` ({key: record the user may see}), `key_of(row)`, `may_change(record)`, the
    message when it may not, and `read_only(record, row)` (problems with read-only columns)."""

    optional_columns = ()  # columns an exported file has and a template need not

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._names = None
        self.outcomes = {}
        self._known = None
        self._seen = {}
        self._before = None

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number")
        super().before_import_row(row, **kwargs)

    def known(self):
        if self._known is None:
            self._known = self.existing()
        return self._known

    def get_or_init_instance(self, instance_loader, row):
        self._before = None
        key = self.key_of(row)
        if not key:
            return self.init_instance(row), True
        record = self.known().get(key)
        if record is None:
            return self.unknown(row, key)
        if key in self._seen:
            raise ValidationError({self.key_attribute: _("The same record as row %(row)s.") % {"row": self._seen[key]}})
        self._seen[key] = self._row_number
        problems = self.read_only(record, row)
        if problems:
            raise ValidationError(problems)
        # Its values before the row is applied (compared in skip_row; cheaper than the library's deep copy).
        self._before = {
            f.attribute: self.compared(record, f.attribute) for f in self.get_import_fields() if f.attribute
        }
        return record, False

    def unknown(self, row, key):
        """A key the user has no record for: a new record (producers) or a refusal (products)."""
        return self.init_instance(row), True

    def duplicate_of(self, instance, number):
        return ""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        number = self._row_number
        if instance.pk is None:
            self.outcomes[number] = RowOutcome(NEW, duplicate_of=self.duplicate_of(instance, number))
            return False
        before = self._before or {}
        changed = [
            f.column_name
            for f in self.get_import_fields()
            if f.attribute and before.get(f.attribute) != self.compared(instance, f.attribute)
        ]
        label = self.label_of(instance)
        if not changed and not import_validation_errors:
            self.outcomes[number] = RowOutcome(UNCHANGED, label)
            return True
        if changed and not self.may_change(instance):
            raise ValidationError({self.key_attribute: self.refusal(instance)})
        self.outcomes[number] = RowOutcome(UPDATED, label, changed)
        return False

    @staticmethod
    def compared(record, attribute):
        """A field's value as compared: a foreign key's id (no query), else the value."""
        key = f"{attribute}_id"
        return getattr(record, key) if hasattr(record, key) else getattr(record, attribute, None)

    def columns(self):
        return [c for c in super().columns() if c not in self.optional_columns]


class ProductRoundTrip(RoundTripMixin):
    optional_columns = (CODE, STATUS)
    extra_columns = {"code": CODE, "status": STATUS}
    key_attribute = "code"

    def existing(self):
        return {p.code: p for p in products_visible_to(self.user).exclude(code="")}

    def key_of(self, row):
        return _text(row.get(CODE))

    def label_of(self, product):
        return product.code

    def unknown(self, row, key):
        raise ValidationError({"code": _("No product of yours has the code “%(code)s”.") % {"code": key}})

    def read_only(self, product, row):
        written = _text(row.get(STATUS))
        if written and written not in (product.status, str(product.get_status_display())):
            return {"status": _("The status is read-only (it is “%(status)s”): change it on the product's page.")
                    % {"status": product.get_status_display()}}  # fmt: skip
        return {}

    def may_change(self, product):
        return self.user.has_perm("products.change_product_record", product)

    def duplicate_of(self, product, number):
        """What a new product looks like (products.selectors.likely_duplicates, in one query for the file): a
        product its producer has, or an earlier row of the file."""
        if getattr(self, "_names", None) is None:
            stored = Product.objects.filter(producer__in=producers_for_registration(self.user)).values_list(
                "producer_id", "search_text", "code", "name"
            )
            self._names = {(producer, text): code or name for producer, text, code, name in stored}
        key = (product.producer_id, fold(product.name))
        if key in self._names:
            return self._names[key]  # a code or name, or the number of an earlier row of the file
        self._names[key] = number
        return ""

    def refusal(self, product):
        return _("%(code)s can no longer be changed from a file: it is “%(status)s”.") % {
            "code": product.code, "status": product.get_status_display(),
        }  # fmt: skip


class ProducerRoundTrip(RoundTripMixin):
    key_attribute = "registration_number"

    def existing(self):
        return {p.registration_number: p for p in producers_for_registration(self.user).exclude(registration_number="")}

    def key_of(self, row):
        return _text(row.get("Mã số ĐKKD"))

    def label_of(self, producer):
        return producer.registration_number

    def read_only(self, producer, row):
        return {}

    def may_change(self, producer):
        return self.user.has_perm("products.change_producer_record", producer)

    def refusal(self, producer):
        return _("%(name)s is not a producer you register for.") % {"name": producer.name}
