from django.urls import path

from reporting.views import dashboard, reports

app_name = "reporting"

urlpatterns = [
    path("", reports.ReportListView.as_view(), name="report_list"),
    path("new/", reports.ReportRequestView.as_view(), name="report_request"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/regenerate/", reports.RegenerateView.as_view(), name="report_regenerate"),
    path("<int:pk>/pdf/", reports.ReportFileView.as_view(), {"fmt": "pdf"}, name="report_pdf"),
    path("<int:pk>/xlsx/", reports.ReportFileView.as_view(), {"fmt": "xlsx"}, name="report_xlsx"),
]
