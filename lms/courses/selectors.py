"""Reads of lms.courses: the catalogue with seats and my status, and a trainee's training plan."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from lms.core.models import TraineeProfile
from lms.courses.models import (
    ClassSession,
    CoursePage,
    CourseRequirement,
    CourseTopic,
    Enrolment,
    LecturePage,
    LectureProgress,
    current_training_year,
)


def category_id_of(user):
    if not user.is_authenticated:
        return None
    return TraineeProfile.objects.filter(user=user).values_list("category_id", flat=True).first()


# What a catalogue card and the list API show; loading whole pages costs several times more.
CATALOGUE_FIELDS = (
    "id", "title", "slug", "url_path", "path", "depth", "live", "locale_id", "content_type_id",
    "code", "summary", "format", "credit_hours", "capacity", "requires_approval",
    "enrolment_opens", "enrolment_closes", "starts_on", "ends_on",
)


def catalogue(*, user, year=None, filters=None, search=None):
    """Live courses annotated with seats taken, my status and what they are for my category.

    A fixed number of queries whatever the number of courses; call `attach_topics` on the page
    of courses that is shown.
    filters: topic (slug), format, category (id), kind ('required'/'elective' for me),
    min_hours, max_hours, available (bool).
    """
    year = year or current_training_year()
    filters = filters or {}
    my_category = category_id_of(user)
    # Correlated subqueries rather than a join + GROUP BY: the database computes them only for
    # the rows of the page it returns, not for every course in the catalogue.
    seats = (Enrolment.objects.filter(course=OuterRef("pk"), year=year,
                                      status__in=Enrolment.SEAT_STATUSES)
             .order_by().values("course").annotate(n=Count("pk")).values("n"))
    courses = CoursePage.objects.live().only(*CATALOGUE_FIELDS).annotate(
        seats_taken=Coalesce(Subquery(seats, output_field=IntegerField()), 0),
    )
    if user.is_authenticated:
        mine = Enrolment.objects.filter(course=OuterRef("pk"), user=user, year=year)
        courses = courses.annotate(my_status=Subquery(mine.values("status")[:1]))
    else:
        courses = courses.annotate(my_status=Value(None, output_field=CharField()))
    if my_category is not None:
        requirement = CourseRequirement.objects.filter(course=OuterRef("pk"), year=year,
                                                       category_id=my_category)
        courses = courses.annotate(my_kind=Subquery(requirement.values("kind")[:1]))
    else:
        courses = courses.annotate(my_kind=Value(None, output_field=CharField()))

    # Filters on related rows use subqueries, not joins, so counts and rows are not multiplied.
    if filters.get("topic"):
        courses = courses.filter(pk__in=CourseTopic.objects.filter(
            tag__slug=filters["topic"]).values("content_object_id"))
    if filters.get("format"):
        courses = courses.filter(format=filters["format"])
    if filters.get("category"):
        courses = courses.filter(pk__in=CourseRequirement.objects.filter(
            category_id=filters["category"], year=year).values("course_id"))
    if filters.get("kind"):
        courses = courses.filter(my_kind=filters["kind"])
    if filters.get("min_hours") is not None:
        courses = courses.filter(credit_hours__gte=filters["min_hours"])
    if filters.get("max_hours") is not None:
        courses = courses.filter(credit_hours__lte=filters["max_hours"])
    if filters.get("available"):
        courses = courses.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("seats_taken")))
    courses = courses.order_by("code")
    if search:
        ids = [page.pk for page in CoursePage.objects.live().search(search)]
        # Full-text search splits codes like "LAW-1" into words; a code typed in is found as is.
        courses = courses.filter(Q(pk__in=ids) | Q(code__icontains=search.strip()))
    return courses


def attach_topics(courses):
    """Set `topic_list` [(slug, name)] on each course in one flat query (taggit's prefetch
    through the cluster manager costs several times more)."""
    courses = list(courses)
    by_course = {}
    rows = (CourseTopic.objects.filter(content_object_id__in=[c.pk for c in courses])
            .order_by("tag__name").values_list("content_object_id", "tag__slug", "tag__name"))
    for course_id, slug, name in rows:
        by_course.setdefault(course_id, []).append((slug, name))
    for course in courses:
        course.topic_list = by_course.get(course.pk, [])
    return courses


def seats_left(course):
    if course.capacity is None:
        return None
    return max(course.capacity - course.seats_taken, 0)


@dataclass
class PlanEntry:
    course: CoursePage
    enrolment: Enrolment

    @property
    def kind(self):
        """How the course came into the plan: required, elective or staff."""
        return self.enrolment.source


@dataclass
class Plan:
    year: int
    category: object
    entries: list = field(default_factory=list)
    required_hours_due: Decimal = Decimal("0")
    min_elective_hours: Decimal = Decimal("0")
    planned_hours: Decimal = Decimal("0")
    planned_elective_hours: Decimal = Decimal("0")
    done_hours: Decimal = Decimal("0")

    @property
    def owed_hours(self):
        """Hours of the year's requirement not yet completed."""
        return max(self.required_hours_due - self.done_hours, Decimal("0"))

    @property
    def unplanned_hours(self):
        """Hours of the year's requirement not yet covered by the plan."""
        return max(self.required_hours_due - self.planned_hours, Decimal("0"))

    @property
    def elective_hours_to_choose(self):
        return max(self.min_elective_hours - self.planned_elective_hours, Decimal("0"))


