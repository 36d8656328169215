"""App configuration of lms.video: the video library, its processing to HLS, and delivery."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideoConfig(AppConfig):
    name = "lms.video"
    label = "lms_video"
    verbose_name = _("Video")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.core.roles import grant
        from lms.video import criteria, signals  # noqa: F401  (registers criteria, receivers)

        # Instructors upload their lectures' videos; the training office manages the library.
        grant("instructor", ["lms_video.add_video", "lms_video.view_video"])
        grant("curator", ["lms_video.add_video", "lms_video.change_video",
                          "lms_video.view_video", "lms_video.delete_video"])
