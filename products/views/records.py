"""Product screens: list, detail (with dossier and history), add and edit, workflow actions, business plan."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from rules.contrib.views import PermissionRequiredMixin

from ocop_portal import history
from products import services, versions, workflow
from products.enums import EDITABLE_STATUSES, DocumentKind
from products.filters import ProductFilter
from products.forms import BusinessPlanForm, DocumentForm, ProductForm, TransitionForm
from products.models import BusinessPlan, Document, Product
from products.selectors import producers_for_registration, product_detail_for, product_sets, products_visible_to
from products.templatetags.products_tags import dong
from products.views.common import FilteredListView, ScopedObjectMixin


class ProductListView(FilteredListView):
    template_name = "products/product_list.html"
    context_object_name = "products"
    filterset_class = ProductFilter

    def base_queryset(self):
        return products_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("products.add_record"), **kwargs)


IDEA_FIELDS = (
    "value_proposition", "packaging", "brand", "target_market", "raw_materials", "local_material_pct", "capacity",
    "expected_price", "story", "novelty", "stage", "workers_total", "workers_local", "capital_needed",
    "support_needed",
)  # fmt: skip
MONEY_FIELDS = ("expected_price", "capital_needed")


def idea_fields(product):
    """(label, text) of the idea form's fields, for the product page."""
    rows = []
    for name in IDEA_FIELDS:
        field = Product._meta.get_field(name)
        value = getattr(product, name)
        if field.choices:
            value = getattr(product, f"get_{name}_display")() if value else ""
        elif name in MONEY_FIELDS:
            value = dong(value) if value is not None else ""
        elif value is not None:
            value = str(value)
        rows.append((capfirst(field.verbose_name), value or ""))
    return rows


class ProductDetailView(ScopedObjectMixin, DetailView):
    template_name = "products/product_detail.html"
    context_object_name = "product"
    permission_required = "products.view_record"
    scoped_queryset = product_detail_for

    def get_context_data(self, **kwargs):
        user, product = self.request.user, self.object
        today = timezone.localdate()
        documents = [
            (document, document.expiry_state(today), user.has_perm("products.delete_document", document))
            for document in product.documents.all()
        ]
        required = settings.DOSSIER_REQUIRED_DOCUMENTS
        if product.status in EDITABLE_STATUSES:
            next_needed = services.required_documents_missing(product, settings.SUBMISSION_REQUIRED_DOCUMENTS)
        else:
            next_needed = services.required_documents_missing(product, required)
        return super().get_context_data(
            documents=documents,
            today=today,
            missing_for_next=next(iter(next_needed), ""),
            fields=idea_fields(product),
            flagged=[document for document, state, _removable in documents if state],
            missing=[DocumentKind(kind).label for kind in services.required_documents_missing(product, required)],
            transitions=[
                (workflow.shown(t, product), workflow.first_problem(product, t))
                for t in workflow.available_to(user, product)
            ],
            transition_form=TransitionForm(),
            history=list(product.transitions.all()),
            audit=history.trail(
                history.source(Product.history.filter(id=product.pk)),
                history.source(
                    Document.history.filter(product_id=product.pk), describe=lambda record: str(record.instance)
                ),
                everything=history.wants_everything(self.request),
            ),
            plan=getattr(product, "business_plan", None),
            # Recognitions from the province's register, which have no rating entry (the rating app's relation).
            registered=list(product.certificates.filter(entry__isnull=True).order_by("-decision_date", "-pk")),
            can_edit=user.has_perm("products.change_product_record", product),
            can_change_dossier=user.has_perm("products.change_dossier", product),
            can_edit_plan=user.has_perm("products.change_business_plan", product),
            document_form=DocumentForm(),
            **kwargs,
        )


class ProductFormMixin:
    template_name = "products/product_form.html"
    form_class = ProductForm

    def get_form_kwargs(self):
        producers = producers_for_registration(self.request.user)
        return {
            **super().get_form_kwargs(),
            "instance": self.get_instance(),
            "producers": producers,
            "product_sets": product_sets(),
            "initial": {"producer": self.request.GET.get("producer")} if not self.get_instance() else {},
        }

    def form_valid(self, form):
        try:
            product = services.save_product(
                form.save(commit=False), user=self.request.user, version=form.cleaned_data.get("version")
            )
        except versions.StaleEdit as conflict:
            return versions.refuse(self, form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(name)s.") % {"name": product.name})
        return redirect("products:product_detail", pk=product.pk)


class ProductCreateView(LoginRequiredMixin, PermissionRequiredMixin, ProductFormMixin, FormView):
    permission_required = "products.add_record"

    def get_instance(self):
        return None


class ProductUpdateView(ScopedObjectMixin, ProductFormMixin, FormView):
    permission_required = "products.change_product_record"
    scoped_queryset = products_visible_to

    def get_instance(self):
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.object, **kwargs)


class TransitionView(ScopedObjectMixin, FormView):
    """POST an action (submit, return, accept…) with an optional note."""

    http_method_names = ["post"]
    form_class = TransitionForm
    permission_required = "products.view_record"
    scoped_queryset = products_visible_to

    def form_valid(self, form):
        action = self.kwargs["action"]
        try:
            workflow.apply(self.object, action, user=self.request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
        else:
            transition = workflow.TRANSITIONS[action]
            messages.success(self.request, _("Done: %(action)s.") % {"action": transition.label})
        return redirect("products:product_detail", pk=self.object.pk)

    def form_invalid(self, form):
        return redirect("products:product_detail", pk=self.object.pk)


class BusinessPlanView(ScopedObjectMixin, FormView):
    template_name = "products/business_plan_form.html"
    form_class = BusinessPlanForm
    permission_required = "products.change_business_plan"
    scoped_queryset = products_visible_to

    def get_form_kwargs(self):
        plan = BusinessPlan.objects.filter(product=self.object).first() or BusinessPlan(product=self.object)
        return {**super().get_form_kwargs(), "instance": plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.save_business_plan(
                form.save(commit=False), user=self.request.user, upload=form.cleaned_data.get("upload")
            )
        except ValidationError as error:
            upload_problem = getattr(error, "code", None) in ("too_big", "bad_content", "name_mismatch", "empty")
            form.add_error("upload" if upload_problem else None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The business plan is saved. Submit it when it is complete."))
        return redirect("products:product_detail", pk=self.object.pk)


class DocumentUploadView(ScopedObjectMixin, FormView):
    template_name = "products/document_form.html"
    form_class = DocumentForm
    permission_required = "products.change_dossier"
    scoped_queryset = products_visible_to

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in DocumentKind.values else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.object, max_mb=settings.UPLOAD_MAX_MB, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.add_document(
                self.object,
                user=self.request.user,
                kind=data["kind"],
                upload=data["upload"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None if getattr(error, "code", None) == "moved_on" else "upload", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Uploaded %(name)s.") % {"name": document.original_name})
        return redirect("products:product_detail", pk=self.object.pk)
