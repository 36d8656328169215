"""Settings of lms.platform with their defaults; override any of them in the site's settings."""

from django.conf import settings

DEFAULTS = {
    # Largest spreadsheet upload (trainee list, enrolment list) accepted, in bytes.
    "LMS_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # Most data rows one spreadsheet upload may hold.
    "LMS_IMPORT_MAX_ROWS": 20000,
}


def get(name):
    """Return the site's value of an lms.platform setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
