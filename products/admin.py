"""The registry in the administration: for the system administrator's look-ups and repairs.

Status changes go through the portal's workflow, so the status and the code are read-only here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ocop_portal.history_admin import ReadOnlyHistoryAdmin
from products.models import BusinessPlan, Document, Producer, Product, ProductCategory, ProductSet, ProductTransition


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
    raw_id_fields = ["product", "document"]
