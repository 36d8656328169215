"""Reads of a course's outline: its lectures in order with what the requester has done of them
within the enrolment in view, where a lecture stands among them, who may read a lecture's body,
and what the course and lecture pages show around it.

The enrolment in view is the requester's enrolment of the course's training year
(`course_training_year`), the one progress is recorded on; an earlier year's stays history.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery, prefetch_related_objects

from lms.courses.models import (
    CoursePage,
    Enrolment,
    LecturePage,
    LectureProgress,
    course_training_year,
)
from lms.courses.selectors import (
    closed_years,
    course_cards,
    course_page_card,
    last_completed_year,
    may_see_progress,
)
from lms.platform.pages import viewable

Status = Enrolment.Status

# A trainee reads the lectures and records progress once the place is confirmed: enrolled, or
# completed (going over the course again). A choice awaiting approval may still be refused and
# a place on the waiting list may never come, so until then they see the outline and open
# previews only — reading the course first would make the seat and the approval meaningless,
# and progress could not be recorded anyway (services.lecture_mark_done refuses them too).
LEARNING_STATUSES = (Status.ENROLLED, Status.COMPLETED)


def next_unfinished(lectures):
    """The first of these lectures (in course order, each with a `done` flag) that is not done,
    or None when every one is: where a trainee carries on. Pure: reads nothing but the flags."""
    return next((lecture for lecture in lectures if not lecture.done), None)


class LecturePlace(NamedTuple):
    """Where a lecture stands in its course's outline: "Lecture `number` of `total`", with its
    neighbours (None at either end)."""

    number: int
    total: int
    previous: LecturePage | None
    next: LecturePage | None


@dataclass
class Outline:
    """A course's lectures as the requester sees them, in order, and where the requester stands.

    `lectures` are the live lectures the request may view (Wagtail's view restrictions
    honoured), without their bodies, each with `done` (within the enrolment in view) and
    `number` (1-based)."""

    course: CoursePage
    year: int  # the training year in view
    lectures: list
    enrolment: Enrolment | None = None  # the requester's enrolment of that year
    year_closed: bool = False
    oversees: bool = False  # an instructor of the course, or staff who see its progress

    @property
    def is_learning(self):
        """On the course with a confirmed place: enrolled or completed."""
        return self.enrolment is not None and self.enrolment.status in LEARNING_STATUSES

    @property
    def may_read(self):
        """Whether the requester may read every lecture's body (open previews aside)."""
        return self.oversees or self.is_learning

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


def course_outline(course, request, *, plan_year=None):
    """The Outline of a course for this request: its viewable lectures in order with `done`
    flags for the requester's enrolment of the course's training year (or of `plan_year` for a
    course without dates, as elsewhere). Six queries or fewer whatever the number of lectures
    (view restrictions, lectures, enrolment, progress, closed year, taught courses), plus the
    user's permissions once per request.

    One course at a time: a page of many courses reads their lectures in bulk and calls
    next_unfinished on each list."""
    year = course_training_year(course, plan_year)
    # An outline never shows bodies; parsing every StreamField would cost more than the rest.
    lectures = list(viewable(LecturePage.objects.child_of(course), request)
                    .defer_streamfields().order_by("path"))
    user = request.user
    enrolment, done = None, set()
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course=course, year=year).first()
        if enrolment is not None and lectures:
            done = set(LectureProgress.objects.filter(
                enrolment=enrolment, lecture__in=[lecture.pk for lecture in lectures])
                .values_list("lecture_id", flat=True))
    for number, lecture in enumerate(lectures, start=1):
        lecture.done = lecture.pk in done
        lecture.number = number
    return Outline(
        course=course, year=year, lectures=lectures, enrolment=enrolment,
        year_closed=enrolment is not None and bool(closed_years([year])),
        oversees=user.is_authenticated and may_see_progress(user, course.pk))


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


class Instructor(NamedTuple):
    name: str
    title: str  # their position, from the trainee profile ("" when none)


def course_instructors(course):
    """The course's instructors with their titles, by name (one query for the profiles when the
    instructors are prefetched, as course_page_card does)."""
    people = list(course.instructors.all())
    prefetch_related_objects(people, "trainee_profile")
    instructors = []
    for person in people:
        profile = getattr(person, "trainee_profile", None)
        instructors.append(Instructor(person.get_full_name() or person.get_username(),
                                      profile.position if profile else ""))
    return sorted(instructors)


def course_page_context(course, request):
    """What the course page shows: the card (enrolment box), the outline with progress and the
    Start / Continue target, the instructors with their titles, the place in the queue and an
    earlier completion. A bounded number of queries whatever the number of lectures."""
    card = course_page_card(course, request=request)
    outline = course_outline(course, request)
    context = {
        "card": card,
        "outline": outline,
        "lectures": outline.lectures,
        "instructors": course_instructors(course),
        "queue_position": None,
    }
    if outline.enrolment is not None:
        context["queue_position"] = queue_positions([outline.enrolment]).get(outline.enrolment.pk)
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
    if not outline.may_read and request.user.is_authenticated:
        context["card"] = course_cards([course], request=request)[0]
    return context
