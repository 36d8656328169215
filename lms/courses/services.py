"""Writes of lms.courses: enrolment (window, prerequisites, clashes, seats, waiting list),
withdrawal, approval, required-course assignment, requirements, lecture progress, completion."""

from datetime import datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from lms.courses import completion, rules
from lms.courses.models import (
    ClassSession,
    CoursePage,
    CourseRequirement,
    Enrolment,
    LectureProgress,
    current_training_year,
)
from lms.courses.selectors import category_id_of, requirement_kind, seats_taken

Status = Enrolment.Status
Source = Enrolment.Source


class EnrolmentRefused(ValidationError):
    """An enrolment rule says no; `code` is stable, the message is translated and specific."""


def _refuse(code, message):
    raise EnrolmentRefused(message, code=code)


def _locked_course(course):
    # One row lock per course serializes seat decisions: two trainees racing for the last seat
    # are decided one after the other (SQLite's IMMEDIATE transactions do the same).
    return CoursePage.objects.select_for_update(of=("self",)).get(pk=course.pk)


def _when(moment):
    """A date and time as trainees read it in messages, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _check_window(course, now):
    if course.enrolment_opens and now < course.enrolment_opens:
        _refuse("enrolment_not_open", _("Enrolment for “%(course)s” opens on %(date)s.") % {
            "course": course.title,
            "date": _when(course.enrolment_opens)})
    if course.enrolment_closes and now >= course.enrolment_closes:
        _refuse("enrolment_closed", _("Enrolment for “%(course)s” closed on %(date)s.") % {
            "course": course.title,
            "date": _when(course.enrolment_closes)})


def _check_prerequisites(user, course):
    required = list(course.prerequisites.all().only("id", "title"))
    if not required:
        return
    passed = set(Enrolment.objects.filter(
        user=user, course__in=required, status=Status.COMPLETED).values_list("course_id", flat=True))
    missing = [c.title for c in required if c.pk not in passed]
    if missing:
        _refuse("prerequisites_missing", _("Complete these courses first: %(courses)s.")
                % {"courses": get_text_list(missing, _("and"))})


def _slots(sessions):
    return [rules.Slot(s.course_id, s.course.title, s.starts_at, s.ends_at) for s in sessions]


def _check_clash(user, course, year):
    candidate = list(ClassSession.objects.filter(course=course).select_related("course"))
    if not candidate:
        return
    chosen = ClassSession.objects.filter(
        course__enrolments__user=user,
        course__enrolments__year=year,
        course__enrolments__status__in=Enrolment.ACTIVE_STATUSES,
    ).exclude(course=course).select_related("course")
    clash = rules.first_clash(_slots(candidate), _slots(chosen))
    if clash:
        mine, theirs = clash
        _refuse("timetable_clash", _(
            "“%(course)s” meets on %(when)s, when you already have “%(other)s”."
        ) % {"course": mine.course_title, "other": theirs.course_title,
             "when": _when(mine.starts)})


def _set_status(enrolment, status, now=None):
    enrolment.status = status
    enrolment.status_changed_at = now or timezone.now()


def enrolment_request(*, user, course, year=None, now=None):
    """A trainee chooses a course. Returns the enrolment (enrolled, pending or wait-listed).

    Asking again for a course already chosen returns the same enrolment and changes nothing.
    """
    year = year or current_training_year()
    now = now or timezone.now()
    with transaction.atomic():
        course = _locked_course(course)
        enrolment = Enrolment.objects.select_for_update().filter(
            user=user, course=course, year=year).first()
        if enrolment and enrolment.status in Enrolment.ACTIVE_STATUSES:
            return enrolment
        kind = requirement_kind(user=user, course=course, year=year)
        if kind is None:
            _refuse("not_offered", _("“%(course)s” is not offered to your trainee category this "
                                     "year.") % {"course": course.title})
        if kind == CourseRequirement.Kind.ELECTIVE:
            _check_window(course, now)
            _check_prerequisites(user, course)
            _check_clash(user, course, year)
        if not course.live:
            _refuse("not_offered", _("“%(course)s” is not published.") % {"course": course.title})
        if kind == CourseRequirement.Kind.REQUIRED:
            status, source = Status.ENROLLED, Source.REQUIRED
        elif not rules.has_seat(course.capacity, seats_taken(course, year)):
            status, source = Status.WAITLISTED, Source.ELECTIVE
        else:
            status = Status.PENDING if course.requires_approval else Status.ENROLLED
            source = Source.ELECTIVE
        if enrolment is None:
            enrolment = Enrolment(user=user, course=course, year=year)
        enrolment.source = source
        _set_status(enrolment, status, now)
        enrolment.save()
    return enrolment


def _promote_first_waitlisted(course, year, now):
    """Give a freed seat to whoever has waited longest (called with the course row locked)."""
    if not rules.has_seat(course.capacity, seats_taken(course, year)):
        return None
    first = (Enrolment.objects.filter(course=course, year=year, status=Status.WAITLISTED)
             .order_by("status_changed_at", "pk").first())
    if first is not None:
        # Approval is for a trainee's own choice; a place the office gave waits for no one.
        needs_approval = course.requires_approval and first.source == Source.ELECTIVE
        _set_status(first, Status.PENDING if needs_approval else Status.ENROLLED, now)
        first.save(update_fields=["status", "status_changed_at"])
    return first


def waitlist_fill(*, course, year=None, now=None):
    """Give every free seat to the waiting list, longest wait first (after capacity grows)."""
    year = year or current_training_year()
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        course = _locked_course(course)
        while (enrolment := _promote_first_waitlisted(course, year, now)) is not None:
            promoted.append(enrolment)
    return promoted


def enrolment_withdraw(*, user, course, year=None, now=None):
    """A trainee leaves an elective before the deadline; the seat goes to the waiting list."""
    year = year or current_training_year()
    now = now or timezone.now()
    with transaction.atomic():
        course = _locked_course(course)
        # Locked too: marking a lecture done or recording a completion locks only this row.
        enrolment = Enrolment.objects.select_for_update().filter(
            user=user, course=course, year=year).first()
        if enrolment is None:
            _refuse("not_enrolled", _("You are not enrolled on “%(course)s”.")
                    % {"course": course.title})
        if enrolment.status in (Status.WITHDRAWN, Status.REJECTED):
            return enrolment
        if enrolment.status == Status.COMPLETED:
            _refuse("already_completed", _("You have already completed “%(course)s”.")
                    % {"course": course.title})
        if enrolment.source == Source.REQUIRED:
            _refuse("required_course", _("“%(course)s” is required for your category and cannot "
                                         "be dropped.") % {"course": course.title})
        deadline = course.withdrawal_deadline
        if deadline is None and course.starts_on:
            deadline = timezone.make_aware(datetime.combine(course.starts_on, time.min))
        if deadline and now >= deadline and enrolment.status != Status.WAITLISTED:
            _refuse("withdrawal_closed", _("The deadline to withdraw from “%(course)s” was "
                                           "%(date)s.") % {
                "course": course.title,
                "date": _when(deadline)})
        held_seat = enrolment.status in Enrolment.SEAT_STATUSES
        _set_status(enrolment, Status.WITHDRAWN, now)
        enrolment.save(update_fields=["status", "status_changed_at"])
        if held_seat:
            _promote_first_waitlisted(course, year, now)
    return enrolment


def enrolment_decide(*, enrolment, approve, now=None):
    """The training office approves or turns down a pending choice."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _locked_course(enrolment.course)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != Status.PENDING:
            _refuse("not_pending", _("This enrolment is not awaiting approval."))
        _set_status(enrolment, Status.ENROLLED if approve else Status.REJECTED, now)
        enrolment.save(update_fields=["status", "status_changed_at"])
        if not approve:
            _promote_first_waitlisted(course, enrolment.year, now)
    return enrolment


