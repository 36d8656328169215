"""What a course's pages show that is the same for every reader — its live lectures in order,
its class sessions, its prerequisites, its instructors with their titles and its topics — read
in one go and kept in the cache, so that a course or lecture page reads only what is the
requester's own (their enrolment and progress, and which view restrictions they pass).

The parts are plain values (no model instances, no translated text): the template formats the
dates in the reader's language. A course's entry is keyed by the course and the moment it was
last published, so a publish — whichever process makes it, the scheduled-publishing command
included — is seen by the next request. What other rows change (an instructor's name or title, a
prerequisite's title, a topic's name, a class session written outside a publish, a lecture
saved, moved or deleted, a page above the course published or moved) deletes the entries of the
courses concerned once the change commits (`forget`, called from lms.courses.signals).

The cache is the site's default: Redis in production, shared by every process, so a deletion
is seen everywhere at once. The local-memory default lives in each process: there a change made
by another process (the Celery worker, a management command) other than a publish reaches the
web server's copy when the entry expires, after LMS_COURSE_PARTS_SECONDS at most.
"""

import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction

from lms.courses import conf
from lms.courses.models import ClassSession, CoursePage, LecturePage
from lms.courses.selectors import topics_of

# Bump when the shape of CourseParts changes, so entries written by older code are not read.
PARTS_FORMAT = 2

# What an outline shows of a lecture (title, hours, the open-preview badge), with what Wagtail's
# routing needs for its URL: not the body, nor the rest of the page's columns.
OUTLINE_FIELDS = ("id", "title", "slug", "url_path", "path", "depth", "live", "locale_id",
                  "content_type_id", "credit_hours", "open_preview")


class Lecture(NamedTuple):
    id: int
    title: str
    path: str  # in the page tree: view restrictions are matched against it
    url: str
    credit_hours: object  # Decimal
    open_preview: bool


class Session(NamedTuple):
    starts_at: object  # aware datetimes
    ends_at: object
    place: str


class Prerequisite(NamedTuple):
    id: int
    code: str
    title: str


class Instructor(NamedTuple):
    name: str
    title: str  # their position, from the trainee profile ("" when none)
    id: int


@dataclass(frozen=True)
class CourseParts:
    # Unique to this reading of the parts: fragments of the course page rendered from them are
    # cached under it, so whatever makes the parts be read again retires those fragments too.
    stamp: str
    lectures: tuple  # (Lecture), live ones in course order, whoever may view them
    sessions: tuple  # (Session), by start
    prerequisites: tuple  # (Prerequisite), by code
    instructors: tuple  # (Instructor), by name
    topics: tuple  # (selectors.Topic), by name


def cache_key(course_id, published_at):
    stamp = published_at.isoformat() if published_at else "draft"
    return f"lms:course-parts:{PARTS_FORMAT}:{course_id}:{stamp}"


def course_parts(course):
    """The CourseParts of a course page object: from the cache, or read (five queries) and
    kept there."""
    key = cache_key(course.pk, course.last_published_at)
    parts = cache.get(key)
    if parts is None:
        parts = read_parts(course)
        cache.set(key, parts, conf.get("LMS_COURSE_PARTS_SECONDS"))
    return parts


def read_parts(course):
    """The CourseParts of a course page, read from the database (five queries)."""
    course_id = course.pk
    # Without a request Wagtail gives the path on a one-site install, the full URL otherwise.
    lectures = tuple(
        Lecture(page.pk, page.title, page.path, page.get_url(), page.credit_hours,
                page.open_preview)
        for page in LecturePage.objects.child_of(course).live().only(*OUTLINE_FIELDS)
        .order_by("path"))
    sessions = tuple(Session(*row) for row in ClassSession.objects.filter(course_id=course_id)
                     .order_by("starts_at", "pk").values_list("starts_at", "ends_at", "place"))
    prerequisites = tuple(Prerequisite(*row) for row in CoursePage.objects.filter(
        unlocks__pk=course_id).order_by("code").values_list("pk", "code", "title"))
    instructors = sorted(
        # The name as User.get_full_name() gives it, else the username.
        Instructor(f"{first} {last}".strip() or username, position or "", pk)
        for pk, username, first, last, position in CoursePage.instructors.through.objects
        .filter(coursepage_id=course_id)
        .values_list("user_id", "user__username", "user__first_name", "user__last_name",
                     "user__trainee_profile__position"))
    topics = tuple(topics_of([course_id]).get(course_id, ()))
    return CourseParts(stamp=uuid.uuid4().hex, lectures=lectures, sessions=sessions,
                       prerequisites=prerequisites, instructors=tuple(instructors),
                       topics=topics)


def forget(course_ids):
    """Drop the cached parts of these courses once the current transaction commits (at once
    outside one): the next request reads them afresh."""
    course_ids = set(course_ids)
    if not course_ids:
        return

    def drop():
        keys = [cache_key(pk, published_at) for pk, published_at in CoursePage.objects
                .filter(pk__in=course_ids).values_list("pk", "last_published_at")]
        cache.delete_many(keys)

    transaction.on_commit(drop)


def forget_course_of(lecture):
    """Drop the parts of a lecture's course."""
    forget(CoursePage.objects.parent_of(lecture).values_list("pk", flat=True))


def forget_taught_by(user_ids):
    """Drop the parts of the courses these people teach (their name or title changed)."""
    forget(CoursePage.instructors.through.objects.filter(user_id__in=list(user_ids))
           .values_list("coursepage_id", flat=True))
