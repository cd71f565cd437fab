from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from org.models import AdministrativeUnit, Agency, Membership
from org.resources import AdministrativeUnitResource


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ImportExportModelAdmin):
    resource_classes = [AdministrativeUnitResource]
    list_display = ["code", "name", "kind", "level", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["level", "path"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "unit"]
    list_filter = ["unit__level"]
    search_fields = ["name", "short_name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "agency", "created_at"]
    list_filter = ["role", "unit__level"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "agency__name"]
    list_select_related = ["user", "unit", "agency"]
    autocomplete_fields = ["user", "unit", "agency"]
