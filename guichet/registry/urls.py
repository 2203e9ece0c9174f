from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("new/", views.person_create, name="create"),
    path("<str:social_id>/", views.person_detail, name="detail"),
    path("<str:social_id>/edit/", views.person_edit, name="edit"),
    path("<str:social_id>/disability/", views.disability_edit, name="disability"),
]
