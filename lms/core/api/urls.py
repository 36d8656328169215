"""Routes of lms.core under /api/v1/."""

from django.urls import path

from lms.core.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
]
