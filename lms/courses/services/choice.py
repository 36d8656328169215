"""The rules of a trainee's own choice of a course, checked for any number of trainees at once.

A trainee choosing for themselves, a bulk enrolment and an enrolment import all ask this one
function, so the office cannot put someone where their own choice would be refused without
saying so (`rules_overridden`). A constant number of queries per chunk of trainees.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from lms.core.models import TraineeProfile
from lms.courses import rules
from lms.courses.models import ClassSession, CourseRequirement, Enrolment
from lms.courses.refusals import when
from lms.courses.services.common import chunks

Status = Enrolment.Status


@dataclass(frozen=True)
class Refusal:
    """Why the rules refuse one trainee: a stable code and what the message names."""

    code: str
    params: dict = field(default_factory=dict)

    def message(self, course, *, for_trainee=True):
        """The reason in words: to the trainee ("your category") or about them (to staff)."""
        params = {"course": course.title, **self.params}
        if self.code == "not_offered":
            text = (_("“%(course)s” is not offered to your trainee category in %(year)s.")
                    if for_trainee else
                    _("“%(course)s” is not offered to this trainee’s category in %(year)s."))
        elif self.code == "not_published":
            text = _("“%(course)s” is not published.")
        elif self.code == "enrolment_not_open":
            text = _("Enrolment for “%(course)s” opens on %(date)s.")
        elif self.code == "enrolment_closed":
            text = _("Enrolment for “%(course)s” closed on %(date)s.")
        elif self.code == "prerequisites_missing":
            text = (_("Complete these courses first: %(courses)s.") if for_trainee else
                    _("Has not completed the prerequisites: %(courses)s."))
        elif self.code == "timetable_clash":
            text = (_("“%(course)s” meets on %(when)s, when you already have “%(other)s”.")
                    if for_trainee else
                    _("“%(course)s” meets on %(when)s, when this trainee already has "
                      "“%(other)s”."))
        else:
            text = self.code
        return text % params


@dataclass
class ChoiceCheck:
    """For each trainee asked about: the course's kind for their category, and why their own
    choice would be refused (absent when it would not)."""

    kinds: dict  # user id -> "required" | "elective" | None
    refusals: dict  # user id -> Refusal


def _window_refusal(course, now):
    if course.enrolment_opens and now < course.enrolment_opens:
        return Refusal("enrolment_not_open", {"date": when(course.enrolment_opens)})
    if course.enrolment_closes and now >= course.enrolment_closes:
        return Refusal("enrolment_closed", {"date": when(course.enrolment_closes)})
    return None


def _slots(sessions):
    return [rules.Slot(s.course_id, s.course.title, s.starts_at, s.ends_at) for s in sessions]


def _clashing_courses(course):
    """{other course id: (this course's slot, the other's slot)} for every course that meets at
    a time this one does (two queries, whoever is asking)."""
    candidate = list(ClassSession.objects.filter(course=course).select_related("course"))
    if not candidate:
        return {}
    overlapping = Q()
    for session in candidate:
        overlapping |= Q(starts_at__lt=session.ends_at, ends_at__gt=session.starts_at)
    by_course = {}
    for session in (ClassSession.objects.filter(overlapping).exclude(course=course)
                    .select_related("course").only("course_id", "course__title", "starts_at",
                                                   "ends_at")):
        by_course.setdefault(session.course_id, []).append(session)
    mine = _slots(candidate)
    clashes = {}
    for course_id, sessions in by_course.items():
        clash = rules.first_clash(mine, _slots(sessions))
        if clash:
            clashes[course_id] = clash
    return clashes


def choice_check(*, user_ids, course, year, now):
    """The rules of choosing `course` into the `year` plan, for every trainee in `user_ids`."""
    user_ids = list(dict.fromkeys(user_ids))
    kinds_by_category = dict(CourseRequirement.objects.filter(course=course, year=year)
                             .values_list("category_id", "kind"))
    window = _window_refusal(course, now)
    prerequisites = dict(course.prerequisites.values_list("id", "title"))
    clashes = _clashing_courses(course)
    check = ChoiceCheck(kinds={}, refusals={})
    for chunk in chunks(user_ids):
        categories = dict(TraineeProfile.objects.filter(user_id__in=chunk)
                          .values_list("user_id", "category_id"))
        passed, chosen = {}, {}
        if prerequisites:
            for user_id, course_id in Enrolment.objects.filter(
                    user_id__in=chunk, course_id__in=prerequisites,
                    status=Status.COMPLETED).values_list("user_id", "course_id"):
                passed.setdefault(user_id, set()).add(course_id)
        if clashes:
            for user_id, course_id in Enrolment.objects.filter(
                    user_id__in=chunk, course_id__in=clashes, year=year,
                    status__in=Enrolment.ACTIVE_STATUSES).order_by("pk").values_list(
                    "user_id", "course_id"):
                chosen.setdefault(user_id, course_id)
        for user_id in chunk:
            kind = kinds_by_category.get(categories.get(user_id))
            check.kinds[user_id] = kind
            refusal = None
            if not course.live:
                refusal = Refusal("not_published")
            elif kind is None:
                refusal = Refusal("not_offered", {"year": year})
            elif kind == CourseRequirement.Kind.ELECTIVE:
                missing = [title for pk, title in prerequisites.items()
                           if pk not in passed.get(user_id, ())]
                if window is not None:
                    refusal = window
                elif missing:
                    refusal = Refusal("prerequisites_missing",
                                      {"courses": get_text_list(missing, _("and"))})
                elif user_id in chosen:
                    mine, theirs = clashes[chosen[user_id]]
                    refusal = Refusal("timetable_clash", {"other": theirs.course_title,
                                                          "when": when(mine.starts)})
            if refusal is not None:
                check.refusals[user_id] = refusal
    return check
