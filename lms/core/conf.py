"""Settings of lms.core with their defaults; override any of them in the site's settings."""

from django.conf import settings

DEFAULTS = {
    # Largest trainee import file accepted, in bytes.
    "LMS_CORE_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # Most data rows one trainee import may hold.
    "LMS_CORE_IMPORT_MAX_ROWS": 20000,
}


def get(name):
    """Return the site's value of an lms.core setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
