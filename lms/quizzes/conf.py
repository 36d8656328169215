"""Settings of lms.quizzes with their defaults; override any of them in the site's settings."""

from django.conf import settings

DEFAULTS = {
    # Answers saved after the deadline are refused; this many seconds of network delay are
    # forgiven (an autosave sent at 0:00:59 of a 60-minute quiz that arrives at 1:00:01).
    "LMS_QUIZ_GRACE_SECONDS": 5,
    # How many questions a quiz may hold (fixed and drawn together).
    "LMS_QUIZ_MAX_QUESTIONS": 200,
    # The largest GIFT or Moodle XML file accepted for import, in bytes.
    "LMS_QUIZ_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
}


def get(name):
    """Return the site's value of an lms.quizzes setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
