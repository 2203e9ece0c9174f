"""Addresses of the batch runs of the matching model: start one, follow its progress."""

from django.urls import path

from . import run_views

app_name = "identity_runs"

urlpatterns = [
    path("", run_views.run_list, name="list"),
]
