"""Settings of lms.video with their defaults; override any of them in the site's settings."""

from pathlib import Path

from django.conf import settings

DEFAULTS = {
    # The largest source accepted, in bytes (4 GB: a three-hour lecture recorded at 3 Mbit/s).
    "LMS_VIDEO_MAX_BYTES": 4 * 1024 ** 3,
    # The HLS ladder: (lines, video bitrate in kbit/s), largest first. "Lines" is the shorter side
    # of the picture as shown (720 for 1280×720 and for a portrait 720×1280). A video gets the
    # rungs at or below its own size; one smaller than the last rung gets one rung of its size.
    "LMS_VIDEO_LADDER": [(1080, 5000), (720, 2800), (480, 1400), (360, 800)],
    "LMS_VIDEO_AUDIO_KBPS": 128,
    # Peak bitrate over the average (capped bitrate), and the decoder buffer in seconds of it.
    "LMS_VIDEO_MAXRATE_FACTOR": 1.07,
    "LMS_VIDEO_BUFFER_SECONDS": 1.5,
    "LMS_VIDEO_KEYFRAME_SECONDS": 2,
    "LMS_VIDEO_SEGMENT_SECONDS": 6,
    # x264's speed/size trade-off: "veryfast" keeps a lecture's processing near real time.
    "LMS_VIDEO_PRESET": "veryfast",
    # Processing time allowed: a fixed part plus this many seconds per second of video.
    "LMS_VIDEO_TIME_BASE_SECONDS": 120,
    "LMS_VIDEO_TIME_PER_SECOND": 2,
    # A video queued this long without a worker taking it has lost its message: queued again.
    "LMS_VIDEO_QUEUE_STALE_SECONDS": 3600,
    # Playback: how long a signed address of a video's files stays good (the player asks for a
    # new one when it runs out), and how files reach the browser: "django" (served by the web
    # process), "accel" (nginx sends them: X-Accel-Redirect to LMS_VIDEO_ACCEL_PREFIX + the
    # storage name) or "redirect" (to the storage's own short-lived address: S3 presigned URLs).
    "LMS_VIDEO_URL_SECONDS": 2 * 3600,
    "LMS_VIDEO_DELIVERY": "django",
    "LMS_VIDEO_ACCEL_PREFIX": "/protected-media/",
    # Watch credit: the share of a video a trainee must really watch for it to count, and how
    # often the player reports (seconds).
    "LMS_VIDEO_REQUIRED_SHARE": 0.95,
    "LMS_VIDEO_HEARTBEAT_SECONDS": 5,
    # Resumable (tus) uploads: the folder holding the bytes received so far, one file per upload.
    # Not under MEDIA_ROOT nor any folder the web server publishes (a half-received file is
    # nobody's to download); with several web machines it must be a volume they all mount, as
    # any of them may receive the next part of an upload. Default: var/uploads beside the media
    # folder (settings.py reads LMS_VIDEO_UPLOAD_DIR from the environment).
    "LMS_VIDEO_UPLOAD_DIR": str(Path(settings.MEDIA_ROOT).resolve().parent / "var" / "uploads"),
    # An unfinished upload is removed this long after its last byte arrived (24 hours); the
    # periodic job expire_uploads removes it and its file.
    "LMS_VIDEO_UPLOAD_EXPIRY_SECONDS": 24 * 3600,
}


def get(name):
    """Return the site's value of an lms.video setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
