"""Reads of the trainee's learning space: what My learning and me/learning/ show, assembled once
(the year's plan and hours, courses in progress with the next lecture, queue places, choices
awaiting approval, upcoming class sessions, completions) in a bounded number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from lms.courses.models import ClassSession, Enrolment, LecturePage, LectureProgress
from lms.courses.outline import next_unfinished, outline_lectures, queue_positions
from lms.courses.selectors import Plan, plan_for, viewable_courses

Status = Enrolment.Status
UPCOMING_DAYS = 60  # class sessions shown ahead on My learning
UPCOMING_LIMIT = 20


@dataclass
class CourseProgress:
    """A course the trainee is on this year, with how far they have got within the enrolment."""

    enrolment: Enrolment
    lectures: list = field(default_factory=list)  # viewable lectures in order, each with .done
    next_lecture: LecturePage | None = None

    @property
    def course(self):
        return self.enrolment.course

    @property
    def done(self):
        return sum(1 for lecture in self.lectures if lecture.done)

    @property
    def total(self):
        return len(self.lectures)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def started(self):
        return self.done > 0


@dataclass
class QueuePlace:
    enrolment: Enrolment
    position: int  # 1 = next to get a seat

    @property
    def course(self):
        return self.enrolment.course


@dataclass
class Learning:
    plan: Plan
    in_progress: list = field(default_factory=list)  # [CourseProgress]
    waitlisted: list = field(default_factory=list)  # [QueuePlace]
    pending: list = field(default_factory=list)  # [Enrolment]
    sessions: list = field(default_factory=list)  # [ClassSession] upcoming, soonest first
    completed: list = field(default_factory=list)  # [Enrolment]

    @property
    def year(self):
        return self.plan.year

    def share(self, hours):
        """`hours` as a percentage of the year's required hours (for progress bars)."""
        due = self.plan.required_hours_due
        if not due:
            return 0
        return min(100, round(100 * Decimal(hours) / due))

    @property
    def done_percent(self):
        return self.share(self.plan.done_hours)

    @property
    def planned_percent(self):
        return self.share(self.plan.planned_hours)


def _lectures_of(courses, request):
    """{course id: [lectures in order]} for these courses, in one query (as outlines list
    them)."""
    if not courses:
        return {}
    under = Q()
    for course in courses:
        under |= Q(path__startswith=course.path, depth=course.depth + 1)
    by_path = {course.path: course.pk for course in courses}
    grouped = {}
    for lecture in outline_lectures(LecturePage.objects.filter(under), request):
        grouped.setdefault(by_path[lecture.path[:-lecture.steplen]], []).append(lecture)
    return grouped


def _queue_places(enrolments):
    positions = queue_positions(enrolments)
    return [QueuePlace(enrolment, positions.get(enrolment.pk, 1)) for enrolment in enrolments]


def my_learning(user, *, request, year=None, now=None):
    """What My learning shows for the signed-in trainee in a training year (this year by
    default): eight queries whatever the number of courses."""
    now = now or timezone.now()
    plan = plan_for(user, year, request=request)
    learning = Learning(plan=plan)
    by_status = {}
    for entry in plan.entries:
        by_status.setdefault(entry.enrolment.status, []).append(entry.enrolment)
    on_course = by_status.get(Status.ENROLLED, [])
    lectures = _lectures_of([e.course for e in on_course], request)
    done = set(LectureProgress.objects.filter(enrolment__in=on_course)
               .values_list("enrolment_id", "lecture_id")) if on_course else set()
    for enrolment in on_course:
        progress = CourseProgress(enrolment=enrolment,
                                  lectures=lectures.get(enrolment.course_id, []))
        for lecture in progress.lectures:
            lecture.done = (enrolment.pk, lecture.pk) in done
        progress.next_lecture = next_unfinished(progress.lectures)
        learning.in_progress.append(progress)
    learning.waitlisted = _queue_places(by_status.get(Status.WAITLISTED, []))
    learning.pending = by_status.get(Status.PENDING, [])
    learning.completed = sorted(by_status.get(Status.COMPLETED, []),
                                key=lambda e: e.completed_at or now, reverse=True)
    held = [e.course_id for status in (Status.ENROLLED, Status.PENDING, Status.WAITLISTED)
            for e in by_status.get(status, [])]
    if held:
        learning.sessions = list(
            ClassSession.objects.filter(course_id__in=held, ends_at__gte=now,
                                        starts_at__lte=now + timedelta(days=UPCOMING_DAYS))
            .select_related("course").only("starts_at", "ends_at", "place", "course__title",
                                           "course__code")
            .order_by("starts_at")[:UPCOMING_LIMIT])
    return learning


def calendar_sessions(request, *, since):
    """The class sessions that end after `since`, soonest first, of every course the requester
    holds a place on (enrolled, pending or wait-listed) and may view: what the .ics carries."""
    held = Enrolment.objects.filter(user=request.user, status__in=(
        Status.ENROLLED, Status.PENDING, Status.WAITLISTED))
    return (ClassSession.objects.filter(course__enrolments__in=held, ends_at__gte=since,
                                        course__in=viewable_courses(request))
            .select_related("course").distinct().order_by("starts_at"))
