"""StreamField blocks of lms.video: a video in a lecture's body, played by <lms-video-player>."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lms.video.chooser import VideoChooserBlock

__all__ = ["VideoBlock", "VideoChooserBlock"]


class VideoBlock(blocks.StructBlock):
    """A video of the library with an optional heading. Trainees on the course earn watch
    credit by playing it; the lecture counts as done once they have watched enough of each of
    its videos (LMS_VIDEO_REQUIRED_SHARE)."""

    video = VideoChooserBlock(label=_("Video"))
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "lms_video/blocks/video.html"
