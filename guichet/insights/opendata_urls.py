"""Addresses of the open data (/open-data/): public, no sign-in."""

from django.urls import path

from . import opendata

app_name = "open_data"
urlpatterns = [
    path("", opendata.open_data, name="page"),
    path("figures.json", opendata.figures_json, name="figures_json"),
    path("figures.csv", opendata.figures_csv, name="figures_csv"),
]
