"""The checks every upload of a source passes, from the admin or the API: not over the size
limit, not empty, and a video by its content (not its name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.video import conf
from lms.video.sniff import video_container

# What a multipart request carries besides the file (boundaries, headers, the title).
MULTIPART_ROOM = 64 * 1024


def _too_large(limit):
    return ValidationError(_("The file is larger than the %(limit)s MB allowed.")
                           % {"limit": limit // (1024 * 1024)}, code="too_large")


def check_request_size(request):
    """Refuse a request whose declared length is over the limit before its body is read, so
    an oversized upload is not received at all. This works for token-authenticated API calls;
    a form posted with a session is read whole by Django's CSRF check first, so in front of
    browsers the web server's own limit (nginx `client_max_body_size`) is the early guard."""
    limit = conf.get("LMS_VIDEO_MAX_BYTES")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + MULTIPART_ROOM:
        raise _too_large(limit)


def check_size(size):
    """Raise ValidationError ("too_large", "empty") for a size no upload may have: for a whole
    file, or a resumable upload's declared length before any byte is sent."""
    limit = conf.get("LMS_VIDEO_MAX_BYTES")
    if size > limit:
        raise _too_large(limit)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def check_upload(file):
    """Raise ValidationError (with a code) when an uploaded file cannot be taken."""
    check_size(file.size)
    if video_container(file) is None:
        raise ValidationError(_("This is not a video file (its content was checked, not its "
                                "name)."), code="not_a_video")
