"""The reports in the admin: read their state, error and timings (they are made by the worker, not here)."""

from django.contrib import admin

from reporting.models import Report, ReportTransition


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "period_code", "status", "progress", "attempts", "requested_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["unit__name", "unit__code", "period_code"]
    readonly_fields = [f.name for f in Report._meta.fields]
    inlines = [TransitionInline]

    def has_add_permission(self, request):
        return False
