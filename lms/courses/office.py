"""Reads of the training office's dashboard: hours done against required by category, approvals
waiting, waiting lists and courses about to start (each a fixed number of queries)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from lms.core.models import TraineeCategory
from lms.core.selectors import active_trainees
from lms.courses.models import (
    ClassSession,
    CoursePage,
    Enrolment,
    course_training_year,
    current_training_year,
)


def percent(part, whole):
    """`part` as a whole percentage of `whole`, or None when there is nothing to measure."""
    if not whole:
        return None
    return round(Decimal(part) * 100 / Decimal(whole))


@dataclass
class CategoryHours:
    """One trainee category's year: its active trainees, hours credited and hours due."""

    category: TraineeCategory
    trainees: int
    done: Decimal
    required: Decimal

    @property
    def percent_done(self):
        return percent(self.done, self.required)


def hours_by_category(year=None):
    """[CategoryHours] of every trainee category for a training year (this one by default): the
    hours credited by completions of its active trainees against its annual hours times their
    number (2 queries)."""
    year = year or current_training_year()
    trainees = active_trainees()
    categories = TraineeCategory.objects.annotate(
        trainee_count=Count("trainees", filter=Q(trainees__user__in=trainees), distinct=True),
    ).order_by("sort_order", "name")  # a grouped query drops Meta.ordering
    done = dict(Enrolment.objects.filter(year=year, status=Enrolment.Status.COMPLETED,
                                         user__in=trainees,
                                         user__trainee_profile__category__isnull=False)
                .order_by().values_list("user__trainee_profile__category")
                .annotate(hours=Sum("credited_hours")))
    return [CategoryHours(category=category, trainees=category.trainee_count,
                          done=done.get(category.pk) or Decimal("0"),
                          required=category.annual_required_hours * category.trainee_count)
            for category in categories]


def approvals_waiting(*, limit=5):
    """(how many elective choices wait for approval, the `limit` oldest of them with trainee
    and course) in 2 queries; the same list the approvals screen decides, oldest first."""
    pending = Enrolment.objects.filter(status=Enrolment.Status.PENDING)
    oldest = list(pending.select_related("user", "course")
                  .only("status_changed_at", "user__username", "user__first_name",
                        "user__last_name", "course__title", "course__code")
                  .order_by("status_changed_at", "pk")[:limit])
    return pending.count(), oldest


@dataclass
class WaitingList:
    course_id: int
    code: str
    title: str
    waiting: int


def waiting_lists(year=None):
    """[WaitingList] of the courses with trainees wait-listed in a training year (this one by
    default), longest first (1 query)."""
    year = year or current_training_year()
    rows = (Enrolment.objects.filter(year=year, status=Enrolment.Status.WAITLISTED)
            .order_by().values_list("course_id", "course__code", "course__title")
            .annotate(n=Count("pk")))
    return sorted((WaitingList(*row) for row in rows), key=lambda w: (-w.waiting, w.code))


def courses_starting(*, days=14, today=None, limit=10):
    """Live courses starting from today to `days` ahead, soonest first: by their start date, or,
    for a course without one, by its first class session. Each has `starts` (a date) and
    `seats_taken` in its training year besides its capacity (2 queries)."""
    today = today or timezone.localdate()
    last = today + timedelta(days=days)
    window_start = timezone.make_aware(datetime.combine(today, time.min))
    window_end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    first_session = (ClassSession.objects.filter(course=OuterRef("pk"))
                     .order_by("starts_at").values("starts_at")[:1])
    courses = list(
        CoursePage.objects.live()
        .annotate(first_session=Subquery(first_session))
        .filter(Q(starts_on__range=(today, last))
                | Q(starts_on__isnull=True, first_session__gte=window_start,
                    first_session__lt=window_end))
        .only("id", "title", "code", "capacity", "starts_on", "live")
    )
    for course in courses:
        course.starts = course.starts_on or timezone.localdate(course.first_session)
    courses = sorted(courses, key=lambda c: (c.starts, c.code))[:limit]
    if not courses:
        return []
    year_of = {course.pk: course_training_year(course) for course in courses}
    taken = {(course_id, year): n for course_id, year, n in Enrolment.objects.filter(
        course_id__in=list(year_of), year__in=set(year_of.values()),
        status__in=Enrolment.SEAT_STATUSES)
        .order_by().values_list("course_id", "year").annotate(n=Count("pk"))}
    for course in courses:
        course.seats_taken = taken.get((course.pk, year_of[course.pk]), 0)
    return courses
