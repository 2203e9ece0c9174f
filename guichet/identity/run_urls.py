"""Addresses of the batch runs of the matching model: start one, follow its progress."""


app_name = "identity_runs"

urlpatterns: list = []
