"""Builders of lms.courses test data: a catalogue page, courses, lectures, requirements."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

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
    return home_page_ensure().add_child(instance=CourseIndexPage(title="Courses", slug="courses"))


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
