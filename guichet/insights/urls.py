from django.urls import path, re_path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    re_path(r"^export/(?P<name>[a-z0-9-]+)\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
