"""Addresses of the data steward's review of candidate pairs, merges and unmerges."""

from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("pair/<str:first>/<str:second>/", views.pair_detail, name="pair"),
    path("merge/<int:pk>/", views.merge_detail, name="merge"),
]
