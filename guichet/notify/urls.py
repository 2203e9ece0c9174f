from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.index, name="index"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:trigger>/<slug:language>/<slug:channel>/", views.template_edit, name="template_edit"),
    path("outbox/", views.outbox, name="outbox"),
]
