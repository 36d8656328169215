"""Builders of lms.courses test data: a catalogue page, courses, lectures, requirements."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from lms.core.services import home_page_ensure
from lms.courses.models import (
    ClassSession,
    CourseIndexPage,
    CoursePage,
    CourseRequirement,
    LecturePage,
    current_training_year,
)


def catalogue_page():
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    return home_page_ensure().add_child(instance=CourseIndexPage(title="Courses", slug="courses",
                                                                show_in_menus=True))


def make_course(code, *, title=None, hours="4", capacity=None, format="online", topics=(),
                requires_approval=False, lectures=0, sessions=(), prerequisites=(), **fields):
    """A live course under the catalogue; sessions are (start, hours) pairs."""
    course = CoursePage(
        title=title or f"Course {code}", slug=code.lower(), code=code, summary=f"About {code}",
        credit_hours=Decimal(hours), capacity=capacity, format=format,
        requires_approval=requires_approval, **fields,
    )
    catalogue_page().add_child(instance=course)
    for start, length in sessions:
        ClassSession.objects.create(course=course, starts_at=start,
                                    ends_at=start + timedelta(hours=length))
    if topics:
        course.topics.add(*topics)
        course.save()
    if prerequisites:
        course.prerequisites.set(prerequisites)
        course.save()
    for n in range(lectures):
        course.add_child(instance=LecturePage(title=f"{code} lecture {n + 1}",
                                              slug=f"{code.lower()}-l{n + 1}",
                                              credit_hours=Decimal("1")))
    return CoursePage.objects.get(pk=course.pk)


def require(course, category, kind="elective", year=None):
    return CourseRequirement.objects.create(course=course, category=category, kind=kind,
                                            year=year or current_training_year())


def at(days=0, hour=9):
    """A local time `days` from today at `hour`:00."""
    today = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(today.year, today.month, today.day, hour))


def bulk_courses(count, prefix="B"):
    """`count` live courses under the catalogue in a few queries (make_course takes ~20 ms each).

    Page rows get tree paths computed here (treebeard: 4 base-36 digits a step); the CoursePage
    rows are inserted with one executemany. No search index, topics or revisions.
    """
    parent = catalogue_page()
    last = parent.get_children().order_by("-path").first()
    step = int(last.path[-Page.steplen:], 36) if last else 0
    content_type = ContentType.objects.get_for_model(CoursePage)
    courses = []
    for n in range(count):
        step += 1
        digits = ""
        value = step
        while value:
            value, digit = divmod(value, 36)
            digits = Page.alphabet[digit] + digits
        code = f"{prefix}{n:05d}"
        courses.append(CoursePage(
            title=f"Course {code}", draft_title=f"Course {code}", slug=code.lower(), code=code,
            summary=f"About {code}", credit_hours=Decimal("2"), content_type=content_type,
            locale_id=parent.locale_id, live=True, depth=parent.depth + 1, numchild=0,
            path=parent.path + digits.rjust(Page.steplen, "0"),
            url_path=f"{parent.url_path}{code.lower()}/",
        ))
    pages = Page.objects.bulk_create([
        Page(**{f.attname: getattr(c, f.attname) for f in Page._meta.concrete_fields if not f.primary_key})
        for c in courses
    ])
    fields = list(CoursePage._meta.local_concrete_fields)
    rows = []
    for course, page in zip(courses, pages, strict=True):
        course.page_ptr_id = course.id = page.pk
        rows.append([f.get_db_prep_save(getattr(course, f.attname), connection) for f in fields])
    table = connection.ops.quote_name(CoursePage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
