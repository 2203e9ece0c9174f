from django.urls import path

from . import views, views_centres, views_services

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("centres/", views_centres.centre_list, name="centre_list"),
    path("centres/new/", views_centres.centre_create, name="centre_create"),
    path("centres/<int:pk>/edit/", views_centres.centre_edit, name="centre_edit"),
    path("windows/", views_centres.window_list, name="window_list"),
    path("windows/new/", views_centres.window_create, name="window_create"),
    path("windows/<int:pk>/edit/", views_centres.window_edit, name="window_edit"),
    path("services/", views_services.service_list, name="service_list"),
    path("services/new/", views_services.service_create, name="service_create"),
    path("services/<slug:code>/", views_services.service_detail, name="service_detail"),
    path("services/<slug:code>/edit/", views_services.service_edit, name="service_edit"),
    path("holidays/", views.holiday_list, name="holiday_list"),
]
