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
from lms.core.querytemplates import QueryTemplate
from lms.core.selectors import child_page_urls
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
    courses = _catalogue_query(**_catalogue_values(user, year, filters))
    if search:
        # SQLite's full-text syntax fails on an unbalanced quote (wagtail/wagtail#13227, a 500);
        # quotes add nothing to a catalogue search, so they go.
        words = search.replace('"', " ").strip()
        ids = [page.pk for page in CoursePage.objects.live().search(words)] if words else []
        # Full-text search splits codes like "LAW-1" into words; a code typed in is found as is.
        courses = courses.filter(Q(pk__in=ids) | Q(code__icontains=search.strip()))
    return courses


def _catalogue_values(user, year, filters):
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    return {
        "user_id": user.pk if user.is_authenticated else None,
        "year": year or current_training_year(),
        **{name: value for name, value in filters.items() if name != "available"},
        "available": bool(filters.get("available")),
    }


def _catalogue_query(*, user_id, year, topic=None, format=None, category=None, kind=None,
                     min_hours=None, max_hours=None, available=False):
    """The catalogue's queryset. Values only flow into the query (see lms.core.querytemplates):
    the API replays its SQL rather than building it for every request."""
    # Correlated subqueries rather than a join + GROUP BY: the database computes them only for
    # the rows of the page it returns, not for every course in the catalogue.
    seats = (Enrolment.objects.filter(course=OuterRef("pk"), year=year,
                                      status__in=Enrolment.SEAT_STATUSES)
             .order_by().values("course").annotate(n=Count("pk")).values("n"))
    courses = CoursePage.objects.live().only(*CATALOGUE_FIELDS).annotate(
        seats_taken=Coalesce(Subquery(seats, output_field=IntegerField()), 0),
    )
    if user_id is not None:
        mine = Enrolment.objects.filter(course=OuterRef("pk"), user_id=user_id, year=year)
        # My category is looked up inside the query: one query fewer per catalogue page.
        my_category = TraineeProfile.objects.filter(user_id=user_id).values("category_id")[:1]
        requirement = CourseRequirement.objects.filter(course=OuterRef("pk"), year=year,
                                                       category_id=Subquery(my_category))
        courses = courses.annotate(my_status=Subquery(mine.values("status")[:1]),
                                   my_kind=Subquery(requirement.values("kind")[:1]))
    else:
        courses = courses.annotate(my_status=Value(None, output_field=CharField()),
                                   my_kind=Value(None, output_field=CharField()))

    # Filters on related rows use subqueries, not joins, so counts and rows are not multiplied.
    if topic is not None:
        courses = courses.filter(pk__in=CourseTopic.objects.filter(
            tag__slug=topic).values("content_object_id"))
    if format is not None:
        courses = courses.filter(format=format)
    if category is not None:
        courses = courses.filter(pk__in=CourseRequirement.objects.filter(
            category_id=category, year=year).values("course_id"))
    if kind is not None:
        courses = courses.filter(my_kind=kind)
    if min_hours is not None:
        courses = courses.filter(credit_hours__gte=min_hours)
    if max_hours is not None:
        courses = courses.filter(credit_hours__lte=max_hours)
    if available:
        courses = courses.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("seats_taken")))
    return courses.order_by("code")


def _catalogue_cards_query(**values):
    return _catalogue_query(**values).values(*CARD_VALUES)


_CATALOGUE_CARDS = QueryTemplate(_catalogue_cards_query)


def catalogue_cards(*, user, year=None, filters=None, search=None):
    """The catalogue as card rows (dicts with CARD_VALUES) for the API: a sequence that Django's
    and DRF's paginators slice and count; give the page to `complete_cards`.

    Without a search its SQL is compiled once per combination of filters and replayed (see
    lms.core.querytemplates); a search goes through the ORM each time.
    """
    if search:
        return catalogue(user=user, year=year, filters=filters,
                         search=search).values(*CARD_VALUES)
    return _CATALOGUE_CARDS.bind(**_catalogue_values(user, year, filters))


def _topics_query(*, ids):
    return (CourseTopic.objects.filter(content_object_id__in=ids).order_by("tag__name")
            .values("content_object_id", "tag__slug", "tag__name"))


_TOPICS = QueryTemplate(_topics_query)


def topics_of(course_ids):
    """{course id: [(slug, name)]} in one flat query (taggit's prefetch through the cluster
    manager costs several times more)."""
    by_course, ids = {}, list(course_ids)
    if not ids:
        return by_course
    for row in _TOPICS.bind(ids=ids):
        by_course.setdefault(row["content_object_id"], []).append(
            (row["tag__slug"], row["tag__name"]))
    return by_course


def attach_topics(courses):
    """Set `topic_list` [(slug, name)] on each course (one query)."""
    courses = list(courses)
    by_course = topics_of(c.pk for c in courses)
    for course in courses:
        course.topic_list = by_course.get(course.pk, [])
    return courses


# A catalogue card as a plain row: `catalogue(...).values(*CARD_VALUES)`. The API lists these
# rather than page objects; making a Wagtail page per course costs more than the query.
CARD_VALUES = (
    "id", "code", "title", "summary", "format", "credit_hours", "capacity", "requires_approval",
    "enrolment_opens", "enrolment_closes", "starts_on", "ends_on", "url_path",
    "seats_taken", "my_status", "my_kind",
)


def complete_cards(rows, *, request=None):
    """Add to card rows (dicts with CARD_VALUES) what a card shows besides: `topics`
    [{slug, name}], `seats_left`, `format_label` and the course page's `url`. One query."""
    rows = list(rows)
    topics = topics_of(row["id"] for row in rows)
    url_of = child_page_urls(request)
    labels = {value: str(label) for value, label in CoursePage.Format.choices}  # translate once
    for row in rows:
        row["topics"] = [{"slug": slug, "name": name} for slug, name in topics.get(row["id"], ())]
        row["seats_left"] = _seats_left(row["capacity"], row["seats_taken"])
        row["format_label"] = labels.get(row["format"], row["format"])
        row["url"] = url_of(row["url_path"])
    return rows


def course_card(course, *, request=None):
    """The card row of one course from `course_overlay` (or a catalogue page object)."""
    return complete_cards([{name: getattr(course, name) for name in CARD_VALUES}],
                          request=request)[0]


def _seats_left(capacity, taken):
    return None if capacity is None else max(capacity - taken, 0)


def seats_left(course):
    """Seats still free on an annotated course (catalogue or course_overlay); None: no limit."""
    return _seats_left(course.capacity, course.seats_taken)


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


def course_overlay(course, *, user, year=None):
    """Fill in on one course what the catalogue annotates (seats taken, my status and kind)
    and prefetch its sessions, prerequisites and instructors: a few flat queries,
    cheaper than the catalogue's annotated query for a single row. `course_card` makes the
    card row of the result."""
    year = year or current_training_year()
    course.seats_taken = seats_taken(course, year)
    course.my_status = course.my_kind = None
    if user.is_authenticated:
        course.my_status = (Enrolment.objects.filter(course=course, user=user, year=year)
                            .values_list("status", flat=True).first())
        course.my_kind = requirement_kind(user=user, course=course, year=year)
    prefetch_related_objects([course], *COURSE_DETAIL_PREFETCH)
    return course


def course_detail(course_id, *, user, year=None):
    """One live course with everything its page and the detail API show."""
    return course_overlay(CoursePage.objects.live().get(pk=course_id), user=user, year=year)


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

