"""Completion criteria: apps register what finishing a course needs; all that apply must hold.

A criterion is a function (enrolment) -> (done, total), counting only what was done within that
enrolment: progress belongs to the enrolment, so a retake in a later year starts from nothing.
One with total 0 does not apply to that course (a course without lectures has no lecture
criterion). Later apps register theirs
(watched video, passed quiz, posted in a discussion, submitted case analysis, finished
simulation) with `@completion.criterion("name", label=...)`.

A lecture another app finishes on the trainee's behalf (its videos watched far enough) is not
marked done by hand until that measure is met: that app registers a `@completion.lecture_gate`
saying why, and records the lecture done itself when it can (services.lectures_record_done).

Staff can also record a completion directly (services.completions_record): attendance of an
offline course, which no criterion covers.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_CRITERIA = {}
_LECTURE_GATES = []


@dataclass(frozen=True)
class Progress:
    name: str
    label: str
    done: int
    total: int

    @property
    def applies(self):
        return self.total > 0

    @property
    def met(self):
        return self.done >= self.total


def criterion(name, *, label):
    """Register a completion criterion under a unique name (a decorator)."""

    def register(function):
        _CRITERIA[name] = (label, function)
        return function

    return register


def unregister(name):
    _CRITERIA.pop(name, None)


def lecture_gate(function):
    """Register a check (enrolment, lecture) -> a sentence saying why the trainee cannot mark
    it done by hand yet, or None (a decorator)."""
    _LECTURE_GATES.append(function)
    return function


def lecture_refusal(enrolment, lecture):
    """Why this lecture is not marked done by hand within this enrolment, or None when it may
    be."""
    for gate in _LECTURE_GATES:
        refusal = gate(enrolment, lecture)
        if refusal:
            return refusal
    return None


def progress(enrolment):
    """Every registered criterion's progress within this enrolment."""
    return [Progress(name, str(label), *function(enrolment))
            for name, (label, function) in _CRITERIA.items()]


def is_complete(enrolment):
    """True when at least one criterion applies and every one that applies is met."""
    applicable = [item for item in progress(enrolment) if item.applies]
    return bool(applicable) and all(item.met for item in applicable)


@criterion("lectures", label=_("Lectures done"))
def lectures_done(enrolment):
    from lms.courses.models import LecturePage, LectureProgress

    lectures = LecturePage.objects.live().child_of(enrolment.course)
    total = lectures.count()
    done = (LectureProgress.objects.filter(enrolment=enrolment, lecture__in=lectures).count()
            if total else 0)
    return done, total