def staff_enrol(*, users, course, year=None, now=None):
    """The training office enrols many trainees at once; seats run out into the waiting list.

    Returns counts: {"enrolled", "waitlisted", "unchanged"}.
    """
    year = year or current_training_year()
    now = now or timezone.now()
    counts = {"enrolled": 0, "waitlisted": 0, "unchanged": 0}
    with transaction.atomic():
        course = _locked_course(course)
        existing = {e.user_id: e for e in Enrolment.objects.filter(course=course, year=year)}
        taken = sum(1 for e in existing.values() if e.status in Enrolment.SEAT_STATUSES)
        for user in users:
            enrolment = existing.get(user.pk)
            if enrolment and enrolment.status in Enrolment.ACTIVE_STATUSES:
                counts["unchanged"] += 1
                continue
            enrolment = enrolment or Enrolment(user=user, course=course, year=year)
            enrolment.source = Source.STAFF
            if rules.has_seat(course.capacity, taken):
                _set_status(enrolment, Status.ENROLLED, now)
                taken += 1
                counts["enrolled"] += 1
            else:
                _set_status(enrolment, Status.WAITLISTED, now)
                counts["waitlisted"] += 1
            enrolment.save()
    return counts


def plan_sync_required(*, user, year=None, now=None):
    """Put the category's required courses in the user's plan and take out ones no longer
    required (unless already completed). Safe to run any number of times."""
    year = year or current_training_year()
    now = now or timezone.now()
    category_id = category_id_of(user)
    required, electives = set(), set()
    if category_id is not None:
        for course_id, kind in CourseRequirement.objects.filter(
                category_id=category_id, year=year, course__live=True).values_list(
                "course_id", "kind"):
            (required if kind == CourseRequirement.Kind.REQUIRED else electives).add(course_id)
    freed = []
    with transaction.atomic():
        current = {e.course_id: e for e in Enrolment.objects.select_for_update().filter(
            user=user, year=year)}
        for course_id in required:
            enrolment = current.get(course_id)
            if enrolment and enrolment.status in Enrolment.ACTIVE_STATUSES:
                if enrolment.source != Source.REQUIRED and enrolment.status != Status.COMPLETED:
                    enrolment.source = Source.REQUIRED
                    _set_status(enrolment, Status.ENROLLED, now)
                    enrolment.save(update_fields=["source", "status", "status_changed_at"])
                continue
            enrolment = enrolment or Enrolment(user=user, course_id=course_id, year=year)
            enrolment.source = Source.REQUIRED
            _set_status(enrolment, Status.ENROLLED, now)
            enrolment.save()
        for course_id, enrolment in current.items():
            if (enrolment.source != Source.REQUIRED or course_id in required
                    or enrolment.status not in (Status.ENROLLED, Status.PENDING)):
                continue
            if course_id in electives:
                # Now an elective for the category: the trainee keeps the place (and may drop
                # it under the elective rules) rather than losing it half-way through.
                enrolment.source = Source.ELECTIVE
                enrolment.save(update_fields=["source"])
                continue
            _set_status(enrolment, Status.WITHDRAWN, now)
            enrolment.save(update_fields=["status", "status_changed_at"])
            freed.append(enrolment.course)
    # The freed seats go to the waiting lists afterwards, each under its course's lock: taking
    # a course lock while holding this trainee's rows would invert the order enrolment uses.
    for course in freed:
        waitlist_fill(course=course, year=year, now=now)


