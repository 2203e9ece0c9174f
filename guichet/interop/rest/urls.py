"""/api/v1/: one address per operation (the views are named <Entity><Action>Api)."""

from django.urls import path

from . import views_network, views_persons, views_requests

app_name = "api"
urlpatterns = [
    path("persons/", views_persons.PersonSearchApi.as_view(), name="person_search"),
    path("persons/create/", views_persons.PersonCreateApi.as_view(), name="person_create"),
    path("persons/<str:social_id>/", views_persons.PersonDetailApi.as_view(), name="person_detail"),
    path("persons/<str:social_id>/update/", views_persons.PersonUpdateApi.as_view(), name="person_update"),
    path("persons/<str:social_id>/household/", views_persons.PersonHouseholdApi.as_view(), name="person_household"),
    path("persons/<str:social_id>/disability/", views_persons.PersonDisabilityApi.as_view(), name="person_disability"),
    path("requests/create/", views_requests.RequestFileApi.as_view(), name="request_file"),
    path("requests/<str:reference>/", views_requests.RequestDetailApi.as_view(), name="request_detail"),
    path(
        "requests/<str:reference>/transition/",
        views_requests.RequestTransitionApi.as_view(),
        name="request_transition",
    ),
    path("services/", views_network.ServiceListApi.as_view(), name="service_list"),
    path("services/<str:code>/", views_network.ServiceDetailApi.as_view(), name="service_detail"),
    path("centres/", views_network.CentreListApi.as_view(), name="centre_list"),
    path("centres/<str:code>/", views_network.CentreDetailApi.as_view(), name="centre_detail"),
    path("centres/<str:code>/queue/", views_requests.CentreQueueApi.as_view(), name="centre_queue"),
    path("windows/", views_network.WindowListApi.as_view(), name="window_list"),
    path("windows/<str:code>/", views_network.WindowDetailApi.as_view(), name="window_detail"),
]
