"""Services lane: real concurrent transactions on PostgreSQL racing on quiz attempts — double
starts, submits racing each other and racing an autosave, starts beyond the attempts allowed."""

from decimal import Decimal

import pytest

from lms.quizzes import services
from lms.quizzes.models import Attempt, AttemptAnswer, QuizResult
from lms.quizzes.services import QuizRefused
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import RIGHT, enrol, make_question, make_quiz
from tests.services.test_enrolment_race import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz(services_lane):
    course = make_course("QRACE")
    trainee = UserFactory(username="quizracer")
    enrol(trainee, course)
    quiz = make_quiz(course, [make_question("truefalse"), make_question("single")],
                     attempts_allowed=1)
    return quiz, trainee


def right_answers(attempt):
    return [{"slot": row.pk, "response": RIGHT[row.version.qtype](row.version.data)}
            for row in AttemptAnswer.objects.filter(attempt=attempt).select_related("version")]


def test_starts_racing_make_one_attempt(quiz):
    quiz, trainee = quiz
    results, errors = race([lambda: services.attempt_start(quiz=quiz, user=trainee)] * 4)
    assert not errors, errors
    assert len({attempt.pk for attempt, _created in results}) == 1
    assert sum(created for _attempt, created in results) == 1
    assert Attempt.objects.count() == 1


def test_submits_racing_grade_once(quiz):
    quiz, trainee = quiz
    attempt, _created = services.attempt_start(quiz=quiz, user=trainee)
    answers = right_answers(attempt)
    results, errors = race([
        lambda: services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=answers)
    ] * 4)
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 3 and all(isinstance(e, QuizRefused) and e.code == "attempt_finished"
                                    for e in errors)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.grade == Decimal("100.00")
    result = QuizResult.objects.get()
    assert result.attempts == 1 and result.passed


def test_a_submit_racing_an_autosave_leaves_one_consistent_attempt(quiz):
    quiz, trainee = quiz
    attempt, _created = services.attempt_start(quiz=quiz, user=trainee)
    answers = right_answers(attempt)
    _results, errors = race([
        lambda: services.answers_save(attempt_id=attempt.pk, user=trainee, answers=answers),
        lambda: services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=answers),
    ])
    # Either the autosave went first (both succeed) or the submit did (the autosave is refused).
    assert all(isinstance(e, QuizRefused) and e.code == "attempt_finished" for e in errors)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.grade == Decimal("100.00")


def test_starts_after_the_last_attempt_are_refused(quiz):
    quiz, trainee = quiz
    attempt, _created = services.attempt_start(quiz=quiz, user=trainee)
    services.attempt_submit(attempt_id=attempt.pk, user=trainee)
    _results, errors = race([lambda: services.attempt_start(quiz=quiz, user=trainee)] * 3)
    assert len(errors) == 3 and {e.code for e in errors} == {"no_attempts_left"}
    assert Attempt.objects.count() == 1
