"""A trainee's own enrolment: choosing a course (seats, waiting list, approval), withdrawing,
the office's decision on a pending choice, and the waiting list taking freed seats."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.courses import rules
from lms.courses.models import CourseRequirement, Enrolment, course_training_year
from lms.courses.refusals import withdrawal_message
from lms.courses.selectors import requirement_kind, seats_taken
from lms.courses.services.choice import choice_check
from lms.courses.services.common import locked_course, refuse, set_status
from lms.courses.services.years import ensure_open, year_is_closed

Status = Enrolment.Status
Source = Enrolment.Source


def _locked_place(user, course, year):
    """The course row and the user's enrolment of the year (or None), both locked: the course
    first, as every seat decision takes it; the enrolment too, as marking a lecture done or
    recording a completion locks only that row. Call inside a transaction."""
    course = locked_course(course)
    enrolment = Enrolment.objects.select_for_update().filter(
        user=user, course=course, year=year).first()
    return course, enrolment


def enrolment_request(*, user, course, plan_year=None, now=None):
    """A trainee chooses a course into the plan of the course's training year (the year it
    starts; for a course without dates, `plan_year` or this year). Returns the enrolment
    (enrolled, pending or wait-listed). Asking again for a course already chosen returns the
    same enrolment and changes nothing.
    """
    now = now or timezone.now()
    year = course_training_year(course, plan_year)
    with transaction.atomic():
        course, enrolment = _locked_place(user, course, year)
        if enrolment and enrolment.status in Enrolment.ACTIVE_STATUSES:
            return enrolment
        ensure_open(year)
        check = choice_check(user_ids=[user.pk], course=course, year=year, now=now)
        refusal = check.refusals.get(user.pk)
        if refusal is not None:
            refuse("not_offered" if refusal.code == "not_published" else refusal.code,
                   refusal.message(course))
        if check.kinds[user.pk] == CourseRequirement.Kind.REQUIRED:
            status, source = Status.ENROLLED, Source.REQUIRED
        elif not rules.has_seat(course.capacity, seats_taken(course, year)):
            status, source = Status.WAITLISTED, Source.ELECTIVE
        else:
            status = Status.PENDING if course.requires_approval else Status.ENROLLED
            source = Source.ELECTIVE
        if enrolment is None:
            enrolment = Enrolment(user=user, course=course, year=year)
        enrolment.source = source
        enrolment.assigned_by, enrolment.rules_overridden = None, False
        set_status(enrolment, status, now)
        enrolment.save()
    return enrolment


def promote_first_waitlisted(course, year, now):
    """Give a freed seat to whoever has waited longest (called with the course row locked)."""
    if not rules.has_seat(course.capacity, seats_taken(course, year)):
        return None
    first = (Enrolment.objects.filter(course=course, year=year, status=Status.WAITLISTED)
             .order_by("status_changed_at", "pk").first())
    if first is not None:
        # Approval is for a trainee's own choice; a place the office gave waits for no one.
        needs_approval = course.requires_approval and first.source == Source.ELECTIVE
        set_status(first, Status.PENDING if needs_approval else Status.ENROLLED, now)
        first.save(update_fields=["status", "status_changed_at"])
    return first


def waitlist_fill(*, course, year=None, now=None):
    """Give every free seat to the waiting list, longest wait first (after capacity grows).
    A closed year is left as it is."""
    year = year or course_training_year(course)
    now = now or timezone.now()
    promoted = []
    if year_is_closed(year):
        return promoted
    with transaction.atomic():
        course = locked_course(course)
        while (enrolment := promote_first_waitlisted(course, year, now)) is not None:
            promoted.append(enrolment)
    return promoted


def enrolment_withdraw(*, user, course, plan_year=None, now=None):
    """A trainee leaves a course when the one withdrawal rule allows it (rules.
    withdrawal_refusal); a freed seat goes to the waiting list. Withdrawing again changes
    nothing."""
    now = now or timezone.now()
    year = course_training_year(course, plan_year)
    with transaction.atomic():
        course, enrolment = _locked_place(user, course, year)
        if enrolment is not None and enrolment.status in (Status.WITHDRAWN, Status.REJECTED):
            return enrolment
        code = rules.withdrawal_refusal(
            status=enrolment.status if enrolment else None,
            source=enrolment.source if enrolment else None,
            kind=requirement_kind(user=user, course=course, year=year),
            closes_at=course.withdrawal_closes_at(), now=now, year_closed=year_is_closed(year))
        if code is not None:
            refuse(code, withdrawal_message(code, course))
        held_seat = enrolment.status in Enrolment.SEAT_STATUSES
        set_status(enrolment, Status.WITHDRAWN, now)
        enrolment.save(update_fields=["status", "status_changed_at"])
        if held_seat:
            promote_first_waitlisted(course, year, now)
    return enrolment


def enrolment_decide(*, enrolment, approve, now=None):
    """The training office approves or turns down a pending choice."""
    now = now or timezone.now()
    with transaction.atomic():
        course = locked_course(enrolment.course)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != Status.PENDING:
            refuse("not_pending", _("This enrolment is not awaiting approval."))
        ensure_open(enrolment.year)
        set_status(enrolment, Status.ENROLLED if approve else Status.REJECTED, now)
        enrolment.save(update_fields=["status", "status_changed_at"])
        if not approve:
            promote_first_waitlisted(course, enrolment.year, now)
    return enrolment
