"""Excel import and export of producers and product ideas (django-import-export).

Column headers are the Vietnamese ones of the paper sheets, whatever the interface language; the error
messages follow the user's language. Lookups (communes, producers) only find what the user may use, so a
commune outside the user's area is reported as unknown.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources

from products.enums import LegalForm, Novelty, ProductStatus, RegistrationKind, Stage
from products.models import Producer, Product, ProductTransition
from products.models.records import current_year
from products.roundtrip import CODE, STATUS, ProducerRoundTrip, ProductRoundTrip
from products.selectors import communes_for_registration, producers_for_registration, product_sets
from products.widgets import (
    ChoiceWidget,
    LookupWidget,
    PhoneWidget,
    TextWidget,
    WholeNumberWidget,
    index_by,
    is_blank,
)


def _commune_keys(unit):
    return [unit.code, unit.name, str(unit), f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.name]


def commune_widget(user):
    return LookupWidget(
        communes_for_registration(user),
        keys=_commune_keys,
        unknown_message=lambda: _("Unknown commune “%(value)s”, or not in your area."),
        render_key=lambda unit: unit.name,
    )


class ProducerWidget(LookupWidget):
    """A producer by registration number, or by name within the row's commune."""

    def __init__(self, user, communes):
        super().__init__(
            producers_for_registration(user),
            keys=lambda p: [p.registration_number] if p.registration_number else [],
            unknown_message=lambda: _("Unknown producer “%(value)s” in this commune: import the producer first."),
            render_key=lambda producer: producer.name,
        )
        self.communes = communes
        self._by_name = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        found = self.find(self.lookup, text)
        if found is not None:
            return found
        if self._by_name is None:
            self._by_name = index_by(self.objects, lambda p: [f"{p.commune_id}|{p.name}"])
        try:
            commune = self.communes.clean((row or {}).get(COMMUNE))
        except ValueError:
            commune = None
        try:
            found = commune and self.find(self._by_name, f"{commune.pk}|{text}")
        except ValueError:
            raise ValueError(
                _("“%(value)s” matches more than one producer of this commune: write the registration number.")
                % {"value": value}
            ) from None
        if found is None:
            raise ValueError(self.unknown_message() % {"value": value})
        return found


COMMUNE = "Xã"


def text(column, attribute):
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget())


def number(column, attribute):
    return fields.Field(attribute=attribute, column_name=column, widget=WholeNumberWidget())


def choice(column, attribute, choices, message, aliases=None):
    return fields.Field(attribute=attribute, column_name=column, widget=ChoiceWidget(choices, message, aliases))


# The short names people write in their sheets, besides the full labels and the codes.
LEGAL_FORM_ALIASES = {
    "Hộ kinh doanh": LegalForm.HOUSEHOLD,
    "HKD": LegalForm.HOUSEHOLD,
    "THT": LegalForm.COOPERATIVE_GROUP,
    "Tổ hợp tác": LegalForm.COOPERATIVE_GROUP,
    "Công ty TNHH 1 thành viên": LegalForm.LLC_ONE_MEMBER,
    "DNTN": LegalForm.PRIVATE_ENTERPRISE,
    "Công ty TNHH 2 thành viên trở lên": LegalForm.LLC_MULTI_MEMBER,
    "Hợp tác xã": LegalForm.COOPERATIVE,
    "HTX": LegalForm.COOPERATIVE,
}


class ScopedResource(resources.ModelResource):
    """Resources built for one user; rows naming an existing record update it (products.roundtrip)."""

    def __init__(self, user, **kwargs):
        self.user = user
        self._lookup_attributes = None
        super().__init__(**kwargs)

    def before_import(self, dataset, **kwargs):
        # Drop rows left empty (at the bottom of a sheet, or cleared in the middle), noting the sheet row of each
        # row kept so that errors name the row Excel shows (products.excel.row_errors).
        first = getattr(dataset, "header_row", 1) + 1
        empty = {i for i, row in enumerate(dataset) if all(is_blank(cell) for cell in row)}
        dataset.sheet_rows = [first + i for i in range(len(dataset)) if i not in empty]
        for index in sorted(empty, reverse=True):
            del dataset[index]

    def columns(self):
        return [field.column_name for field in self.get_import_fields()]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's rules for each row, except re-checking that looked-up foreign keys exist: the lookup
        widgets found them among the user's own (one SELECT per key per row saved on a 10,000-row sheet)."""
        if self._lookup_attributes is None:
            self._lookup_attributes = [
                f.attribute for f in self.get_import_fields() if isinstance(f.widget, LookupWidget)
            ]
        looked_up = [name for name in self._lookup_attributes if getattr(instance, f"{name}_id", None)]
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *looked_up], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class ProducerResource(ProducerRoundTrip, ScopedResource):
    name = text("Tên chủ thể", "name")
    legal_form = choice(
        "Loại hình", "legal_form", LegalForm, lambda: _("Unknown legal form “%(value)s”."), LEGAL_FORM_ALIASES
    )
    registration_number = text("Mã số ĐKKD", "registration_number")
    representative = text("Người đại diện", "representative")
    phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=PhoneWidget())
    commune = fields.Field(attribute="commune", column_name=COMMUNE)
    hamlet = text("Ấp", "hamlet")
    community_capital_pct = number("Vốn cộng đồng (%)", "community_capital_pct")
    members_count = number("Số thành viên", "members_count")
    workers_count = number("Số lao động", "workers_count")

    class Meta:
        model = Producer
        fields = (
            "name", "legal_form", "registration_number", "representative", "phone", "commune", "hamlet",
            "community_capital_pct", "members_count", "workers_count",
        )  # fmt: skip
        clean_model_instances = True
        skip_diff = True  # products.roundtrip compares a row with what it updates
        use_transactions = True

    def __init__(self, user, **kwargs):
        super().__init__(user, **kwargs)
        self.fields["commune"].widget = commune_widget(user)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.created_by = self.user
        instance._history_user = self.user


