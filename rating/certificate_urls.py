"""Certificate screens for signed-in users (mounted at /rating/certificates/)."""

from django.urls import path

from rating.views import certificates, register

app_name = "certificates"

urlpatterns = [
    path("", certificates.CertificateListView.as_view(), name="certificate_list"),
    path("<int:pk>/", certificates.CertificateDetailView.as_view(), name="certificate_detail"),
    path("<int:pk>/pdf/", certificates.CertificatePdfView.as_view(), name="certificate_pdf"),
    path("<int:pk>/revoke/", certificates.CertificateRevokeView.as_view(), name="certificate_revoke"),
    path("register/<str:code>/", register.RegisterImportView.as_view(), name="register_import"),
    path("register/<str:code>/apply/", register.RegisterApplyView.as_view(), name="register_apply"),
    path("issue/<int:entry_pk>/", certificates.CertificateIssueView.as_view(), name="certificate_issue"),
]
