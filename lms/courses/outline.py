"""Reads of a course's outline: its lectures in order with what the requester has done of them
within the enrolment in view, where a lecture stands among them, who may read a lecture's body,
and what the course and lecture pages show around it.

The enrolment in view is the requester's enrolment of the course's training year
(`course_training_year`), the one progress is recorded on; an earlier year's stays history.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery

from lms.courses import completion
from lms.courses.models import (
    CoursePage,
    Enrolment,
    LectureProgress,
    course_training_year,
)
from lms.courses.parts import OUTLINE_FIELDS, CourseParts, course_parts
from lms.courses.selectors import (
    CardReads,
    CourseCard,
    course_cards,
    course_reads,
    last_completed_year,
    may_see_progress,
    year_is_closed,
)
from lms.platform.pages import refused_paths, viewable

Status = Enrolment.Status

# A trainee reads the lectures and records progress once the place is confirmed: enrolled, or
# completed (going over the course again). A choice awaiting approval may still be refused and
# a place on the waiting list may never come, so until then they see the outline and open
# previews only — reading the course first would make the seat and the approval meaningless,
# and progress could not be recorded anyway (services.lecture_mark_done refuses them too).
LEARNING_STATUSES = (Status.ENROLLED, Status.COMPLETED)


def outline_lectures(lectures, request):
    """These lectures (a LecturePage queryset) as outlines list them: the live ones the request
    may view, in course order, with OUTLINE_FIELDS only."""
    return viewable(lectures, request).only(*OUTLINE_FIELDS).order_by("path")


def next_unfinished(lectures):
    """The first of these lectures (in course order, each with a `done` flag) that is not done,
    or None when every one is: where a trainee carries on. Pure: reads nothing but the flags."""
    return next((lecture for lecture in lectures if not lecture.done), None)


@dataclass
class OutlineLecture:
    """A lecture as an outline lists it: from its course's cached parts, with its place in the
    course (`number`, 1-based) and whether the requester has done it."""

    id: int
    title: str
    url: str
    credit_hours: Decimal
    open_preview: bool
    number: int
    done: bool = False

    @property
    def pk(self):
        return self.id


class LecturePlace(NamedTuple):
    """Where a lecture stands in its course's outline: "Lecture `number` of `total`", with its
    neighbours (None at either end)."""

    number: int
    total: int
    previous: OutlineLecture | None
    next: OutlineLecture | None


@dataclass
class Outline:
    """A course's lectures as the requester sees them, in order, and where the requester stands.

    `lectures` are the live lectures the request may view (Wagtail's view restrictions
    honoured), as OutlineLecture: with `done` (within the enrolment in view) and `number`."""

    course: CoursePage
    year: int  # the training year in view
    lectures: list
    user: object  # the requester
    enrolment: Enrolment | None = None  # the requester's enrolment of that year
    year_closed: bool = False

    @cached_property
    def oversees(self):
        """An instructor of the course, or staff who see its progress (read when asked: a
        trainee on the course never needs it)."""
        return self.user.is_authenticated and may_see_progress(self.user, self.course.pk)

    @property
    def is_learning(self):
        """On the course with a confirmed place: enrolled or completed."""
        return self.enrolment is not None and self.enrolment.status in LEARNING_STATUSES

    @property
    def may_read(self):
        """Whether the requester may read every lecture's body (open previews aside)."""
        return self.is_learning or self.oversees

    def may_read_lecture(self, lecture):
        """Whether the requester may read this lecture's body: every reader of the course, and
        anyone at all for a lecture marked as an open preview."""
        return self.may_read or lecture.open_preview

    @property
    def records_progress(self):
        """Whether "mark as done" is offered: the rule services.lecture_mark_done enforces (a
        confirmed place, in a training year still open)."""
        return self.is_learning and not self.year_closed

    @property
    def total(self):
        return len(self.lectures)

    @property
    def done(self):
        return sum(1 for lecture in self.lectures if lecture.done)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_lecture(self):
        """The first lecture not done yet (None when all are, or there are none)."""
        return next_unfinished(self.lectures)

    @property
    def resume(self):
        """Where the Start / Continue button leads and what it says, for those who may read:
        ("start", first lecture) when nothing is done, ("continue", next unfinished),
        ("review", first lecture) when all are done; ("browse", first lecture) for instructors
        and staff, who record no progress. None without lectures or without the right to read."""
        if not self.lectures or not self.may_read:
            return None
        if not self.is_learning:
            return "browse", self.lectures[0]
        following = self.next_lecture
        if following is None:
            return "review", self.lectures[0]
        return ("continue" if self.done else "start"), following

    @property
    def render_key(self):
        """A digest of all the outline list shows, the requester's progress included: its
        rendered HTML is cached under it (with the language and the lecture in view), so a
        lecture retitled or marked done renders afresh and nothing needs dropping."""
        lectures = [(lecture.id, lecture.title, str(lecture.credit_hours), lecture.open_preview,
                     lecture.url, lecture.done) for lecture in self.lectures]
        # Whether the requester reads everything matters only where a lecture is an open preview.
        previews = any(lecture.open_preview for lecture in self.lectures)
        shown = (lectures, self.is_learning, self.may_read if previews else None)
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    def card_reads(self, topics=None):
        """What this outline has read that the course's card needs too (selectors.CardReads):
        the requester's enrolment and whether the year is closed."""
        mine = {} if self.enrolment is None else {
            (self.course.pk, self.year): (self.enrolment.status, self.enrolment.source)}
        return CardReads(mine=mine, closed={self.year} if self.year_closed else set(),
                         topics=topics)

    def place(self, lecture):
        """The LecturePlace of a lecture of this outline, or None when it is not in it (a
        draft seen in the admin's preview)."""
        for index, item in enumerate(self.lectures):
            if item.pk == lecture.pk:
                return LecturePlace(
                    number=index + 1, total=self.total,
                    previous=self.lectures[index - 1] if index else None,
                    next=self.lectures[index + 1] if index + 1 < self.total else None)
        return None


