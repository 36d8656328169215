"""Routes of lms.video under /api/v1/."""

from django.urls import path

from lms.video.api import views
from lms.video.api.tus import UploadDetailView, UploadListView

urlpatterns = [
    path("videos/", views.VideoListView.as_view(), name="api-videos"),
    path("videos/<id:pk>/", views.VideoDetailView.as_view(), name="api-video"),
    path("videos/uploads/", UploadListView.as_view(), name="api-video-uploads"),
    path("videos/uploads/<uuid:upload_id>/", UploadDetailView.as_view(),
         name="api-video-upload"),
    path("videos/<id:pk>/progress/", views.VideoProgressView.as_view(),
         name="api-video-progress"),
]
