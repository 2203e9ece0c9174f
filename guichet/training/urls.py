from django.urls import path

from . import views_cohorts, views_courses, views_enrolment, views_learn

app_name = "training"
urlpatterns = [
    path("training/", views_courses.home, name="home"),
    path("training/courses/new/", views_courses.course_edit, name="course_create"),
    path("training/courses/<int:pk>/", views_courses.course_detail, name="course_detail"),
    path("training/courses/<int:pk>/edit/", views_courses.course_edit, name="course_edit"),
    path("training/courses/<int:course_pk>/modules/new/", views_courses.module_edit, name="module_create"),
    path("training/courses/<int:course_pk>/modules/<int:pk>/", views_courses.module_edit, name="module_edit"),
    path("training/courses/<int:course_pk>/cohorts/new/", views_courses.cohort_create, name="cohort_create"),
    path("training/cohorts/<int:pk>/", views_cohorts.cohort_detail, name="cohort_detail"),
    path("training/cohorts/<int:pk>/enrol/", views_cohorts.enrol_search, name="enrol_search"),
    path("training/cohorts/<int:pk>/enrol/register/", views_cohorts.enrol_register, name="enrol_register"),
    path("training/cohorts/<int:pk>/enrol/list/", views_cohorts.enrol_list, name="enrol_list"),
    path("training/cohorts/<int:pk>/enrol/<str:social_id>/", views_cohorts.enrol_person, name="enrol_person"),
    path("training/enrolments/<int:pk>/", views_enrolment.enrollment_detail, name="enrollment_detail"),
    path("training/enrolments/<int:pk>/slip/", views_cohorts.slip, name="slip"),
    path("training/enrolments/<int:pk>/certificate.pdf", views_cohorts.certificate, name="certificate"),
    path("learn/", views_learn.learn, name="learn"),
    path("learn/course/", views_learn.learn_course, name="learn_course"),
    path("learn/lessons/<int:pk>/", views_learn.learn_lesson, name="learn_lesson"),
    path("learn/lessons/<int:pk>/done/", views_learn.learn_done, name="learn_done"),
    path("learn/lessons/<int:pk>/<str:variant>/media", views_learn.learn_media, name="learn_media"),
    path("learn/certificate.pdf", views_learn.learn_certificate, name="learn_certificate"),
    path("learn/leave/", views_learn.learn_leave, name="learn_leave"),
    path("verify/", views_learn.verify, name="verify_form"),
    path("verify/<str:code>/", views_learn.verify, name="verify"),
]
