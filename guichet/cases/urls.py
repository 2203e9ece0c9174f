"""Addresses of the request pages, under /requests/."""

from django.urls import path

from . import views_files, views_filing, views_queue, views_referral, views_request

app_name = "cases"
urlpatterns = [
    path("queue/", views_queue.work_queue, name="queue"),
    path("file/<str:social_id>/", views_filing.request_file, name="file"),
    path("<str:reference>/", views_request.request_detail, name="detail"),
    path("<str:reference>/attachments/<int:attachment_id>/", views_files.attachment_download, name="attachment"),
    path("<str:reference>/receipt.pdf", views_files.receipt, name="receipt"),
    path("<str:reference>/refer/", views_referral.referral_send, name="refer"),
]
