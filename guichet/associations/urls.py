"""Association pages: the public registration at the root, staff and manager pages under associations/."""

from django.urls import path

from . import views_applications, views_public, views_reports, views_review

app_name = "associations"
urlpatterns = [
    path("associations/register/", views_public.association_register, name="register"),
    path("associations/register/done/", views_public.association_registered, name="registered"),
    path("associations/correct/<str:token>/", views_public.association_correct, name="correct"),
    path("associations/", views_review.association_list, name="list"),
    path("associations/<int:pk>/", views_review.association_detail, name="detail"),
    path("associations/<int:pk>/files/<str:kind>/", views_review.association_file, name="file"),
    path("associations/applications/", views_applications.application_list, name="applications"),
    path("associations/applications/new/", views_applications.application_create, name="application_create"),
    path("associations/applications/<int:pk>/", views_applications.application_detail, name="application"),
    path("associations/applications/<int:pk>/children/add/", views_applications.child_add, name="child_add"),
    path("associations/children/<int:pk>/reports/<int:term>/", views_reports.term_report, name="report"),
    path("associations/unreported/", views_reports.unreported_list, name="unreported"),
]
