from django.urls import path

from . import views, views_staff

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("staff/", views_staff.staff_list, name="staff_list"),
    path("staff/new/", views_staff.staff_create, name="staff_create"),
    path("staff/<str:username>/", views_staff.staff_edit, name="staff_edit"),
]
