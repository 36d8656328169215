"""Progress and completion, recorded on the enrolment: lectures done, the course completed when
every criterion is met, and completions staff record or take back."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.courses import completion
from lms.courses.models import (
    CoursePage,
    Enrolment,
    LectureProgress,
    course_training_year,
)
from lms.courses.services.common import refuse, set_status
from lms.courses.services.years import ensure_open, year_is_closed

Status = Enrolment.Status


def _complete(enrolment, course, now, by=None):
    set_status(enrolment, Status.COMPLETED, now)
    enrolment.completed_at = now
    # The hours are credited to the enrolment, so to its training year, whatever the date.
    enrolment.credited_hours = course.credit_hours
    enrolment.completed_by = by
    enrolment.save(update_fields=["status", "status_changed_at", "completed_at",
                                  "credited_hours", "completed_by"])


def completions_record(*, course, user_ids, by, year=None, now=None):
    """An instructor or the training office records that these trainees completed the course
    (attendance of an offline course, an exam taken on paper): their enrolments become
    completed and are credited the course's hours. Recording again changes nothing.

    Returns {"completed": n, "unchanged": n, "skipped": [names of those not enrolled]}.
    """
    year = year or course_training_year(course)
    now = now or timezone.now()
    ensure_open(year)
    result = {"completed": 0, "unchanged": 0, "skipped": []}
    with transaction.atomic():
        enrolments = (Enrolment.objects.select_for_update(of=("self",))
                      .filter(course=course, year=year, user_id__in=set(user_ids))
                      .select_related("user").order_by("user__username"))
        found = set()
        for enrolment in enrolments:
            found.add(enrolment.user_id)
            if enrolment.status == Status.COMPLETED:
                result["unchanged"] += 1
            elif enrolment.status == Status.ENROLLED:
                _complete(enrolment, course, now, by=by)
                result["completed"] += 1
            else:
                result["skipped"].append(enrolment.user)
        result["skipped"].extend(get_user_model().objects.filter(
            pk__in=set(user_ids) - found).order_by("username"))
    result["skipped"] = [user.get_full_name() or user.get_username()
                         for user in result["skipped"]]
    return result


def completions_revert(*, course, user_ids, year=None, now=None):
    """Take back completions that staff recorded by mistake: those enrolments are enrolled
    again and lose the credited hours. Completions the course's criteria gave are left alone
    (they would only be given again). Returns how many were reverted."""
    year = year or course_training_year(course)
    now = now or timezone.now()
    ensure_open(year)
    reverted = 0
    with transaction.atomic():
        for enrolment in Enrolment.objects.select_for_update().filter(
                course=course, year=year, user_id__in=set(user_ids), status=Status.COMPLETED,
                completed_by__isnull=False):
            set_status(enrolment, Status.ENROLLED, now)
            enrolment.completed_at, enrolment.completed_by = None, None
            enrolment.credited_hours = Decimal("0")
            enrolment.save(update_fields=["status", "status_changed_at", "completed_at",
                                          "credited_hours", "completed_by"])
            reverted += 1
    return reverted


def lecture_mark_done(*, user, lecture, plan_year=None, now=None):
    """A trainee marks a lecture done within their enrolment of the course's training year; the
    course completes once every criterion is met."""
    now = now or timezone.now()
    course = CoursePage.objects.get(pk=lecture.get_parent().pk)
    year = course_training_year(course, plan_year)
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(
            user=user, course=course, year=year).first()
        if enrolment is None or enrolment.status not in (Status.ENROLLED, Status.COMPLETED):
            refuse("not_enrolled", _("Enrol on “%(course)s” to record your progress.")
                   % {"course": course.title})
        ensure_open(year)
        refusal = completion.lecture_refusal(enrolment, lecture)
        if refusal and not LectureProgress.objects.filter(enrolment=enrolment,
                                                          lecture=lecture).exists():
            refuse("lecture_not_self_marked", refusal)
        LectureProgress.objects.get_or_create(enrolment=enrolment, lecture=lecture,
                                              defaults={"completed_at": now})
        _complete_if_done(enrolment, course, now)
    return enrolment


def lectures_record_done(*, enrolment, lecture_ids, now=None):
    """Record lectures done within an enrolment on the trainee's behalf, when another app's
    measure of them is met (their videos watched far enough), and complete the course once
    every criterion is met. Call it inside the transaction that recorded that measure; nothing
    is recorded for an enrolment without a confirmed place or in a closed training year.
    Returns the ids of the lectures newly recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in (Status.ENROLLED, Status.COMPLETED) or year_is_closed(
                enrolment.year):
            return []
        known = set(LectureProgress.objects.filter(enrolment=enrolment, lecture_id__in=lecture_ids)
                    .values_list("lecture_id", flat=True))
        new = [pk for pk in dict.fromkeys(lecture_ids) if pk not in known]
        LectureProgress.objects.bulk_create(
            [LectureProgress(enrolment=enrolment, lecture_id=pk, completed_at=now) for pk in new],
            ignore_conflicts=True)
        _complete_if_done(enrolment, CoursePage.objects.get(pk=enrolment.course_id), now)
    return new


def completion_check(*, enrolment, now=None):
    """Complete the course of an enrolment when every criterion is now met: another app calls
    it inside the transaction that recorded its measure (a quiz passed). Nothing happens for an
    enrolment without a confirmed place or in a closed training year. Returns the enrolment."""
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == Status.ENROLLED and not year_is_closed(enrolment.year):
            _complete_if_done(enrolment, CoursePage.objects.get(pk=enrolment.course_id), now)
    return enrolment


def _complete_if_done(enrolment, course, now):
    if enrolment.status == Status.ENROLLED and completion.is_complete(enrolment):
        _complete(enrolment, course, now)
