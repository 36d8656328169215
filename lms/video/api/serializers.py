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
    url = serializers.CharField(required=False, allow_null=True, help_text=_(
        "A signed, short-lived address of the WebVTT file (in the playback answer)."))


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


class VideoPlaybackSerializer(serializers.ModelSerializer):
    """A video as a lecture's reader sees it (no technical detail of its processing)."""

    status_label = serializers.CharField(source="get_status_display")
    error = serializers.CharField(source="reason")
    renditions = RenditionSerializer(many=True)

    class Meta:
        model = Video
        fields = ["id", "title", "status", "status_label", "progress", "error", "duration",
                  "width", "height", "renditions"]
        read_only_fields = fields


class PlaybackLinksSerializer(serializers.Serializer):
    hls = serializers.CharField(help_text=_("The HLS master playlist (signed, short-lived)."))
    mp4 = serializers.CharField(help_text=_("The MP4 fallback (signed, short-lived)."))


class HeartbeatLinkSerializer(serializers.Serializer):
    url = serializers.CharField()
    token = serializers.CharField()
    interval = serializers.IntegerField(help_text=_("Seconds between heartbeats."))


class WatchSerializer(serializers.Serializer):
    """A trainee's watch of a video within their enrolment."""

    position = serializers.FloatField()
    watched = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()))
    watched_seconds = serializers.FloatField()
    share = serializers.FloatField()
    completed = serializers.BooleanField()
    credited = serializers.FloatField(required=False, help_text=_(
        "Seconds this heartbeat credited (heartbeat answers only)."))
    required_share = serializers.FloatField(required=False)
    heartbeat = HeartbeatLinkSerializer(required=False)


class HeartbeatSerializer(serializers.Serializer):
    """One heartbeat of the player."""

    token = serializers.CharField(max_length=1000)
    position = serializers.FloatField(help_text=_("Where the player is, in seconds."))
    played = serializers.JSONField(help_text=_(
        "The ranges played, as [[start, end], ...] in seconds (all of them or the latest)."))
    state = serializers.ChoiceField(choices=["playing", "paused", "hidden", "ended"])
    rate = serializers.FloatField(required=False)

    def validate(self, data):
        data.pop("rate", None)
        return data


class VideoForPlayerSerializer(VideoSerializer):
    """The answer of videos/{id}/ (documentation): the video, and what the player is given."""

    poster = serializers.CharField(allow_null=True)
    playback = PlaybackLinksSerializer(allow_null=True)
    max_playback_rate = serializers.FloatField()
    lock_seeking = serializers.BooleanField()
    watch = WatchSerializer(allow_null=True)

    class Meta(VideoSerializer.Meta):
        fields = [*VideoSerializer.Meta.fields, "poster", "playback", "max_playback_rate",
                  "lock_seeking", "watch"]
        read_only_fields = fields
