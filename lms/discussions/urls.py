"""Site routes of lms.discussions under /learning/notifications/."""

from django.urls import path

from lms.discussions import views

urlpatterns = [
    path("", views.my_notifications, name="my-notifications"),
    path("read/", views.notifications_mark_read, name="my-notifications-read"),
]
