"""Writes of marks: an attempt graded when it is submitted, essays graded by hand, the
trainee's result on the quiz kept on the enrolment, and a regrade after a question's key was
fixed, with a report of the grades it changed."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.courses.models import Enrolment
from lms.courses.selectors import LEARNING
from lms.courses.services import completion_check, year_is_closed
from lms.quizzes import questions
from lms.quizzes.models import (
    Attempt,
    AttemptAnswer,
    Question,
    QuestionType,
    Quiz,
    QuizResult,
    Regrade,
)
from lms.quizzes.services.common import QuizRefused, grader_for

Status = Attempt.Status
NEEDS_GRADING = "needs_grading"
CENT = Decimal("0.01")


def _mark(fraction, max_mark):
    return (Decimal(repr(fraction)) * max_mark).quantize(CENT, ROUND_HALF_UP)


def _state(fraction):
    if fraction >= 0.999999:
        return "right"
    return "wrong" if fraction <= 0 else "partial"


def _grade_answers(answers):
    for answer in answers:
        outcome = grader_for(answer.version)(answer.response)
        answer.fraction, answer.state = outcome.fraction, outcome.state
        answer.mark = None if outcome.fraction is None else _mark(outcome.fraction,
                                                                  answer.max_mark)


def _total(attempt, quiz, answers):
    """Score, grade and status of a finished attempt from its answers' marks."""
    if any(answer.state == NEEDS_GRADING for answer in answers):
        attempt.status, attempt.score, attempt.grade, attempt.passed = (
            Status.SUBMITTED, None, None, None)
        return
    attempt.status = Status.GRADED
    attempt.score = sum((answer.mark or Decimal(0) for answer in answers), Decimal(0))
    if attempt.max_score > 0:
        attempt.grade = (attempt.score * 100 / attempt.max_score).quantize(CENT, ROUND_HALF_UP)
        attempt.grade = max(attempt.grade, Decimal(0))
    else:
        attempt.grade = Decimal(100)
    attempt.passed = attempt.grade >= quiz.pass_mark


def attempt_finish(attempt, quiz, *, at, overdue=False, now=None):
    """Grade a submitted attempt (locked by the caller) with the answers saved so far, and
    record the trainee's result. Essays leave it waiting for a grader."""
    answers = list(AttemptAnswer.objects.filter(attempt=attempt).select_related("version"))
    _grade_answers(answers)
    AttemptAnswer.objects.bulk_update(answers, ["fraction", "state", "mark"])
    attempt.submitted_at, attempt.overdue = at, overdue
    _total(attempt, quiz, answers)
    attempt.save(update_fields=["status", "submitted_at", "overdue", "score", "grade", "passed"])
    if attempt.enrolment_id and attempt.status == Status.GRADED:
        result_update(quiz=quiz, enrolment_id=attempt.enrolment_id, now=now)
    return attempt


def counts_in(enrolment):
    """Whether work still counts in this enrolment: the trainee is on the course (enrolled or
    completed) and its training year is open (one query)."""
    return enrolment.status in LEARNING and not year_is_closed(enrolment.year)


def result_update(*, quiz, enrolment_id, now=None):
    """The trainee's result on a quiz by its grading method over their graded attempts in the
    enrolment; a pass may complete the course. Nothing changes once the enrolment no longer
    counts (withdrawn, or its year closed)."""
    if not counts_in(Enrolment.objects.get(pk=enrolment_id)):
        return None
    grades = list(Attempt.objects.filter(quiz=quiz, enrolment_id=enrolment_id,
                                         status=Status.GRADED)
                  .order_by("number").values_list("grade", flat=True))
    if not grades:
        QuizResult.objects.filter(quiz=quiz, enrolment_id=enrolment_id).delete()
        return None
    method = quiz.grading_method
    if method == Quiz.Grading.HIGHEST:
        grade = max(grades)
    elif method == Quiz.Grading.FIRST:
        grade = grades[0]
    elif method == Quiz.Grading.LAST:
        grade = grades[-1]
    else:
        grade = (sum(grades, Decimal(0)) / len(grades)).quantize(CENT, ROUND_HALF_UP)
    result, _created = QuizResult.objects.update_or_create(
        quiz=quiz, enrolment_id=enrolment_id,
        defaults={"grade": grade, "passed": grade >= quiz.pass_mark, "attempts": len(grades)})
    if result.passed:
        completion_check(enrolment=result.enrolment, now=now)
    return result


def _refuse_closed_year(attempt):
    if attempt.enrolment_id and year_is_closed(attempt.enrolment.year):
        raise QuizRefused("year_closed", _(
            "This attempt belongs to a closed training year: its marks no longer change."))


