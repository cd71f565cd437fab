"""Rule sets and scoring sheets in the administration, with .xlsx export and import (rating/criteria_xlsx/)."""

import io
import zipfile

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ocop_portal.history_admin import ReadOnlyHistoryAdmin
from products.uploads import XLSX, validate_upload
from rating import criteria_xlsx
from rating.models import Certificate, Entry, Part, PreAssessment, ProvinceProcedure, Round, RuleSet, ScoreSheet, Sheet


class CriteriaImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
    code = forms.CharField(
        label=_("Import under the code"), max_length=40, required=False,
        help_text=_("Leave empty to use the code written in the workbook."),
    )  # fmt: skip
    replace = forms.BooleanField(
        label=_("Replace the scoring sheets of an existing rule set"), required=False,
        help_text=_("Refused for a rule set that rating rounds use."),
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=(XLSX,))
        return upload


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "effective_from", "effective_to", "sheet_count"]
    search_fields = ["code", "name"]
    actions = ["export_xlsx"]
    change_list_template = "admin/rating/ruleset/change_list.html"

    # The numbers a round's results depend on: fixed once a round uses the rule set.
    IN_USE_READONLY = ["code", "part_maxima", "star_bands", "spread_limit", "validity_months", "council_sizes",
                       "forward_thresholds", "recognised_stars", "classification", "criteria_from", "rating_levels",
                       "pre_assessment_level"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.rounds.exists():
            return self.IN_USE_READONLY
        return super().get_readonly_fields(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_sheets=Count("sheets"))

    @admin.display(description=_("scoring sheets"), ordering="number_of_sheets")
    def sheet_count(self, obj):
        return obj.number_of_sheets

    @admin.action(description=_("Export to .xlsx"))
    def export_xlsx(self, request, queryset):
        rule_sets = list(queryset.order_by("code"))
        if len(rule_sets) == 1:
            response = HttpResponse(criteria_xlsx.export_bytes(rule_sets[0]),
                                    content_type=criteria_xlsx.XLSX_CONTENT_TYPE)  # fmt: skip
            name = criteria_xlsx.file_name(rule_sets[0])
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for rule_set in rule_sets:
                    archive.writestr(criteria_xlsx.file_name(rule_set), criteria_xlsx.export_bytes(rule_set))
            response = HttpResponse(buffer.getvalue(), content_type="application/zip")
            name = "bo-quy-tac.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="rating_ruleset_import"), *super().get_urls()]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CriteriaImportForm(request.POST or None, request.FILES or None)
        errors, warnings = [], []
        if request.method == "POST" and form.is_valid():
            try:
                result = criteria_xlsx.import_workbook(
                    form.cleaned_data["file"], code=form.cleaned_data["code"] or None,
                    replace=form.cleaned_data["replace"],
                )  # fmt: skip
            except criteria_xlsx.CriteriaImportError as error:
                errors, warnings = error.errors, error.warnings
            except ValidationError as error:  # a model rule the workbook's checks did not catch
                errors = error.messages
            else:
                for warning in result.warnings:
                    messages.warning(request, warning)
                text = (gettext("Rule set %(code)s created with %(sheets)d scoring sheets.") if result.created
                        else gettext("Rule set %(code)s updated: %(sheets)d scoring sheets."))  # fmt: skip
                messages.success(request, text % {"code": result.rule_set.code, "sheets": result.sheets})
                return HttpResponseRedirect(reverse("admin:rating_ruleset_change", args=[result.rule_set.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import a rule set from .xlsx"),
            "form": form,
            "errors": errors,
            "warnings": warnings,
        }
        return TemplateResponse(request, "admin/rating/ruleset/import.html", context)


class PartInline(admin.TabularInline):
    model = Part
    extra = 0
    can_delete = False
    fields = ["order", "code", "title", "max_points"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Sheet)
class SheetAdmin(admin.ModelAdmin):
    list_display = ["rule_set", "product_set"]
    list_filter = ["rule_set"]
    list_select_related = ["rule_set", "product_set"]
    readonly_fields = ["rule_set", "product_set"]
    inlines = [PartInline]

    def has_add_permission(self, request):
        return False  # sheets come from a data file or an .xlsx import of their rule set


# Rounds, entries, sheets and certificates change through the app's services only; the admin shows them and
# their change history.
@admin.register(Round)
class RoundAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "level", "status", "year"]
    list_filter = ["level", "status", "year"]
    list_select_related = ["unit"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["product", "round", "stars", "knocked_out"]
    search_fields = ["product__name"]
    list_select_related = ["product", "round__unit"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyHistoryAdmin):
    list_display = ["entry", "seat", "status", "total"]
    list_filter = ["status"]
    list_select_related = ["entry__product", "seat__user"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "decision_number", "product", "origin", "valid_until", "revoked_at"]
    list_filter = ["origin"]
    search_fields = ["number", "decision_number", "product__name"]
    list_select_related = ["product"]


@admin.register(ProvinceProcedure)
class ProvinceProcedureAdmin(admin.ModelAdmin):
    list_display = ["province", "recognition_signer", "advisory_check", "decision"]
    autocomplete_fields = ["province"]


@admin.register(PreAssessment)
class PreAssessmentAdmin(admin.ModelAdmin):
    list_display = ["product", "commune", "product_set", "status", "points"]
    list_filter = ["status", "rule_set"]
    list_select_related = ["product", "commune", "product_set"]
    readonly_fields = ["product", "rule_set", "product_set", "commune", "status", "answers", "points", "entry",
                       "self_assessment", "created_by"]  # fmt: skip
