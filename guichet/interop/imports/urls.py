"""Addresses of the import pages (mounted at /imports/)."""

from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("new/", views.import_new, name="new"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/report.csv", views.import_report, name="report"),
]
