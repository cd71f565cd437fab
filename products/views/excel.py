"""Excel screens: template download, import with a dry-run preview then confirm, export of a filtered list."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from products.excel import (
    check_columns,
    load_sheet,
    read_sheet,
    row_errors,
    safe_dataset,
    sheet_row_of,
    template_workbook,
)
from products.filters import ProducerFilter, ProductFilter
from products.forms import ImportForm
from products.resources import RESOURCES, ProducerResource, ProductExportResource
from products.roundtrip import NEW, UNCHANGED, UPDATED
from products.selectors import communes_visible_to, producer_list_for, products_visible_to
from products.workbooks import filters_in_words, list_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 20
TITLES = {"producers": _("Import producers"), "products": _("Import product ideas")}
# The exported workbook's sheet name and title row, in the user's language.
SHEETS = {
    "producers": (gettext_lazy("Producers"), gettext_lazy("OCOP producer list — exported on %(date)s")),
    "products": (gettext_lazy("Products"), gettext_lazy("OCOP product list — exported on %(date)s")),
}
MONEY_COLUMNS = ("Giá bán dự kiến (đồng)", "Vốn cần (đồng)")


def _resource_for(what, user):
    if what not in RESOURCES:
        raise Http404
    return RESOURCES[what](user)


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def outcomes_of(resource, dataset):
    """What the import does with each row (products.roundtrip): the counts by kind, and the new and updated rows
    (with their sheet row, up to PREVIEW_ROWS × 5) for the page; unchanged rows are only counted."""

    def sheet_row(number):
        return sheet_row_of(dataset, number)

    counts = {NEW: 0, UPDATED: 0, UNCHANGED: 0, "flagged": 0}
    listed = []
    for number, outcome in sorted(resource.outcomes.items()):
        counts[outcome.kind] += 1
        if isinstance(outcome.duplicate_of, int):
            outcome.duplicate_of = _("row %(row)s") % {"row": sheet_row(outcome.duplicate_of)}
        counts["flagged"] += bool(outcome.duplicate_of)
        if outcome.kind != UNCHANGED and (len(listed) < PREVIEW_ROWS * 5 or outcome.duplicate_of):
            listed.append((sheet_row(number), outcome))
    return counts, listed


class ExcelPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "products.add_record"


class TemplateView(ExcelPermissionMixin, View):
    def get(self, request, what):
        content = template_workbook(_resource_for(what, request.user), what, request.user)
        return _download(content, f"ocop-{what}-template.xlsx", XLSX_TYPE)


class ImportView(ExcelPermissionMixin, View):
    """Step 1 (file): a dry run inside a transaction that is rolled back; errors listed by row.
    Step 2 (token): the same file imported for real, all rows or none."""

    template_name = "products/import.html"

    def session_key(self, what):
        return f"products-import-{what}"

    def get(self, request, what):
        _resource_for(what, request.user)
        return self.page(request, what, ImportForm())

    def post(self, request, what):
        resource = _resource_for(what, request.user)
        if "token" in request.POST:
            return self.confirm(request, what, resource)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, what, form)
        upload = form.cleaned_data["file"]
        try:
            dataset = read_sheet(upload, resource.columns())
            check_columns(resource, dataset)
        except ValidationError as error:
            form.add_error("file", error)
            return self.page(request, what, form)
        result = resource.import_data(dataset, dry_run=True, raise_errors=False, rollback_on_validation_errors=True)
        problems = row_errors(resource, result, dataset)
        if problems:
            return self.page(request, what, form, problems=problems, rows=len(dataset))
        self.forget_pending(request, what)  # a newer check replaces an unconfirmed one
        token = uuid.uuid4().hex
        upload.seek(0)
        name = default_storage.save(f"imports/{request.user.pk}-{token}.xlsx", ContentFile(upload.read()))
        counts, listed = outcomes_of(resource, dataset)
        request.session[self.session_key(what)] = {"token": token, "name": name, "file": upload.name,
                                                   "flagged": counts["flagged"]}  # fmt: skip
        return self.page(request, what, form, token=token, rows=len(dataset), counts=counts, outcomes=listed,
                         filename=upload.name)  # fmt: skip

    def confirm(self, request, what, resource):
        pending = request.session.get(self.session_key(what))
        if not pending or pending["token"] != request.POST["token"] or not default_storage.exists(pending["name"]):
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect("products:import", what=what)
        with default_storage.open(pending["name"], "rb") as handle:
            dataset = load_sheet(handle.read(), resource.columns())
        if pending.get("flagged") and request.POST.get("confirm_duplicates") != "on":
            # Likely duplicates are imported only on an explicit confirmation: the preview again, with the box.
            resource.import_data(dataset, dry_run=True, raise_errors=False, rollback_on_validation_errors=True)
            counts, listed = outcomes_of(resource, dataset)
            messages.error(request, _("Some rows look like products their producer already has: tick the box to "
                                      "import them anyway, or correct the file."))  # fmt: skip
            return self.page(request, what, ImportForm(), token=pending["token"], rows=len(dataset), counts=counts,
                             outcomes=listed, filename=pending["file"])  # fmt: skip
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=False, raise_errors=False,
                                          rollback_on_validation_errors=True)  # fmt: skip
            problems = row_errors(resource, result, dataset)
            if problems:
                transaction.set_rollback(True)
        default_storage.delete(pending["name"])
        del request.session[self.session_key(what)]
        if problems:  # the data changed since the preview (e.g. someone registered the same number)
            return self.page(request, what, ImportForm(), problems=problems, rows=len(dataset))
        counts, _listed = outcomes_of(resource, dataset)
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"file": pending["file"], **counts},
        )
        return redirect("products:producer_list" if what == "producers" else "products:product_list")

    def forget_pending(self, request, what):
        pending = request.session.pop(self.session_key(what), None)
        if pending and default_storage.exists(pending["name"]):
            default_storage.delete(pending["name"])

    def page(self, request, what, form, **context):
        return render(request, self.template_name, {"what": what, "title": TITLES[what], "form": form, **context})


class ExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The list as filtered on screen, as .xlsx or .csv."""

    permission_required = "products.list_records"

    def get(self, request, what, fmt):
        user = request.user
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if what == "products":
            resource, base, filter_class = ProductExportResource(user), products_visible_to(user), ProductFilter
        elif what == "producers":
            resource, base, filter_class = ProducerResource(user), producer_list_for(user), ProducerFilter
        else:
            raise Http404
        filterset = filter_class(request.GET or None, queryset=base, communes=communes_visible_to(user))
        dataset = resource.export(filterset.qs)
        today = timezone.localdate()
        stamp = today.strftime("%Y%m%d")
        if fmt == "csv":
            content = "\ufeff" + safe_dataset(dataset).export("csv")  # the BOM lets Excel read Vietnamese letters
            return _download(content.encode("utf-8"), f"ocop-{what}-{stamp}.csv", "text/csv; charset=utf-8")
        sheet_title, title = SHEETS[what]
        content = list_workbook(
            dataset,
            sheet_title=str(sheet_title),
            title=str(title) % {"date": today.strftime("%d/%m/%Y")},
            filters=filters_in_words(filterset) or _("No filter"),
            money_columns=MONEY_COLUMNS,
        )
        return _download(content, f"ocop-{what}-{stamp}.xlsx", XLSX_TYPE)
