from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from org.models import AdministrativeUnit, Agency, BodyName, Membership, Succession
from org.resources import AdministrativeUnitResource


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ImportExportModelAdmin):
    resource_classes = [AdministrativeUnitResource]
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_until"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["level", "path", "inherited_own", "inherited_below"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "unit"]
    list_filter = ["unit__level"]
    search_fields = ["name", "short_name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "agency", "created_at", "ended_at"]
    list_filter = ["role", "unit__level"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "agency__name"]
    list_select_related = ["user", "unit", "agency"]
    autocomplete_fields = ["user", "unit", "agency"]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    """Successions are recorded by a reorganisation file (org.reorganisation), which also works out the scope they
    give (org.succession): read only here."""

    list_display = ["predecessor", "successor", "effective_on", "legal_basis", "recorded_by", "recorded_at"]
    search_fields = ["predecessor__name", "predecessor__code", "successor__name", "successor__code"]
    list_select_related = ["predecessor", "successor", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BodyName)
class BodyNameAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind", "unit", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["name", "abbreviation", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
