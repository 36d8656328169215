"""Reads of lms.courses: the catalogue and its cards, a course, its lectures, a trainee's plan,
and who teaches what."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Subquery, prefetch_related_objects

from lms.core.models import TraineeProfile
from lms.core.selectors import category_of
from lms.courses.filters import CatalogueFilter
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
from lms.platform.pages import viewable


def category_id_of(user):
    if not user.is_authenticated:
        return None
    return TraineeProfile.objects.filter(user=user).values_list("category_id", flat=True).first()


# What a catalogue card shows, plus what Wagtail's routing needs for the page's URL.
CARD_FIELDS = (
    "id", "title", "slug", "url_path", "path", "depth", "live", "locale_id", "content_type_id",
    "code", "summary", "format", "credit_hours", "capacity", "requires_approval",
    "enrolment_opens", "enrolment_closes", "withdrawal_deadline", "starts_on", "ends_on",
)


def viewable_courses(request):
    """The live courses this request may view (Wagtail's view restrictions honoured)."""
    return viewable(CoursePage.objects.all(), request)


def catalogue(request):
    """The live courses this request may view, by code: what the catalogue page and the API list
    (narrowed by filters.CatalogueFilter, shown as `course_cards`)."""
    return viewable_courses(request).only(*CARD_FIELDS).order_by("code")


def catalogue_filter(request, data, *, year=None):
    """The catalogue with the filters in `data` (a query dict) applied, as a FilterSet: its
    `.qs` lists the courses, its `.form` and `.errors` say what was asked and what is wrong."""
    return CatalogueFilter(data, catalogue(request), request=request, year=year)


def catalogue_listing(request, *, page_size):
    """What the catalogue page shows: the filters (with the topic menu), the page of courses
    asked for and their cards, and the requester's plan."""
    filterset = catalogue_filter(request, request.GET or None).with_topic_menu()
    # Filters that do not make sense are shown with their errors over the whole catalogue,
    # rather than as "no course matches".
    courses = filterset.qs if filterset.is_valid() else filterset.queryset
    page = Paginator(courses, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": filterset.form,
        "courses": page,
        "cards": course_cards(page.object_list, request=request),
        "query_string": query.urlencode(),
        "plan": plan_for(request.user, request=request) if request.user.is_authenticated else None,
    }


def lecture_place(lecture, request):
    """The course a lecture belongs to and whether the requester has done the lecture."""
    done = (request.user.is_authenticated
            and LectureProgress.objects.filter(user=request.user, lecture=lecture).exists())
    return {"course": CoursePage.objects.get(pk=lecture.get_parent().pk), "done": done}


@dataclass
class CourseCard:
    """A course as a catalogue card shows it, with where the requester stands on it. The
    catalogue page, the course page and the API all show this one shape."""

    course: CoursePage
    url: str | None
    topics: list  # [Topic]
    seats_taken: int
    my_status: str | None
    my_kind: str | None

    def __getattr__(self, name):
        # The course's own fields (title, code, credit_hours…) read through the card.
        if name == "course":
            raise AttributeError(name)
        return getattr(self.course, name)

    @property
    def format_label(self):
        return self.course.get_format_display()

    @property
    def seats_left(self):
        """Seats still free; None means no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def can_choose(self):
        """Whether the requester may choose the course now (an elective not held)."""
        return self.my_kind == CourseRequirement.Kind.ELECTIVE and self.my_status in (
            None, Enrolment.Status.WITHDRAWN, Enrolment.Status.REJECTED)

    @property
    def can_withdraw(self):
        """Whether the requester may drop the course now (held, and not required)."""
        return self.my_kind != CourseRequirement.Kind.REQUIRED and self.my_status in (
            Enrolment.Status.ENROLLED, Enrolment.Status.PENDING, Enrolment.Status.WAITLISTED)


def course_cards(courses, *, request, year=None):
    """Cards of these courses (page objects with CARD_FIELDS) for the request's user: four flat
    queries for any number of courses (seats, my status, my kind, topics), two when anonymous."""
    courses = list(courses)
    if not courses:
        return []
    year = year or current_training_year()
    ids = [course.pk for course in courses]
    taken = dict(Enrolment.objects.filter(course_id__in=ids, year=year,
                                          status__in=Enrolment.SEAT_STATUSES)
                 .order_by().values_list("course_id").annotate(n=Count("pk")))
    statuses, kinds = {}, {}
    user = request.user
    if user.is_authenticated:
        statuses = dict(Enrolment.objects.filter(course_id__in=ids, user=user, year=year)
                        .values_list("course_id", "status"))
        kinds = dict(CourseRequirement.objects.filter(
            course_id__in=ids, year=year, category_id=Subquery(category_of(user)))
            .values_list("course_id", "kind"))
    topics = topics_of(ids)
    return [CourseCard(course=course, url=course.get_url(request=request),
                       topics=topics.get(course.pk, []), seats_taken=taken.get(course.pk, 0),
                       my_status=statuses.get(course.pk), my_kind=kinds.get(course.pk))
            for course in courses]


class Topic(NamedTuple):
    slug: str
    name: str


def topics_of(course_ids):
    """{course id: [Topic(slug, name)]} in one flat query (taggit's prefetch through the cluster
    manager costs several times more)."""
    by_course = {}
    rows = (CourseTopic.objects.filter(content_object_id__in=list(course_ids))
            .order_by("tag__name").values_list("content_object_id", "tag__slug", "tag__name"))
    for course_id, slug, name in rows:
        by_course.setdefault(course_id, []).append(Topic(slug, name))
    return by_course


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


def plan_for(user, year=None, *, request=None):
    """The trainee's plan for a year: required and chosen courses and the hours (3 queries).

    With a request, only courses it may view count (a page behind a view restriction the
    trainee does not pass is neither listed nor counted); without, every live course.
    """
    year = year or current_training_year()
    profile = TraineeProfile.objects.select_related("category").filter(user=user).first()
    category = profile.category if profile else None
    plan = Plan(year=year, category=category)
    if category is not None:
        plan.required_hours_due = category.annual_required_hours
        plan.min_elective_hours = category.min_elective_hours
    courses = viewable_courses(request) if request else CoursePage.objects.live()
    enrolments = (
        Enrolment.objects.filter(user=user, year=year, status__in=Enrolment.ACTIVE_STATUSES,
                                 course__in=courses)
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


def course_lectures(course, request):
    """The lectures of a course this request may view, in order, each with `done` for the
    requester (2 queries)."""
    # A lecture list never shows bodies; parsing every StreamField would cost more than the rest.
    lectures = list(viewable(LecturePage.objects.child_of(course), request)
                    .defer_streamfields().order_by("path"))
    done = set()
    if request.user.is_authenticated:
        done = set(LectureProgress.objects.filter(user=request.user, lecture__in=lectures)
                   .values_list("lecture_id", flat=True))
    for lecture in lectures:
        lecture.done = lecture.pk in done
    return lectures


COURSE_DETAIL_PREFETCH = (
    Prefetch("sessions", ClassSession.objects.order_by("starts_at")),
    Prefetch("prerequisites", CoursePage.objects.only("id", "title", "code")),
    "instructors",
)


def course_page_card(course, *, request, year=None):
    """The card of one course with its sessions, prerequisites and instructors prefetched: what
    the course page and the detail API show besides the lectures."""
    prefetch_related_objects([course], *COURSE_DETAIL_PREFETCH)
    return course_cards([course], request=request, year=year)[0]


def seats_taken(course, year):
    """Seats held on a course in a year (pending, enrolled and completed)."""
    return Enrolment.objects.filter(course=course, year=year,
                                    status__in=Enrolment.SEAT_STATUSES).count()


def requirement_kind(*, user, course, year):
    """'required', 'elective' or None (not offered) for this user's category."""
    category_id = category_id_of(user)
    if category_id is None:
        return None
    return (CourseRequirement.objects.filter(course=course, category_id=category_id, year=year)
            .values_list("kind", flat=True).first())


def course_ids_taught_by(user):
    """Ids of the courses the user is an instructor of (remembered on the user object, as
    menus and page listings ask once per item)."""
    if not user.is_authenticated:
        return frozenset()
    taught = getattr(user, "_lms_courses_taught", None)
    if taught is None:
        taught = user._lms_courses_taught = frozenset(
            CoursePage.instructors.through.objects.filter(user=user)
            .values_list("coursepage_id", flat=True))
    return taught


def may_see_progress(user, course_id):
    """Staff with the enrolment lists see every course's progress; instructors their own."""
    return user.has_perm("lms_courses.view_enrolment") or course_id in course_ids_taught_by(user)


def may_record_completion(user, course_id):
    """The training office (who may change enrolments) and the course's own instructors."""
    return (user.has_perm("lms_courses.change_enrolment")
            or course_id in course_ids_taught_by(user))


def classes_of(user, year=None):
    """The courses a user teaches with how many trainees are on each, by status (2 queries)."""
    year = year or current_training_year()
    courses = list(CoursePage.objects.filter(pk__in=course_ids_taught_by(user))
                   .only("id", "title", "code", "live", "starts_on", "ends_on")
                   .order_by("code"))
    counts = {}
    for course_id, status, n in (Enrolment.objects.filter(course__in=courses, year=year)
                                 .values_list("course_id", "status").annotate(n=Count("pk"))
                                 .order_by()):
        counts.setdefault(course_id, {})[status] = n
    for course in courses:
        by_status = counts.get(course.pk, {})
        course.on_course = sum(n for status, n in by_status.items()
                               if status in Enrolment.SEAT_STATUSES)
        course.completed = by_status.get(Enrolment.Status.COMPLETED, 0)
        course.waitlisted = by_status.get(Enrolment.Status.WAITLISTED, 0)
    return courses

