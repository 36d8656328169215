"""Settings of lms.courses with their defaults; override any of them in the site's settings."""

from django.conf import settings

DEFAULTS = {
    # Courses per page in the catalogue page and API.
    "LMS_COURSES_PAGE_SIZE": 20,
}


def get(name):
    """Return the site's value of an lms.courses setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
