"""Addresses of the data steward's review of candidate pairs, merges and unmerges."""


app_name = "identity"

urlpatterns: list = []
