from django.urls import path

from products.views import documents, excel, producers, records

app_name = "products"

urlpatterns = [
    path("", records.ProductListView.as_view(), name="product_list"),
    path("add/", records.ProductCreateView.as_view(), name="product_add"),
    path("<int:pk>/", records.ProductDetailView.as_view(), name="product_detail"),
    path("<int:pk>/edit/", records.ProductUpdateView.as_view(), name="product_edit"),
    path("<int:pk>/action/<slug:action>/", records.TransitionView.as_view(), name="product_action"),
    path("<int:pk>/business-plan/", records.BusinessPlanView.as_view(), name="business_plan"),
    path("<int:pk>/documents/add/", records.DocumentUploadView.as_view(), name="document_add"),
    path("documents/<int:pk>/", documents.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/delete/", documents.DocumentDeleteView.as_view(), name="document_delete"),
    path("producers/", producers.ProducerListView.as_view(), name="producer_list"),
    path("producers/add/", producers.ProducerCreateView.as_view(), name="producer_add"),
    path("producers/<int:pk>/", producers.ProducerDetailView.as_view(), name="producer_detail"),
    path("producers/<int:pk>/edit/", producers.ProducerUpdateView.as_view(), name="producer_edit"),
    path("import/<slug:what>/", excel.ImportView.as_view(), name="import"),
    path("import/<slug:what>/template.xlsx", excel.TemplateView.as_view(), name="import_template"),
    path("export/<slug:what>.<str:fmt>", excel.ExportView.as_view(), name="export"),
]
