"""Addresses of the imports' API (mounted at /api/v1/imports/)."""

from django.urls import path

from . import api

app_name = "imports_api"

urlpatterns = [
    path("", api.ImportCreateApi.as_view(), name="create"),
    path("<int:pk>/", api.ImportDetailApi.as_view(), name="detail"),
    path("<int:pk>/problems/", api.ImportProblemsApi.as_view(), name="problems"),
    path("<int:pk>/duplicates/", api.ImportDuplicatesApi.as_view(), name="duplicates"),
    path("<int:pk>/decisions/", api.ImportDecideApi.as_view(), name="decide"),
    path("<int:pk>/start/", api.ImportStartApi.as_view(), name="start"),
]