def course_outline(course, request, *, plan_year=None, year_closed=None, parts=None):
    """The Outline of a course for this request: its lectures the request may view, in order,
    with `done` flags for the requester's enrolment of the course's training year (or of
    `plan_year` for a course without dates, as elsewhere). The lectures come from the course's
    cached parts (or `parts`, when the caller holds them); then four queries or fewer whatever
    their number (view restrictions, enrolment, progress, and whether the year is closed unless
    `year_closed` says); asking
    whether the requester oversees the course reads the courses they teach and, once per
    request, their permissions.

    One course at a time: a page of many courses reads their lectures in bulk
    (`outline_lectures`) and calls next_unfinished on each list."""
    year = course_training_year(course, plan_year)
    refused = refused_paths(request)
    parts = parts or course_parts(course)
    shown = [lecture for lecture in parts.lectures if not lecture.path.startswith(refused)]
    user = request.user
    enrolment, done = None, set()
    if user.is_authenticated:
        # At most one, by the model's constraint: no ordering needed.
        enrolment = next(iter(Enrolment.objects.filter(user=user, course=course, year=year)[:1]),
                         None)
        if enrolment is not None and shown:
            done = set(LectureProgress.objects.filter(enrolment=enrolment)
                       .values_list("lecture_id", flat=True))
    lectures = [OutlineLecture(lecture.id, lecture.title, lecture.url, lecture.credit_hours,
                               lecture.open_preview, number=number, done=lecture.id in done)
                for number, lecture in enumerate(shown, start=1)]
    if year_closed is None:
        year_closed = year_is_closed(year)
    return Outline(course=course, year=year, lectures=lectures, user=user, enrolment=enrolment,
                   year_closed=year_closed)