def plans_sync_for_categories(*, category_ids, year):
    """Re-sync the required courses of every trainee in these categories."""
    users = get_user_model().objects.filter(trainee_profile__category_id__in=category_ids)
    for user in users.iterator():
        plan_sync_required(user=user, year=year)


def requirements_set(*, year, cells, sync_now=False):
    """Write the requirements matrix for a year: cells maps (course_id, category_id) to
    'required', 'elective' or '' (not offered). Plans of affected categories are re-synced by a
    worker task after commit, or before returning with `sync_now` (the demo loader)."""
    valid = {"", *CourseRequirement.Kind.values}
    bad = [value for value in cells.values() if value not in valid]
    if bad:
        raise ValidationError(_("Unknown requirement kind: %(kind)s.") % {"kind": bad[0]})
    changed = set()
    with transaction.atomic():
        existing = {(r.course_id, r.category_id): r for r in CourseRequirement.objects.filter(
            year=year, course_id__in={c for c, _x in cells})}
        for (course_id, category_id), kind in cells.items():
            row = existing.get((course_id, category_id))
            if not kind:
                if row is not None:
                    row.delete()
                    changed.add(category_id)
            elif row is None:
                CourseRequirement.objects.create(course_id=course_id, category_id=category_id,
                                                 year=year, kind=kind)
                changed.add(category_id)
            elif row.kind != kind:
                row.kind = kind
                row.save(update_fields=["kind"])
                changed.add(category_id)
        if changed and sync_now:
            plans_sync_for_categories(category_ids=sorted(changed), year=year)
        elif changed:
            from lms.courses.tasks import sync_category_plans

            ids = sorted(changed)
            transaction.on_commit(lambda: sync_category_plans.delay(ids, year))
    return changed


def completions_record(*, course, user_ids, by, year=None, now=None):
    """An instructor or the training office records that these trainees completed the course
    (attendance of an offline course, an exam taken on paper): their enrolments become
    completed and are credited the course's hours. Recording again changes nothing.

    Returns {"completed": n, "unchanged": n, "skipped": [names of those not enrolled]}.
    """
    year = year or current_training_year()
    now = now or timezone.now()
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
                _set_status(enrolment, Status.COMPLETED, now)
                enrolment.completed_at = now
                enrolment.credited_hours = course.credit_hours
                enrolment.completed_by = by
                enrolment.save(update_fields=["status", "status_changed_at", "completed_at",
                                              "credited_hours", "completed_by"])
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
    year = year or current_training_year()
    now = now or timezone.now()
    reverted = 0
    with transaction.atomic():
        for enrolment in Enrolment.objects.select_for_update().filter(
                course=course, year=year, user_id__in=set(user_ids), status=Status.COMPLETED,
                completed_by__isnull=False):
            _set_status(enrolment, Status.ENROLLED, now)
            enrolment.completed_at, enrolment.completed_by = None, None
            enrolment.credited_hours = Decimal("0")
            enrolment.save(update_fields=["status", "status_changed_at", "completed_at",
                                          "credited_hours", "completed_by"])
            reverted += 1
    return reverted


def lecture_mark_done(*, user, lecture, year=None, now=None):
    """A trainee marks a lecture done; the course completes once every criterion is met."""
    year = year or current_training_year()
    now = now or timezone.now()
    course = CoursePage.objects.get(pk=lecture.get_parent().pk)
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(
            user=user, course=course, year=year).first()
        if enrolment is None or enrolment.status not in (Status.ENROLLED, Status.COMPLETED):
            _refuse("not_enrolled", _("Enrol on “%(course)s” to record your progress.")
                    % {"course": course.title})
        LectureProgress.objects.get_or_create(user=user, lecture=lecture,
                                              defaults={"completed_at": now})
        if enrolment.status == Status.ENROLLED and completion.is_complete(user, course):
            _set_status(enrolment, Status.COMPLETED, now)
            enrolment.completed_at = now
            enrolment.credited_hours = course.credit_hours
            enrolment.save(update_fields=["status", "status_changed_at", "completed_at",
                                          "credited_hours"])
    return enrolment

