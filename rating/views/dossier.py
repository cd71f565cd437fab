"""What a council member reads of an entry while scoring it: the producer, the product's idea form, its dossier
documents, the business plan and the office's checks, read-only, from the sheet. Found through
selectors.dossier_entries_for: a seat on the round's council, nothing else of the registry (404 otherwise)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from products.models import BusinessPlan
from products.views.common import stored_file_response
from products.views.records import idea_fields
from rating.selectors import dossier_entries_for


class EntryDossierMixin(LoginRequiredMixin):
    @cached_property
    def entry(self):
        return get_object_or_404(dossier_entries_for(self.request.user), round_id=self.kwargs["pk"],
                                 pk=self.kwargs["entry_pk"])  # fmt: skip


class EntryDossierView(EntryDossierMixin, TemplateView):
    template_name = "rating/entry_dossier.html"

    def get_context_data(self, **kwargs):
        entry = self.entry
        product = entry.product
        own_sheet = entry.score_sheets.filter(seat__user=self.request.user).first()
        return super().get_context_data(
            entry=entry,
            round=entry.round,
            product=product,
            producer=product.producer,
            fields=idea_fields(product),
            documents=product.documents.order_by("kind", "-uploaded_at", "-pk"),
            plan=BusinessPlan.objects.filter(product=product).first(),
            own_sheet=own_sheet,
            **kwargs,
        )


class EntryDocumentView(EntryDossierMixin, View):
    """A document of the entry's dossier, for the council (served as the registry serves it)."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(self.entry.product.documents.all(), pk=kwargs["document_pk"])
        return stored_file_response(document.file, document.content_type, document.original_name)
