from allauth.account import views as allauth_views
from django.urls import path

from . import views_staff

# Sign-in pages are allauth's (guichet/urls.py mounts them under /accounts/); the two names below keep the
# addresses the rest of Guichet knows.
app_name = "accounts"
urlpatterns = [
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("staff/", views_staff.staff_list, name="staff_list"),
    path("staff/new/", views_staff.staff_create, name="staff_create"),
    path("staff/<str:username>/", views_staff.staff_edit, name="staff_edit"),
    path("staff/<str:username>/reset-password/", views_staff.staff_reset_password, name="staff_reset_password"),
    path("staff/<str:username>/end-sessions/", views_staff.staff_end_sessions, name="staff_end_sessions"),
]
