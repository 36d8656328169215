"""The video library: an uploaded source, its processing status, and the HLS ladder it became."""

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
