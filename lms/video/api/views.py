"""API views of lms.video: upload a video, follow its processing."""

import os

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.platform.api.serializers import ApiErrorSerializer
from lms.video import services
from lms.video.api.serializers import VideoSerializer, VideoUploadSerializer
from lms.video.models import Video
from lms.video.permissions import may_follow, may_upload
from lms.video.uploads import check_request_size


class VideoListView(APIView):
    """Upload a video (multipart, field `file`): it is stored and queued for processing; follow
    it at videos/{id}/. For those who may add videos: instructors and the training office."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": VideoUploadSerializer},
                   responses={201: VideoSerializer, 400: ApiErrorSerializer,
                              403: ApiErrorSerializer})
    def post(self, request):
        if not may_upload(request.user):
            raise PermissionDenied()
        try:
            check_request_size(request)
        except DjangoValidationError as refused:
            raise ValidationError({"file": refused.messages}) from refused
        upload = VideoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        title = upload.validated_data.get("title") or os.path.splitext(file.name)[0]
        with transaction.atomic():
            video = services.video_create(title=title, file=file, uploaded_by=request.user)
        return Response(VideoSerializer(video).data, status=status.HTTP_201_CREATED)


class VideoDetailView(APIView):
    """A video of the library: its status, processing progress (%) and, once ready, its
    renditions. For its uploader and those who see the library."""

    @extend_schema(responses={200: VideoSerializer, 403: ApiErrorSerializer,
                              404: ApiErrorSerializer})
    def get(self, request, pk):
        video = get_object_or_404(Video, pk=pk)
        if not may_follow(request.user, video):
            raise PermissionDenied()
        return Response(VideoSerializer(video).data)
