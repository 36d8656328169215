"""The training office enrols many trainees at once (bulk enrolment and imports): the rules of a
trainee's own choice apply unless the office overrides them knowingly, and nobody who withdrew
is put back unless the office says so. Set-based: a constant number of queries per chunk. The
office also takes trainees off a course, places it assigned included."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from lms.courses import rules
from lms.courses.models import CourseRequirement, Enrolment, course_training_year
from lms.courses.selectors import seats_taken
from lms.courses.services.choice import choice_check
from lms.courses.services.common import chunks, locked_course, set_status
from lms.courses.services.enrolment import promote_first_waitlisted
from lms.courses.services.years import ensure_open

Status = Enrolment.Status
Source = Enrolment.Source
WRITE_BATCH = 1000


@dataclass
class StaffEnrolment:
    """What a bulk enrolment did, and whom it left out and why."""

    year: int
    enrolled: int = 0
    waitlisted: int = 0
    unchanged: int = 0
    reenrolled: int = 0
    overridden: int = 0
    refused: dict = field(default_factory=dict)  # user id -> choice.Refusal
    withdrawn_left: list = field(default_factory=list)  # user ids of those who had withdrawn

    @property
    def left_out(self):
        return bool(self.refused or self.withdrawn_left)


class StaffEnrolmentRefused(Exception):
    """Raised with `all_or_nothing` when anyone would be left out; nothing was written."""

    def __init__(self, result):
        super().__init__("Some trainees cannot be enrolled.")
        self.result = result


def staff_enrol(*, user_ids, course, by, override_rules=False, reenrol=False, plan_year=None,
                now=None, all_or_nothing=False):
    """Enrol these trainees on a course in its training year. Seats run out into the waiting
    list; a course required for a trainee's category is enrolled as required.

    Left out and reported (`refused`, `withdrawn_left`): trainees whose own choice the rules
    would refuse, unless `override_rules` (recorded on the enrolment as `rules_overridden`), and
    trainees who withdrew, unless `reenrol`. An unpublished course refuses everyone. With
    `all_or_nothing` anyone left out raises StaffEnrolmentRefused and nothing is written.
    """
    now = now or timezone.now()
    year = course_training_year(course, plan_year)
    ensure_open(year)
    result = StaffEnrolment(year=year)
    user_ids = list(dict.fromkeys(user_ids))
    with transaction.atomic():
        course = locked_course(course)
        check = choice_check(user_ids=user_ids, course=course, year=year, now=now)
        taken = seats_taken(course, year)
        new, changed = [], []
        for chunk in chunks(user_ids):
            existing = {e.user_id: e for e in Enrolment.objects.select_for_update().filter(
                course=course, year=year, user_id__in=chunk)}
            for user_id in chunk:
                enrolment = existing.get(user_id)
                if enrolment is not None and enrolment.status in Enrolment.ACTIVE_STATUSES:
                    result.unchanged += 1
                    continue
                if enrolment is not None and enrolment.status == Status.WITHDRAWN and not reenrol:
                    result.withdrawn_left.append(user_id)
                    continue
                refusal = check.refusals.get(user_id)
                if refusal is not None and (not override_rules or refusal.code == "not_published"):
                    result.refused[user_id] = refusal
                    continue
                if enrolment is None:
                    enrolment = Enrolment(user_id=user_id, course=course, year=year)
                    new.append(enrolment)
                else:
                    result.reenrolled += 1
                    changed.append(enrolment)
                required = check.kinds[user_id] == CourseRequirement.Kind.REQUIRED
                enrolment.source = Source.REQUIRED if required else Source.STAFF
                enrolment.assigned_by = by
                enrolment.rules_overridden = refusal is not None
                result.overridden += refusal is not None
                if required or rules.has_seat(course.capacity, taken):
                    set_status(enrolment, Status.ENROLLED, now)
                    taken += 1
                    result.enrolled += 1
                else:
                    set_status(enrolment, Status.WAITLISTED, now)
                    result.waitlisted += 1
        if all_or_nothing and result.left_out:
            raise StaffEnrolmentRefused(result)
        Enrolment.objects.bulk_create(new, batch_size=WRITE_BATCH)
        Enrolment.objects.bulk_update(changed, ["source", "status", "status_changed_at",
                                                "assigned_by", "rules_overridden"],
                                      batch_size=WRITE_BATCH)
    return result


def staff_withdraw(*, course, user_ids, by, year=None, now=None):
    """The training office takes trainees off a course (a place it assigned, say, which the
    trainee may not drop): their held places are withdrawn and the freed seats go to the
    waiting list. A course required for a trainee's category now is left (the sync would put
    it back: change the requirements or the category instead), as are completions.

    Returns {"withdrawn": n, "required": [user ids left], "not_held": [user ids]}.
    """
    now = now or timezone.now()
    year = year or course_training_year(course)
    ensure_open(year)
    user_ids = list(dict.fromkeys(user_ids))
    result = {"withdrawn": 0, "required": [], "not_held": []}
    with transaction.atomic():
        course = locked_course(course)
        kinds = choice_check(user_ids=user_ids, course=course, year=year, now=now).kinds
        held = {e.user_id: e for e in Enrolment.objects.select_for_update().filter(
            course=course, year=year, user_id__in=user_ids,
            status__in=(Status.ENROLLED, Status.PENDING, Status.WAITLISTED))}
        changed, freed = [], 0
        for user_id in user_ids:
            enrolment = held.get(user_id)
            if enrolment is None:
                result["not_held"].append(user_id)
            elif kinds.get(user_id) == CourseRequirement.Kind.REQUIRED:
                result["required"].append(user_id)
            else:
                freed += enrolment.status in Enrolment.SEAT_STATUSES
                set_status(enrolment, Status.WITHDRAWN, now)
                changed.append(enrolment)
        Enrolment.objects.bulk_update(changed, ["status", "status_changed_at"],
                                      batch_size=WRITE_BATCH)
        result["withdrawn"] = len(changed)
        for _seat in range(freed):
            if promote_first_waitlisted(course, year, now) is None:
                break
    return result
