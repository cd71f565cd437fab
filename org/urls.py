from django.urls import path

from org import views

app_name = "org"
urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/<str:code>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<str:code>/reorganise/", views.ReorganiseView.as_view(), name="reorganise"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/new/", views.AgencyFormView.as_view(), name="agency_add"),
    path("agencies/<int:pk>/edit/", views.AgencyFormView.as_view(), name="agency_edit"),
]
