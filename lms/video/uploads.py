"""The checks every upload of a source passes, from the admin or the API: not over the size
limit, not empty, and a video by its content (not its name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.video import conf
from lms.video.sniff import video_container


def check_upload(file):
    """Raise ValidationError (with a code) when an uploaded file cannot be taken."""
    limit = conf.get("LMS_VIDEO_MAX_BYTES")
    if file.size > limit:
        raise ValidationError(_("The file is larger than the %(limit)s MB allowed.")
                              % {"limit": limit // (1024 * 1024)}, code="too_large")
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if video_container(file) is None:
        raise ValidationError(_("This is not a video file (its content was checked, not its "
                                "name)."), code="not_a_video")
