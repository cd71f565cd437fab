"""Dossier files are served only through here, after the same scope check as their product."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from products import services
from products.selectors import documents_visible_to
from products.views.common import ScopedObjectMixin, stored_file_response


class DocumentFileView(ScopedObjectMixin, View):
    permission_required = "products.view_record"
    scoped_queryset = documents_visible_to

    def get_permission_object(self):
        return self.object.product

    def get(self, request, *args, **kwargs):
        document = self.object
        return stored_file_response(document.file, document.content_type, document.original_name)


class DocumentDeleteView(ScopedObjectMixin, View):
    http_method_names = ["post"]
    permission_required = "products.delete_document"
    scoped_queryset = documents_visible_to

    def post(self, request, *args, **kwargs):
        product_pk, name = self.object.product_id, self.object.original_name
        try:
            services.delete_document(self.object)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Removed %(name)s.") % {"name": name})
        return redirect("products:product_detail", pk=product_pk)
