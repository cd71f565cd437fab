"""The province OCOP officer's page for the province's register of earlier recognitions: upload the .xlsx, see
what it would do (new, already imported, near producers to confirm, rows without a decision), then apply.

The province is in the URL: found among the units the user sees (else 404), then only its province officer (or
a superuser) may import (else 403). The upload is checked by content and size (products.uploads); the checked
file waits in storage under a token kept in the session until it is applied, like the products' Excel import.
"""

import uuid

from crispy_forms.layout import Field
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.enums import Level
from org.forms import submit_helper
from org.selectors import units_visible_to
from products.uploads import XLSX, validate_upload
from products.views.common import ScopedObjectMixin
from rating import register

SHOWN_ROWS = 200  # rows of each kind listed on the preview (the counts are whole)


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The province's OCOP register (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(gettext_lazy("Check the file"), Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=(XLSX,), limit_mb=settings.IMPORT_MAX_MB)
        upload.seek(0)
        return upload


class ProvinceRegisterMixin(ScopedObjectMixin):
    permission_required = "rating.import_register"
    template_name = "rating/register/import.html"

    @cached_property
    def object(self):
        provinces = units_visible_to(self.request.user).filter(level=Level.PROVINCE)
        return get_object_or_404(provinces, code=self.kwargs["code"])

    def session_key(self):
        return f"rating-register-{self.object.code}"

    def page(self, request, form=None, **context):
        return render(request, self.template_name, {
            "province": self.object, "form": form or RegisterUploadForm(), "columns": register.COLUMNS,
            "shown_rows": SHOWN_ROWS, **context,
        })  # fmt: skip

    def pending(self, request):
        pending = request.session.get(self.session_key())
        if pending and pending["token"] == request.POST.get("token") and default_storage.exists(pending["name"]):
            return pending
        return None

    def forget(self, request):
        pending = request.session.pop(self.session_key(), None)
        if pending and default_storage.exists(pending["name"]):
            default_storage.delete(pending["name"])


def choices_from(post):
    return {key[len("near-") :]: value for key, value in post.items() if key.startswith("near-")}


class RegisterImportView(ProvinceRegisterMixin, View):
    """GET: the form. POST (file): the preview, nothing saved; the file kept under a token for the apply."""

    def get(self, request, code):
        return self.page(request)

    def post(self, request, code):
        form = RegisterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form)
        content = form.cleaned_data["file"].read()
        try:
            plan = register.preview(self.object, content)
        except register.RegisterError as error:
            return self.page(request, form, problems=error.problems)
        if plan.problems:
            return self.page(request, form, problems=plan.problems)
        self.forget(request)  # a newer check replaces an unapplied one
        token = uuid.uuid4().hex
        name = default_storage.save(f"imports/register-{request.user.pk}-{token}.xlsx", ContentFile(content))
        request.session[self.session_key()] = {"token": token, "name": name, "file": form.cleaned_data["file"].name}
        return self.page(request, form, plan=plan, token=token, filename=form.cleaned_data["file"].name)


class RegisterApplyView(ProvinceRegisterMixin, View):
    """POST (token and a choice per near match): the import, all or nothing."""

    http_method_names = ["post"]

    def post(self, request, code):
        pending = self.pending(request)
        if pending is None:
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect("certificates:register_import", code=self.object.code)
        with default_storage.open(pending["name"], "rb") as handle:
            content = handle.read()
        choices = choices_from(request.POST)
        try:
            plan = register.apply(self.object, content, choices, user=request.user)
        except (register.NotReady, register.RegisterError) as error:
            plan = getattr(error, "plan", None)
            if plan is not None and not plan.problems:  # near matches still to choose: the same preview again
                messages.error(request, _("Choose, for each producer with a similar name, whether it is the same."))
                return self.page(request, plan=plan, token=pending["token"], filename=pending["file"])
            self.forget(request)
            return self.page(request, problems=register.problems_of(error))
        self.forget(request)
        counts = plan.counts
        messages.success(request, _(
            "Register imported from %(file)s: %(new)s recognitions recorded (%(flagged)s without a decision), "
            "%(existing)s already there."
        ) % {"file": pending["file"], **counts})  # fmt: skip
        return redirect(f"{reverse('certificates:certificate_list')}?source=register")