class ProductResource(ProductRoundTrip, ScopedResource):
    kind = choice(
        "Loại đăng ký",
        "kind",
        RegistrationKind,
        lambda: _("Unknown registration kind “%(value)s”."),
        {"Biểu 01": RegistrationKind.NEW_IDEA, "Biểu 02": RegistrationKind.EXISTING, "01": "new", "02": "existing"},
    )
    name = text("Tên sản phẩm", "name")
    producer = fields.Field(attribute="producer", column_name="Chủ thể (mã số ĐKKD hoặc tên)")
    commune = fields.Field(attribute="commune", column_name=COMMUNE)
    product_set = fields.Field(attribute="product_set", column_name="Bộ sản phẩm (số)")
    year = number("Năm đăng ký", "year")
    value_proposition = text("Giá trị cốt lõi", "value_proposition")
    packaging = text("Quy cách đóng gói", "packaging")
    brand = text("Thương hiệu dự kiến", "brand")
    target_market = text("Thị trường mục tiêu", "target_market")
    raw_materials = text("Nguyên liệu và nguồn gốc", "raw_materials")
    local_material_pct = number("Tỷ lệ nguyên liệu địa phương (%)", "local_material_pct")
    capacity = text("Công suất/năm", "capacity")
    expected_price = number("Giá bán dự kiến (đồng)", "expected_price")
    story = text("Câu chuyện sản phẩm", "story")
    novelty = choice("Tính mới", "novelty", Novelty, lambda: _("Unknown novelty “%(value)s”."))
    stage = choice("Giai đoạn", "stage", Stage, lambda: _("Unknown development stage “%(value)s”."))
    workers_total = number("Số lao động", "workers_total")
    workers_local = number("Lao động trong huyện", "workers_local")
    capital_needed = number("Vốn cần (đồng)", "capital_needed")
    support_needed = text("Hỗ trợ cần", "support_needed")

    class Meta:
        model = Product
        fields = (
            "kind", "name", "producer", "commune", "product_set", "year", "value_proposition", "packaging",
            "brand", "target_market", "raw_materials", "local_material_pct", "capacity", "expected_price", "story",
            "novelty", "stage", "workers_total", "workers_local", "capital_needed", "support_needed",
        )  # fmt: skip
        clean_model_instances = True
        skip_diff = True  # products.roundtrip compares a row with what it updates
        use_transactions = True
        use_bulk = True
        batch_size = 500

    def __init__(self, user, **kwargs):
        super().__init__(user, **kwargs)
        communes = commune_widget(user)
        self.fields["commune"].widget = communes
        self.fields["producer"].widget = ProducerWidget(user, communes)
        self.fields["product_set"].widget = LookupWidget(
            product_sets(),
            keys=lambda s: [str(s.number), s.name, s.name_en, f"{s.number}. {s.name}"],
            unknown_message=lambda: _("Unknown product set “%(value)s”: use its number, 1 to 26."),
            render_key=lambda s: s.number,
        )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.year is None:
            instance.year = current_year()

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.created_by = self.user
        else:
            instance.updated_at = timezone.now()

    def get_bulk_update_fields(self):
        return [*super().get_bulk_update_fields(), "updated_at"]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Products updated from a file go in by batches too, each with its history row by the importer."""
        products = list(self.update_instances)
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if products:
            Product.history.bulk_history_create(products, batch_size=batch_size, update=True,
                                                default_user=self.user)  # fmt: skip

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Products go in by batches (use_bulk), and so do their first history rows. Each row was validated on
        its own before, so errors keep their row numbers; the producer import stays row by row because a
        registration number repeated within the file is caught only that way."""
        products = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if products and products[0].pk is not None:
            ProductTransition.objects.bulk_create(
                [ProductTransition(product=p, from_status="", to_status=p.status, actor=self.user) for p in products],
                batch_size=batch_size,
            )
            # bulk_create skips save(), so the audit history gets its first rows here, by the importer.
            Product.history.bulk_history_create(products, batch_size=batch_size, default_user=self.user)


class ProductExportResource(ProductResource):
    """The export adds what the district assigns: the code and the status."""

    code = text(CODE, "code")
    status = choice(STATUS, "status", ProductStatus, lambda: "%(value)s")

    class Meta(ProductResource.Meta):
        fields = ("code", "status", *ProductResource.Meta.fields)
        export_order = fields


RESOURCES = {"producers": ProducerResource, "products": ProductResource}
