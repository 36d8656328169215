"""Settings of lms.courses with their defaults; override any of them in the site's settings."""

from django.conf import settings

DEFAULTS = {
    # Courses per page in the catalogue page and API.
    "LMS_COURSES_PAGE_SIZE": 20,
    # Seconds a course's cached page parts (sessions, prerequisites, instructors, topics) live.
    # Changes delete them at once (lms.courses.parts); this bounds how long a change made by
    # another process reaches a server whose cache is local memory, not shared Redis.
    "LMS_COURSE_PARTS_SECONDS": 300,
}


def get(name):
    """Return the site's value of an lms.courses setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
