"""What the writes of lms.quizzes share: their refusals, and graders compiled once per
question version."""

from collections import OrderedDict

from lms.platform.refusals import Refused
from lms.quizzes import grading


class QuizRefused(Refused):
    """A quiz rule says no (see lms.platform.refusals.Refused)."""


class ResponsesInvalid(Exception):
    """Answers of the wrong shape or for questions not in the attempt: {slot: [messages]}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


_GRADERS = OrderedDict()
_GRADERS_KEPT = 4096


def grader_for(version):
    """The compiled grader of a question version. Versions never change once written, so a
    grader kept in this process is never stale; the oldest are let go past a bound. The key
    carries the moment the version was written as well as its id: an id given out in a
    transaction that was rolled back may be given out again (SQLite, tests)."""
    key = (version.pk, version.created_at)
    grader = _GRADERS.get(key)
    if grader is None:
        grader = _GRADERS[key] = grading.compile(version.data)
        if len(_GRADERS) > _GRADERS_KEPT:
            _GRADERS.popitem(last=False)
    return grader
