from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("track/", views.track, name="track"),
    path("track/<str:reference>/", views.track_reference, name="track_reference"),
]
