from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from ocop_portal.amounts import AmountField, AmountInput
from plans.models import Activity, Evidence, Funding, FundingRule, Plan, ProgressReport, ReportTransition, Target, Task

# Money is typed as on the portal's forms (cost and amount are the only big integers of these models).
AMOUNTS = {models.PositiveBigIntegerField: {"form_class": AmountField, "widget": AmountInput}}


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["order", "text", "measure", "target_value", "value_unit", "population", "actual_value"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "number", "signed_on"]
    list_filter = ["year"]
    search_fields = ["title", "number", "unit__name"]
    raw_id_fields = ["unit", "copied_from"]
    inlines = [TargetInline]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "section", "plan", "lead_agency", "due_date", "recurrence"]
    list_filter = ["recurrence", "plan__year"]
    search_fields = ["title", "lead_agency__name"]
    raw_id_fields = ["plan", "lead_agency"]
    filter_horizontal = ["coordinating_agencies"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "agency", "period", "percent_done", "status", "submitted_at"]
    list_filter = ["status", "period"]
    search_fields = ["task__title", "agency__name", "text"]
    raw_id_fields = ["task", "agency", "submitted_by", "reviewed_by"]
    readonly_fields = ["status"]
    inlines = [TransitionInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "held_on", "organiser", "participants", "cost"]
    list_filter = ["kind", "audience"]
    raw_id_fields = ["plan", "organiser"]
    filter_horizontal = ["targets", "producers", "products"]
    formfield_overrides = AMOUNTS


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["spent_on", "source", "programme", "amount", "plan"]
    list_filter = ["source"]
    raw_id_fields = ["plan", "producer", "product", "activity"]
    formfield_overrides = AMOUNTS


@admin.register(FundingRule)
class FundingRuleAdmin(admin.ModelAdmin):
    list_display = ["unit", "source", "programme", "refused_kind", "note"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "task", "report", "target", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["task", "report", "target", "uploaded_by"]
