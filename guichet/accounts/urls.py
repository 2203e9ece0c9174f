from allauth.account import views as allauth_views
from django.urls import path
from django.views.generic import RedirectView

from . import views_clients, views_staff

# Sign-in pages are allauth's (guichet/urls.py mounts them under /accounts/); the two names below keep the
# addresses the rest of Guichet knows. Administrators create accounts, set their e-mail addresses and send
# password links: allauth's sign-up, e-mail and self-service reset pages lead back to the login page.
app_name = "accounts"
_to_login = RedirectView.as_view(pattern_name="accounts:login")
urlpatterns = [
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("signup/", _to_login),
    path("email/", _to_login),
    path("password/reset/", _to_login),
    path("staff/", views_staff.staff_list, name="staff_list"),
    path("staff/new/", views_staff.staff_create, name="staff_create"),
    path("staff/<str:username>/", views_staff.staff_edit, name="staff_edit"),
    path("clients/", views_clients.client_list, name="client_list"),
    path("clients/new/", views_clients.client_create, name="client_create"),
    path("clients/<int:pk>/", views_clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views_clients.client_edit, name="client_edit"),
    path("clients/<int:pk>/token/", views_clients.client_token, name="client_token"),
]