def plan_for(user, year=None):
    """The trainee's plan for a year: required and chosen courses and the hours (3 queries)."""
    year = year or current_training_year()
    profile = TraineeProfile.objects.select_related("category").filter(user=user).first()
    category = profile.category if profile else None
    plan = Plan(year=year, category=category)
    if category is not None:
        plan.required_hours_due = category.annual_required_hours
        plan.min_elective_hours = category.min_elective_hours
    enrolments = (
        Enrolment.objects.filter(user=user, year=year, status__in=Enrolment.ACTIVE_STATUSES)
        .select_related("course")
        .order_by("source", "course__code")
    )
    for enrolment in enrolments:
        course = enrolment.course
        entry = PlanEntry(course=course, enrolment=enrolment)
        plan.entries.append(entry)
        if enrolment.status == Enrolment.Status.COMPLETED:
            plan.done_hours += enrolment.credited_hours
        if enrolment.status != Enrolment.Status.WAITLISTED:
            plan.planned_hours += course.credit_hours
            if enrolment.source != Enrolment.Source.REQUIRED:
                plan.planned_elective_hours += course.credit_hours
    return plan


def course_lectures(course, user=None):
    """Live lectures of a course in order, each with `done` for this user (2 queries)."""
    # A lecture list never shows bodies; parsing every StreamField would cost more than the rest.
    lectures = list(LecturePage.objects.live().child_of(course).defer_streamfields()
                    .order_by("path"))
    done = set()
    if user is not None and user.is_authenticated:
        done = set(LectureProgress.objects.filter(user=user, lecture__in=lectures)
                   .values_list("lecture_id", flat=True))
    for lecture in lectures:
        lecture.done = lecture.pk in done
    return lectures


COURSE_DETAIL_PREFETCH = (
    Prefetch("sessions", ClassSession.objects.order_by("starts_at")),
    Prefetch("prerequisites", CoursePage.objects.only("id", "title", "code")),
    "instructors",
)


def course_overlay(course, *, user, year=None):
    """Fill in on one course what the catalogue annotates (seats taken, my status and kind,
    topics) and prefetch its sessions, prerequisites and instructors: a few flat queries,
    cheaper than the catalogue's annotated query for a single row."""
    year = year or current_training_year()
    course.seats_taken = Enrolment.objects.filter(
        course=course, year=year, status__in=Enrolment.SEAT_STATUSES).count()
    course.my_status = course.my_kind = None
    if user.is_authenticated:
        course.my_status = (Enrolment.objects.filter(course=course, user=user, year=year)
                            .values_list("status", flat=True).first())
        category_id = category_id_of(user)
        if category_id is not None:
            course.my_kind = (CourseRequirement.objects.filter(course=course, year=year,
                                                               category_id=category_id)
                              .values_list("kind", flat=True).first())
    prefetch_related_objects([course], *COURSE_DETAIL_PREFETCH)
    attach_topics([course])
    return course


def course_detail(course_id, *, user, year=None):
    """One live course with everything its page and the detail API show."""
    return course_overlay(CoursePage.objects.live().get(pk=course_id), user=user, year=year)
