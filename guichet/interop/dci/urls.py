from django.urls import path

from . import views

app_name = "dci"
urlpatterns = [
    path("registry/search", views.SearchApi.as_view(), name="search"),
    path("registry/sync/search", views.SyncSearchApi.as_view(), name="sync-search"),
    path("registry/txn/status", views.TxnStatusApi.as_view(), name="txn-status"),
    path("registry/sync/txn/status", views.SyncTxnStatusApi.as_view(), name="sync-txn-status"),
    path("registry/subscribe", views.SubscribeApi.as_view(), name="subscribe"),
    path("registry/unsubscribe", views.UnsubscribeApi.as_view(), name="unsubscribe"),
    path("keys", views.KeysApi.as_view(), name="keys"),
]
