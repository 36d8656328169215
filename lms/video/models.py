"""The video library: an uploaded source, its processing status, the HLS ladder it became, the
lectures that show it, what each trainee really watched, and resumable uploads under way."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import CollectionMember


class Video(CollectionMember, models.Model):
    """A video of the library. Its status moves uploaded → queued → processing → ready or
    failed (with a reason in words); only lms.video.services moves it."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=255)
    original = models.FileField(_("source file"), upload_to="videos/originals/%Y/%m/",
                                max_length=255)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.UPLOADED, db_index=True)
    # Why it failed, as the English message (shown translated: `reason`), and what ffmpeg
    # said, when it did (technical, untranslated).
    error = models.TextField(_("why it failed"), blank=True)
    error_detail = models.TextField(_("technical detail"), blank=True)
    progress = models.PositiveSmallIntegerField(_("processing progress (%)"), default=0)
    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    # The picture as shown, rotation applied (a phone's portrait video is narrower than tall).
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    rotation = models.SmallIntegerField(_("rotation"), default=0)
    frame_rate = models.FloatField(_("frame rate"), null=True, blank=True)
    has_audio = models.BooleanField(_("has sound"), default=False)
    # [{"name": "720p", "width": 1280, "height": 720, "kbps": 2800}], largest first.
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    # The storage folder holding the ready outputs (master.m3u8, its variants, the MP4
    # fallback, poster and thumbnail); a new one for each processing, so a reprocess never
    # leaves a ladder half old, half new.
    output_dir = models.CharField(_("output folder"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("processing attempts"), default=0)
    # How trainees may watch it: the fastest playback rate credited, and whether they may jump
    # past what they have watched.
    max_playback_rate = models.DecimalField(
        _("fastest playback rate"), max_digits=3, decimal_places=2, default=Decimal("2.00"),
        # Written as stored (two decimals): the form's select matches a value read back.
        choices=[(Decimal(rate), f"{Decimal(rate).normalize()}×")
                 for rate in ("1.00", "1.25", "1.50", "2.00")],
        help_text=_("Trainees cannot play it faster, and watching is credited at this rate at "
                    "most."))
    lock_seeking = models.BooleanField(
        _("watch before skipping"), default=False,
        help_text=_("Trainees cannot jump past what they have already watched."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    processing_started_at = models.DateTimeField(_("processing started at"), null=True,
                                                 blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def reason(self):
        """Why it failed, in the reader's language."""
        return gettext(self.error) if self.error else ""

    def output(self, name):
        """The storage name of one of the ready outputs ("master.m3u8", "poster.jpg"…)."""
        return f"{self.output_dir}/{name}" if self.output_dir else ""


class Caption(models.Model):
    """A video's captions in one language, stored as WebVTT that has been read and checked
    (lms.video.captions turns SRT into it)."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="captions",
                              verbose_name=_("video"))
    language = models.CharField(_("language"), max_length=12, choices=settings.LANGUAGES)
    file = models.FileField(_("WebVTT file"), upload_to="videos/captions/%Y/%m/", max_length=255)
    cue_count = models.PositiveIntegerField(_("captions"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("captions")
        verbose_name_plural = _("captions")
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["video", "language"],
                                               name="lms_video_caption_one_per_language")]

    def __str__(self):
        return f"{self.video}: {self.get_language_display()}"


class LectureVideo(models.Model):
    """A video shown in a live lecture's body. Who may watch a video follows who may read a
    lecture showing it; kept by lms.video.signals when lectures are published, unpublished or
    deleted."""

    lecture = models.ForeignKey("lms_courses.LecturePage", on_delete=models.CASCADE,
                                related_name="videos_shown", verbose_name=_("lecture"))
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="lectures_shown",
                              verbose_name=_("video"))

    class Meta:
        verbose_name = _("video in a lecture")
        verbose_name_plural = _("videos in lectures")
        constraints = [models.UniqueConstraint(fields=["lecture", "video"],
                                               name="lms_video_lecturevideo_once")]

    def __str__(self):
        return f"{self.lecture_id}: {self.video_id}"


class VideoWatch(models.Model):
    """What a trainee really watched of a video within an enrolment: the union of the seconds
    played, credited by lms.video.services.watch_heartbeat no faster than the wall clock
    allows. Progress belongs to the enrolment, so a retake starts from nothing."""

    enrolment = models.ForeignKey("lms_courses.Enrolment", on_delete=models.CASCADE,
                                  related_name="video_watches", verbose_name=_("enrolment"))
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="watches",
                              verbose_name=_("video"))
    # [[start, end], ...] in seconds, sorted, merged, within the video's duration.
    watched = models.JSONField(_("watched intervals"), default=list, blank=True)
    watched_seconds = models.FloatField(_("seconds watched"), default=0)
    position = models.FloatField(_("last position (seconds)"), default=0)
    last_heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    # When the player last said it was playing: new seconds are credited against the time since
    # (at the video's fastest rate). None while paused, hidden or not yet started.
    playing_since = models.DateTimeField(_("playing since"), null=True, blank=True)
    completed_at = models.DateTimeField(_("watched enough at"), null=True, blank=True)

    class Meta:
        verbose_name = _("video watched")
        verbose_name_plural = _("videos watched")
        constraints = [models.UniqueConstraint(fields=["enrolment", "video"],
                                               name="lms_video_watch_once_per_enrolment")]

    def __str__(self):
        return f"{self.enrolment_id}: {self.video_id} ({self.watched_seconds:.0f} s)"


class VideoUpload(models.Model):
    """A resumable (tus) upload under way: the bytes received so far are in a file of the
    upload folder; once complete it becomes a Video. Abandoned ones expire and are removed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("uploaded by"))
    length = models.BigIntegerField(_("size (bytes)"))
    offset = models.BigIntegerField(_("bytes received"), default=0)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    collection = models.ForeignKey("wagtailcore.Collection", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("collection"))
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last received at"), auto_now=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    video = models.OneToOneField(Video, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="upload", verbose_name=_("video"))
    # The request receiving bytes now holds a lease (a token, until when), so that two at once
    # cannot both write; lms.video.resumable takes, renews and gives it back.
    receiver = models.UUIDField(_("receiving request"), null=True, blank=True, editable=False)
    receiving_until = models.DateTimeField(_("receiving until"), null=True, blank=True,
                                           editable=False)

    class Meta:
        verbose_name = _("upload under way")
        verbose_name_plural = _("uploads under way")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename or self.id} ({self.offset}/{self.length})"
