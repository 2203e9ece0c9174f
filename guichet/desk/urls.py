from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("window/", views.window_desk, name="window"),
    path("territory/", views.territory_desk, name="territory"),
    path("registry/", views.registry_desk, name="registry"),
    path("network/", views.network_desk, name="network"),
]
