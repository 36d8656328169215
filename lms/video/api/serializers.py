"""Serializers of lms.video's API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lms.video.models import Video
from lms.video.uploads import check_upload


class VideoUploadSerializer(serializers.Serializer):
    """A multipart upload: the file and, if wanted, a title (else the file's name)."""

    file = serializers.FileField(help_text=_("The video (MP4, MOV, MKV, WebM, AVI, MPEG-TS…)."))
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)

    def validate_file(self, file):
        check_upload(file)
        return file


class RenditionSerializer(serializers.Serializer):
    name = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    kbps = serializers.IntegerField()


class CaptionSerializer(serializers.Serializer):
    language = serializers.CharField()
    label = serializers.CharField(source="get_language_display")
    cues = serializers.IntegerField(source="cue_count")


class VideoSerializer(serializers.ModelSerializer):
    """A video of the library with where its processing stands."""

    status_label = serializers.CharField(source="get_status_display")
    error = serializers.CharField(source="reason", help_text=_(
        "Why processing failed, in the requester's language; empty unless failed."))
    renditions = RenditionSerializer(many=True)
    captions = CaptionSerializer(many=True)

    class Meta:
        model = Video
        fields = ["id", "title", "status", "status_label", "progress", "error", "error_detail", "duration",
                  "width", "height", "has_audio", "renditions", "captions", "created_at",
                  "processed_at"]
        read_only_fields = fields