def answer_grade(*, answer_id, mark, comment="", by, now=None):
    """A grader's mark (0 to the question's mark) and comment for an answer, an essay above
    all; the attempt's grade follows once nothing is left to grade. The caller checks that
    `by` may grade this attempt."""
    now = now or timezone.now()
    with transaction.atomic():
        answer = (AttemptAnswer.objects.select_related("attempt__quiz", "attempt__enrolment",
                                                       "version")
                  .get(pk=answer_id))
        attempt = Attempt.objects.select_for_update(of=("self",)).get(pk=answer.attempt_id)
        attempt.quiz, attempt.enrolment = answer.attempt.quiz, answer.attempt.enrolment
        if attempt.status not in (Status.SUBMITTED, Status.GRADED):
            raise QuizRefused("attempt_not_submitted", _(
                "Only submitted attempts are graded."), status=409)
        _refuse_closed_year(attempt)
        mark = Decimal(mark).quantize(CENT, ROUND_HALF_UP)
        if mark < 0 or mark > answer.max_mark:
            raise QuizRefused("invalid_mark", _(
                "A mark goes from 0 to %(max)s.") % {"max": answer.max_mark}, status=400)
        fraction = float(mark / answer.max_mark) if answer.max_mark else 0.0
        AttemptAnswer.objects.filter(pk=answer.pk).update(
            mark=mark, fraction=fraction, state=_state(fraction), comment=comment,
            graded_by=by, graded_at=now)
        answers = list(AttemptAnswer.objects.filter(attempt=attempt))
        _total(attempt, attempt.quiz, answers)
        attempt.save(update_fields=["status", "score", "grade", "passed"])
        if attempt.enrolment_id and attempt.status == Status.GRADED:
            result_update(quiz=attempt.quiz, enrolment_id=attempt.enrolment_id, now=now)
    return attempt


def _parts(data):
    """The ids a response and a layout refer to: options, stems, choices, items, blanks."""
    pairs = data.get("pairs", [])
    return (sorted(option["id"] for option in data.get("options", [])),
            sorted(pair["id"] for pair in pairs if pair["text"]),
            sorted({questions.choice_id(pair["answer"]) for pair in pairs}),
            sorted(item["id"] for item in data.get("items", [])),
            sorted(blank["id"] for blank in data.get("blanks", [])))


def _compatible(version, answer):
    """Whether an answer given to an older version can be graded by the new one: same type,
    the same options, stems, choices or items, and a response it accepts."""
    if version.qtype != answer.version.qtype or _parts(version.data) != _parts(
            answer.version.data):
        return False
    try:
        questions.validate_response(version.data, answer.layout, answer.response)
    except questions.ResponseError:
        return False
    return True


def quiz_regrade(*, quiz, question, by, dry_run=False, now=None):
    """Grade again, with the question's current version, every answer a past attempt gave to
    an older version of it (the key was wrong). Answers the new version cannot take (options
    added or removed, another type), essays and attempts of closed years are left as they
    were and reported. Returns {"changes": [...], "skipped": [...], "regrade": Regrade|None}."""
    now = now or timezone.now()
    version = Question.objects.select_related("current_version").get(pk=question.pk)\
        .current_version
    changes, skipped = [], []
    with transaction.atomic():
        answers = list(AttemptAnswer.objects
                       .filter(attempt__quiz=quiz, version__question=question)
                       .exclude(version=version)
                       .exclude(attempt__status=Status.ABANDONED)
                       .select_related("version", "attempt__user", "attempt__enrolment")
                       .order_by("attempt_id"))
        by_attempt = {}
        for answer in answers:
            by_attempt.setdefault(answer.attempt_id, []).append(answer)
        for attempt_id, own in by_attempt.items():
            attempt = Attempt.objects.select_for_update(of=("self",)).select_related(
                "enrolment", "user").get(pk=attempt_id)
            who = attempt.user.get_full_name() or attempt.user.get_username()
            if attempt.enrolment_id and year_is_closed(attempt.enrolment.year):
                skipped.append({"attempt": attempt.pk, "user": who,
                                "reason": _("training year closed")})
                continue
            # A mark a grader gave by hand (an essay above all) is theirs, not the key's.
            by_hand = [answer for answer in own
                       if answer.graded_at is not None or answer.state == NEEDS_GRADING
                       or answer.version.qtype == QuestionType.ESSAY]
            movable = [answer for answer in own
                       if answer not in by_hand and _compatible(version, answer)]
            if by_hand:
                skipped.append({"attempt": attempt.pk, "user": who,
                                "reason": _("marked by hand")})
            elif len(movable) < len(own):
                skipped.append({"attempt": attempt.pk, "user": who,
                                "reason": _("the new version does not fit this answer")})
            if not movable:
                continue
            old_grade = attempt.grade
            for answer in movable:
                answer.version = version
            if attempt.status != Status.IN_PROGRESS:
                _grade_answers(movable)
            if not dry_run:
                AttemptAnswer.objects.bulk_update(movable, ["version", "fraction", "state",
                                                            "mark"])
            if attempt.status != Status.IN_PROGRESS:
                everything = {answer.pk: answer for answer in
                              AttemptAnswer.objects.filter(attempt=attempt)}
                everything.update({answer.pk: answer for answer in movable})
                _total(attempt, quiz, list(everything.values()))
                if not dry_run:
                    attempt.save(update_fields=["status", "score", "grade", "passed"])
                    if attempt.enrolment_id:
                        result_update(quiz=quiz, enrolment_id=attempt.enrolment_id, now=now)
            changes.append({"attempt": attempt.pk, "user": who, "answers": len(movable),
                            "old_grade": None if old_grade is None else str(old_grade),
                            "new_grade": None if attempt.grade is None else str(attempt.grade),
                            "changed": old_grade != attempt.grade})
        regrade = None
        if not dry_run and (changes or skipped):
            regrade = Regrade.objects.create(quiz=quiz, question=question, version=version,
                                             done_by=by, changes=changes)
        if dry_run:
            transaction.set_rollback(True)
    return {"changes": changes, "skipped": skipped, "regrade": regrade}
