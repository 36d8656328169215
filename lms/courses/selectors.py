"""Reads of lms.courses: the catalogue and its cards, a course, its lectures, a trainee's plan,
and who teaches what."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.utils import timezone

from lms.core.models import TraineeProfile
from lms.courses import rules
from lms.courses.filters import CatalogueFilter
from lms.courses.models import (
    CoursePage,
    CourseRequirement,
    CourseTopic,
    Enrolment,
    TrainingYear,
    course_training_year,
    current_training_year,
    plausible_training_year,
)
from lms.courses.refusals import withdrawal_message
from lms.platform.pages import viewable

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
    asked for and their cards, and the requester's plan for the plan year asked for
    (`plan_year`, this year by default), which is also the year of courses without dates."""
    this_year = current_training_year()
    plan_year = plausible_training_year(request.GET.get("plan_year", "")) or this_year
    filterset = catalogue_filter(request, request.GET or None, year=plan_year).with_topic_menu()
    # Filters that do not make sense are shown with their errors over the whole catalogue,
    # rather than as "no course matches".
    courses = filterset.qs if filterset.is_valid() else filterset.queryset
    page = Paginator(courses, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    signed_in = request.user.is_authenticated
    return {
        "filter_form": filterset.form,
        "courses": page,
        "cards": course_cards(page.object_list, request=request, plan_year=plan_year),
        "query_string": query.urlencode(),
        "plan_year": plan_year,
        "plan_years": [this_year - 1, this_year, this_year + 1],
        "plan": plan_for(request.user, plan_year, request=request) if signed_in else None,
    }


@dataclass
class YearSummary:
    """What a training year holds: its enrolments, how many completed or still in progress
    (enrolled, pending or wait-listed), and the hours credited."""

    enrolments: int = 0
    completed: int = 0
    in_progress: int = 0
    credited_hours: Decimal = Decimal("0")


def year_summaries(years=None):
    """{year: YearSummary} for every year with enrolments (or only `years`), in one grouped
    query."""
    rows = Enrolment.objects.order_by()
    if years is not None:
        rows = rows.filter(year__in=list(years))
    summaries = {}
    in_progress = (Enrolment.Status.ENROLLED, Enrolment.Status.PENDING,
                   Enrolment.Status.WAITLISTED)
    for year, status, n, hours in (rows.values_list("year", "status")
                                   .annotate(n=Count("pk"), hours=Sum("credited_hours"))):
        summary = summaries.setdefault(year, YearSummary())
        summary.enrolments += n
        summary.credited_hours += hours or 0
        summary.completed += n if status == Enrolment.Status.COMPLETED else 0
        summary.in_progress += n if status in in_progress else 0
    return summaries


def year_summary(year):
    return year_summaries([year]).get(year, YearSummary())


def closed_years(years):
    """Which of these training years the office has closed (one query)."""
    return set(TrainingYear.objects.filter(year__in=set(years), closed_at__isnull=False)
               .values_list("year", flat=True))


def year_is_closed(year):
    """Whether the office has closed this training year (one query)."""
    return TrainingYear.objects.filter(year=year, closed_at__isnull=False).exists()


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
    year: int = 0  # the training year the card speaks of: the course's, or the plan's
    year_closed: bool = False
    my_source: str | None = None

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
        """Whether the requester may choose the course now (an elective not held, in an open
        year)."""
        return (not self.year_closed and self.my_kind == CourseRequirement.Kind.ELECTIVE
                and self.my_status in (None, Enrolment.Status.WITHDRAWN,
                                       Enrolment.Status.REJECTED))

    @property
    def withdrawal_refusal(self):
        """Why the requester may not drop the course now (a code of the one withdrawal rule),
        or None when they may."""
        return rules.withdrawal_refusal(
            status=self.my_status, source=self.my_source, kind=self.my_kind,
            closes_at=self.course.withdrawal_closes_at(), now=timezone.now(),
            year_closed=self.year_closed)

    @property
    def can_withdraw(self):
        return self.withdrawal_refusal is None

    @property
    def withdrawal_note(self):
        """Why a course the requester holds cannot be dropped, in words (else "")."""
        code = self.withdrawal_refusal
        if code in (None, "not_enrolled", "already_completed"):
            return ""
        return withdrawal_message(code, self.course)

    @property
    def is_assigned(self):
        """Put on the course by the training office (shown as assigned, even where the course
        is not offered to the requester's category)."""
        return (self.my_source == Enrolment.Source.STAFF
                and self.my_status in Enrolment.ACTIVE_STATUSES)


@dataclass
class CardReads:
    """What a caller has read already for course_cards, so that it is not read twice: the
    seats taken, the requester's (status, source) and the requester's kind of course, each by
    (course id, year); the closed years among those in view; the topics by course id. None
    leaves it to course_cards."""

    taken: dict | None = None
    mine: dict | None = None
    kinds: dict | None = None
    closed: set | None = None
    topics: dict | None = None


def seat_holders():
    """The enrolments that hold a seat (pending, enrolled, completed)."""
    return Enrolment.objects.filter(status__in=Enrolment.SEAT_STATUSES)


def requirements_for(user):
    """The requirement rows of the user's trainee category (required or elective for them),
    through their profile (a join: one profile per user); none for anonymous users."""
    if not user.is_authenticated:
        return CourseRequirement.objects.none()
    return CourseRequirement.objects.filter(category__trainees__user=user)


def course_reads(course, year, user):
    """The CardReads of one course in one training year that are not the course's own: seats
    taken, the user's kind of course (for their category) and whether the year is closed, in
    three plain queries or fewer (course_cards reads them flat for a page of courses): the seats
    are not counted for a course without a seat limit, where nobody is shown them. One query of
    three subqueries took Django longer to build than these three take to run."""
    key = (course.pk, year)
    taken = 0 if course.capacity is None else seats_taken(course, year)
    kind = requirement_kind(user=user, course=course, year=year)
    return CardReads(taken={key: taken}, kinds={key: kind} if kind else {},
                     closed=closed_years([year]))


def course_cards(courses, *, request, plan_year=None, reads=None):
    """Cards of these courses (page objects with CARD_FIELDS) for the request's user, each in
    its own training year (the course's, or `plan_year` for a course without dates): five flat
    queries for any number of courses (seats, mine, kinds, topics, closed years), three when
    anonymous, fewer for what `reads` (CardReads) brings."""
    courses = list(courses)
    if not courses:
        return []
    reads = reads or CardReads()
    year_of = {course.pk: course_training_year(course, plan_year) for course in courses}
    ids, years = list(year_of), set(year_of.values())
    taken = reads.taken if reads.taken is not None else {
        (course_id, year): n for course_id, year, n in seat_holders().filter(
            course_id__in=ids, year__in=years)
        .order_by().values_list("course_id", "year").annotate(n=Count("pk"))}
    mine, kinds = {}, {}
    user = request.user
    if user.is_authenticated:
        mine = reads.mine if reads.mine is not None else {
            (course_id, year): (status, source) for course_id, year, status, source in
            Enrolment.objects.filter(course_id__in=ids, user=user, year__in=years)
            .values_list("course_id", "year", "status", "source")}
        kinds = reads.kinds if reads.kinds is not None else {
            (course_id, year): kind for course_id, year, kind in requirements_for(user)
            .filter(course_id__in=ids, year__in=years).values_list("course_id", "year", "kind")}
    topics = reads.topics if reads.topics is not None else topics_of(ids)
    closed = reads.closed if reads.closed is not None else closed_years(years)
    cards = []
    for course in courses:
        key = (course.pk, year_of[course.pk])
        status, source = mine.get(key, (None, None))
        cards.append(CourseCard(
            course=course, url=course.get_url(request=request),
            topics=topics.get(course.pk, []), seats_taken=taken.get(key, 0), my_status=status,
            my_kind=kinds.get(key), year=key[1], year_closed=key[1] in closed, my_source=source))
    return cards


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

    @property
    def kind_label(self):
        return self.enrolment.get_source_display()


@dataclass
class Plan:
    year: int
    category: object
    closed: bool = False
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
    """The trainee's plan for a year: required, chosen and assigned courses of that training
    year and the hours credited in it (4 queries).

    With a request, only courses it may view count (a page behind a view restriction the
    trainee does not pass is neither listed nor counted); without, every live course.
    """
    year = year or current_training_year()
    profile = TraineeProfile.objects.select_related("category").filter(user=user).first()
    category = profile.category if profile else None
    plan = Plan(year=year, category=category, closed=bool(closed_years([year])))
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
            # A completion counts the hours it was credited, so a year's figures hold when the
            # course's hours change for a later year.
            hours = (enrolment.credited_hours if enrolment.status == Enrolment.Status.COMPLETED
                     else course.credit_hours)
            plan.planned_hours += hours
            if enrolment.source != Enrolment.Source.REQUIRED:
                plan.planned_elective_hours += hours
    return plan


def last_completed_year(user, course, *, before):
    """The latest training year before `before` in which the user completed the course, or
    None (a retake is told its earlier record stays)."""
    if not user.is_authenticated:
        return None
    return (Enrolment.objects.filter(user=user, course=course, year__lt=before,
                                     status=Enrolment.Status.COMPLETED)
            .order_by("-year").values_list("year", flat=True).first())


def seats_taken(course, year):
    """Seats held on a course in a year (pending, enrolled and completed)."""
    return seat_holders().filter(course=course, year=year).count()


def requirement_kind(*, user, course, year):
    """'required', 'elective' or None (not offered) for this user's category (one query, none
    for anonymous users; at most one row, by the model's constraint)."""
    return next(iter(requirements_for(user).filter(course=course, year=year)
                     .values_list("kind", flat=True)[:1]), None)


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


def oversees_any(user):
    """Whether the user oversees any course: staff who see every course's progress, and
    instructors of at least one course (they grade, read results, moderate)."""
    return user.is_authenticated and (user.has_perm("lms_courses.view_enrolment")
                                      or bool(course_ids_taught_by(user)))


def courses_overseen_q(user, field="course_id"):
    """A filter on `field` (a course id) for what the user oversees: everything for staff who
    see every course's progress, the courses they teach for instructors."""
    from django.db.models import Q

    if user.has_perm("lms_courses.view_enrolment"):
        return Q()
    return Q(**{f"{field}__in": course_ids_taught_by(user)})


def may_record_completion(user, course_id):
    """The training office (who may change enrolments) and the course's own instructors."""
    return (user.has_perm("lms_courses.change_enrolment")
            or course_id in course_ids_taught_by(user))


def may_withdraw_trainees(user):
    """Only the training office (who may change enrolments) takes trainees off a course."""
    return user.has_perm("lms_courses.change_enrolment")


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



LEARNING = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


@dataclass
class CourseStanding:
    """How a user stands towards a course's activities (a quiz, a discussion): a trainee with
    an enrolment in the course's training year, whose work counts in it while the year is
    open; or one who oversees the course (its instructors and the staff who see its progress),
    whose work never counts as a trainee's."""

    course_id: int
    user: object
    enrolment: Enrolment | None

    @cached_property
    def year_closed(self):
        """Whether the enrolment's training year is closed (a query, asked only when it
        matters: with an enrolment, and not to read, which any enrolment in the year allows)."""
        return self.enrolment is not None and year_is_closed(self.enrolment.year)

    @cached_property
    def oversees(self):
        return self.user.is_authenticated and may_see_progress(self.user, self.course_id)

    @property
    def records_progress(self):
        """A trainee on the course (enrolled or completed) in an open year."""
        return (self.enrolment is not None and self.enrolment.status in LEARNING
                and not self.year_closed)

    @property
    def may_take(self):
        """Take part now: trainees whose work counts, and those who oversee the course."""
        return self.records_progress or self.oversees

    @property
    def may_read(self):
        """See the activity and one's own work in it: those who may take part, and trainees of
        any enrolment in the course's year (a closed year's, a withdrawn one's) looking back."""
        return self.enrolment is not None or self.may_take


def course_standing(course, user):
    """The CourseStanding of a user towards a course: for a signed-in user, a query for their
    enrolment in the course's training year (at most one, by the model's constraint). Whether
    that year is closed is asked separately, only when needed (CourseStanding.year_closed): a
    plain query, where a subquery of this one took Django longer to build than both to run."""
    enrolment = None
    if user.is_authenticated:
        enrolment = next(iter(Enrolment.objects.filter(
            user=user, course_id=course.pk, year=course_training_year(course))[:1]), None)
    return CourseStanding(course_id=course.pk, user=user, enrolment=enrolment)
