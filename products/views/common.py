"""What the registry's screens share (and the other apps' too): scoped lists with filters and pages, 404-then-403
object access, stored files served after the scope check."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from ocop_portal.paging import KeysFirstPagination
from products.models import Producer, Product
from products.selectors import communes_visible_to

PAGE_SIZE = 25
# Shown in the browser; anything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def stored_file_response(field, content_type, filename):
    """An uploaded file (already found in the user's scope), with headers that stop it acting as a page."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, content_type=content_type, as_attachment=content_type not in INLINE_TYPES, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    return response


class ScopedObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Find the object in the user's scope (else 404), then check the permission on it (else 403)."""

    scoped_queryset = None  # callable(user) -> queryset

    @cached_property
    def object(self):
        return get_object_or_404(type(self).scoped_queryset(self.request.user), pk=self.kwargs["pk"])

    def get_object(self, queryset=None):
        return self.object  # what DetailView asks for: the object already found in scope

    def get_permission_object(self):
        return self.object

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # to the sign-in page
        self.object  # noqa: B018  (404 before 403)
        return super().dispatch(request, *args, **kwargs)


class FilteredListView(LoginRequiredMixin, PermissionRequiredMixin, KeysFirstPagination, ListView):
    """A scoped list with django-filter search, filters and sorting, paginated."""

    permission_required = "products.list_records"
    filterset_class = None
    paginate_by = PAGE_SIZE
    count_depends_on = (Product, Producer)  # what the registry lists' scopes and filters read

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None,
            queryset=self.base_queryset(),
            communes=communes_visible_to(self.request.user),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        filtered = any(value for key, value in self.request.GET.items() if key not in ("page", "sort"))
        return super().get_context_data(filter=self.filterset, filtered=filtered, **kwargs)
