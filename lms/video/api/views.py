"""API views of lms.video: upload a video, follow its processing."""

import os

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.platform.api.serializers import ApiErrorSerializer
from lms.platform.ids import parse_id
from lms.video import conf, selectors, services, watching
from lms.video.api.serializers import (
    HeartbeatSerializer,
    VideoForPlayerSerializer,
    VideoPlaybackSerializer,
    VideoSerializer,
    VideoUploadSerializer,
    WatchSerializer,
)
from lms.video.models import Video
from lms.video.permissions import may_upload
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
    """A video: its status, processing progress (%) and, once ready, what the player needs:
    signed short-lived addresses of its playlist, MP4 fallback, poster and captions, the
    playback rules and, for a trainee on the course, their watch so far with the heartbeat
    token. With `?lecture=<id>`: for anyone who may read that lecture (enrolled trainees, the
    course's instructors and staff; anyone for an open preview). Without: for the video's
    uploader and those who see the library."""

    # Open preview lectures are for anyone; viewing_for decides.
    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("lecture", int, required=False, description=(
                       "The lecture the video is watched in."))],
                   responses={200: VideoForPlayerSerializer, 403: ApiErrorSerializer,
                              404: ApiErrorSerializer})
    def get(self, request, pk):
        video = get_object_or_404(Video.objects.prefetch_related("captions"), pk=pk)
        lecture = request.query_params.get("lecture")
        lecture_id = None if lecture is None else parse_id(lecture)
        if lecture is not None and lecture_id is None:
            raise ValidationError({"lecture": [_("A lecture id is a whole number.")]})
        viewing = selectors.viewing_for(video, request, lecture_id)
        if viewing is None:
            self.permission_denied(request)
        watch = None
        if viewing.records_progress and video.status == Video.Status.READY:
            watch = watching.watch_open(enrolment=viewing.enrolment, video=video)
        data = selectors.playback_for(viewing, request.user, watch)
        if watch is not None:
            data["watch"]["heartbeat"] = {
                "url": reverse("api-video-progress", args=[video.pk]),
                "token": watching.watch_token(watch, video, request.user),
                "interval": conf.get("LMS_VIDEO_HEARTBEAT_SECONDS"),
            }
        serializer = (VideoSerializer if viewing.lecture is None else VideoPlaybackSerializer)
        return Response({**serializer(video).data, **data})


class VideoProgressView(APIView):
    """Heartbeats of the player: where it is, the ranges it has played and whether it is
    playing. Seconds really watched are credited no faster than the wall clock allows at the
    video's fastest rate, nothing while paused or hidden; the answer is the watch as it now
    stands. A 403 with code `watch_expired` asks the player to load the video again."""

    @extend_schema(request=HeartbeatSerializer,
                   responses={200: WatchSerializer, 400: ApiErrorSerializer,
                              403: ApiErrorSerializer})
    def post(self, request, pk):
        beat = HeartbeatSerializer(data=request.data)
        beat.is_valid(raise_exception=True)
        try:
            result = watching.watch_heartbeat(user=request.user, **beat.validated_data)
        except watching.WatchRefused as refused:
            if refused.code == "invalid":
                raise ValidationError(refused.message, code="invalid") from refused
            raise PermissionDenied(refused.message, code=refused.code) from refused
        return Response({**selectors.watch_state(result.watch, result.duration),
                         "credited": result.credited})