def queue_positions(enrolments):
    """{enrolment id: place in its course's waiting list} for these wait-listed enrolments (1 =
    next to get a seat), in one query. The queue is in the order services.waitlist_fill hands
    out seats: longest on the list first."""
    enrolments = [e for e in enrolments if e.status == Status.WAITLISTED]
    if not enrolments:
        return {}
    ahead = (Enrolment.objects.filter(course=OuterRef("course"), year=OuterRef("year"),
                                      status=Status.WAITLISTED)
             .filter(Q(status_changed_at__lt=OuterRef("status_changed_at"))
                     | Q(status_changed_at=OuterRef("status_changed_at"), pk__lt=OuterRef("pk")))
             .order_by().values("course").annotate(n=Count("pk")).values("n"))
    rows = (Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
            .annotate(ahead=Subquery(ahead)).values_list("pk", "ahead"))
    return {pk: (ahead or 0) + 1 for pk, ahead in rows}


@dataclass
class CourseDetail:
    """A course as its page and the detail API show it: the card, the outline, and the parts
    the same for every reader (lms.courses.parts). Reads through to the card, and so to the
    course, for anything else (title, code, learning_objectives…)."""

    card: CourseCard
    outline: Outline
    parts: CourseParts

    def __getattr__(self, name):
        if name in ("card", "outline", "parts"):
            raise AttributeError(name)
        return getattr(self.card, name)

    @property
    def lectures(self):
        return self.outline.lectures

    @property
    def sessions(self):
        return self.parts.sessions

    @property
    def prerequisites(self):
        return self.parts.prerequisites

    @property
    def instructors(self):
        return self.parts.instructors


def course_detail(course, request, *, plan_year=None):
    """The CourseDetail of a course for this request. The parts come from the cache; the
    seats taken (only with a seat limit), the requester's kind of course and whether the year
    is closed are a query each (course_reads); the site's view restrictions, the requester's
    enrolment, read once for the card and the outline, and its progress: six queries for a
    trainee, whatever the number of lectures, sessions or instructors."""
    year = course_training_year(course, plan_year)
    reads = course_reads(course, year, request.user)
    parts = course_parts(course)
    outline = course_outline(course, request, plan_year=plan_year,
                             year_closed=year in reads.closed, parts=parts)
    reads.mine = outline.card_reads().mine
    reads.topics = {course.pk: list(parts.topics)}
    card = course_cards([course], request=request, plan_year=plan_year, reads=reads)[0]
    return CourseDetail(card=card, outline=outline, parts=parts)


def course_page_context(course, request):
    """What the course page shows: the CourseDetail (the card's enrolment box, the outline
    with progress and the Start / Continue target, sessions, prerequisites, instructors with
    their titles, topics), the place in the queue and an earlier completion."""
    detail = course_detail(course, request)
    card, enrolment = detail.card, detail.outline.enrolment
    context = {
        "card": card,
        "outline": detail.outline,
        "lectures": detail.lectures,
        "parts": detail.parts,
        "queue_position": None,
    }
    if enrolment is not None:
        context["queue_position"] = queue_positions([enrolment]).get(enrolment.pk)
    if card.my_status in (None, Status.WITHDRAWN, Status.REJECTED):
        context["completed_before"] = last_completed_year(request.user, course, before=card.year)
    return context


def lecture_page_context(lecture, request):
    """What a lecture page shows: its course, the outline with this lecture's place ("Lecture 3
    of 10", previous / next), whether the requester may read the body and record progress, and,
    for those who may not read, the course's card (to choose it there and then)."""
    course = CoursePage.objects.parent_of(lecture).get()
    outline = course_outline(course, request)
    place = outline.place(lecture)
    current = outline.lectures[place.number - 1] if place else lecture
    # The admin's preview shows editors what they are writing, whoever may read it on the site.
    may_read = outline.may_read_lecture(lecture) or getattr(request, "is_preview", False)
    context = {
        "course": course,
        "outline": outline,
        "place": place,
        "may_read_body": may_read,
        "open_preview_only": may_read and not outline.may_read,
        "done": bool(getattr(current, "done", False)),
        "records_progress": outline.records_progress and place is not None,
        "card": None,
    }
    if context["records_progress"]:
        # A lecture finished by another measure (its videos watched) says so instead of
        # offering "mark as done" (asked whether done or not: one query either way).
        context["self_mark_refusal"] = completion.lecture_refusal(outline.enrolment, lecture)
    if not outline.may_read and request.user.is_authenticated:
        context["card"] = course_cards([course], request=request, reads=outline.card_reads())[0]
    return context
