"""The registry in the administration: for the system administrator's look-ups and repairs.

Status changes go through the portal's workflow, so the status and the code are read-only here.
"""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from ocop_portal.amounts import AmountField, AmountInput
from ocop_portal.history_admin import ReadOnlyHistoryAdmin
from products.models import BusinessPlan, Document, Producer, Product, ProductCategory, ProductSet, ProductTransition
from products.phones import PhoneField

# Money is typed as on the portal's forms (its whole-đồng fields are the only big integers of these models).
AMOUNT = {"form_class": AmountField, "widget": AmountInput}
AMOUNTS = {models.PositiveBigIntegerField: AMOUNT, models.BigIntegerField: AMOUNT}


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "ministry"]
    list_filter = ["scheme", "kind"]


@admin.register(ProductSet)
class ProductSetAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "name_en", "category"]
    list_filter = ["scheme"]
    list_select_related = ["category"]


@admin.register(Producer)
class ProducerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_form", "registration_number", "commune"]
    list_filter = ["legal_form"]
    search_fields = ["name", "registration_number", "representative"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune", "created_by"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "phone":
            kwargs["form_class"] = PhoneField  # stored compact, as the portal's form stores it
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TransitionInline(admin.TabularInline):
    model = ProductTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "original_name", "issued_on", "expires_on", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "uploaded_by", "uploaded_at"]


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "status", "commune", "producer", "product_set", "year"]
    list_filter = ["status", "kind", "year", "product_set"]
    search_fields = ["name", "code", "producer__name"]
    list_select_related = ["commune", "producer", "product_set"]
    readonly_fields = ["status", "code", "submitted_at"]
    raw_id_fields = ["producer", "commune", "created_by"]
    formfield_overrides = AMOUNTS
    inlines = [DocumentInline, TransitionInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["original_name", "kind", "product", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "product__name"]
    list_select_related = ["product"]


@admin.register(BusinessPlan)
class BusinessPlanAdmin(admin.ModelAdmin):
    list_display = ["product", "investment", "budget_support"]
    formfield_overrides = AMOUNTS
    raw_id_fields = ["product", "document"]
