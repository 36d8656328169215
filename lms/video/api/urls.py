"""Routes of lms.video under /api/v1/."""

from django.urls import path

from lms.video.api import views

urlpatterns = [
    path("videos/", views.VideoListView.as_view(), name="api-videos"),
    path("videos/<id:pk>/", views.VideoDetailView.as_view(), name="api-video"),
]
