"""What the writes of lms.courses share: the refusal they raise, the course lock, status stamps."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from lms.courses.models import CoursePage

# Rows per query when a job works through thousands of trainees: well inside SQLite's limit on
# query parameters, few enough round trips for PostgreSQL.
CHUNK = 2000


class EnrolmentRefused(ValidationError):
    """An enrolment rule says no; `code` is stable, the message is translated and specific."""


def refuse(code, message):
    raise EnrolmentRefused(message, code=code)


def locked_course(course):
    # One row lock per course serializes seat decisions: two trainees racing for the last seat
    # are decided one after the other (SQLite's IMMEDIATE transactions do the same).
    return CoursePage.objects.select_for_update(of=("self",)).get(pk=course.pk)


def set_status(enrolment, status, now=None):
    enrolment.status = status
    enrolment.status_changed_at = now or timezone.now()


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]
