from django.conf import settings
from django.core.checks import Error, register

from products.enums import DocumentKind


@register()
def check_document_settings(app_configs, **kwargs):
    errors = []
    for name, ident in (
        ("SUBMISSION_REQUIRED_DOCUMENTS", "products.E001"),
        ("DOSSIER_REQUIRED_DOCUMENTS", "products.E002"),
    ):
        unknown = [value for value in getattr(settings, name) if value not in DocumentKind.values]
        if unknown:
            errors.append(
                Error(
                    f"{name} names unknown document types: {', '.join(unknown)}.",
                    hint=f"Use some of: {', '.join(DocumentKind.values)}.",
                    id=ident,
                )
            )
    return errors
