"""Attempts through the services: drawing, autosave, submit, the server's deadline, attempts
allowed, essays graded by hand, results by grading method, completion, regrade."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from lms.courses.models import Enrolment, TrainingYear
from lms.quizzes import services
from lms.quizzes.models import Attempt, AttemptAnswer, QuizOverride, QuizResult
from lms.quizzes.services import QuizRefused, ResponsesInvalid
from lms.quizzes.tasks import close_overdue_attempts
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import (
    QUESTIONS,
    RIGHT,
    WRONG,
    bank_category,
    enrol,
    make_question,
    make_quiz,
)

pytestmark = pytest.mark.django_db

GRADED_TYPES = [qtype for qtype in QUESTIONS if qtype not in ("essay", "description")]


@pytest.fixture
def course(db):
    return make_course("Q1")


@pytest.fixture
def on_course(trainee, course):
    return enrol(trainee, course)


def answers_of(attempt):
    return list(AttemptAnswer.objects.filter(attempt=attempt).select_related("version")
                .order_by("position"))


def respond(attempt, which=RIGHT):
    return [{"slot": answer.pk, "response": which[answer.version.qtype](answer.version.data)}
            for answer in answers_of(attempt) if answer.version.qtype in which]


def start(quiz, user, **kwargs):
    attempt, _created = services.attempt_start(quiz=quiz, user=user, **kwargs)
    return attempt


def test_every_type_graded_right_and_wrong(course, trainee, on_course):
    quiz = make_quiz(course, [make_question(qtype) for qtype in GRADED_TYPES],
                     attempts_allowed=2)
    first = start(quiz, trainee)
    done = services.attempt_submit(attempt_id=first.pk, user=trainee, answers=respond(first))
    assert done.status == Attempt.Status.GRADED
    assert {a.version.qtype: a.state for a in answers_of(done)} == dict.fromkeys(
        GRADED_TYPES, "right")
    assert done.grade == Decimal("100.00") and done.passed is True
    second = start(quiz, trainee)
    done = services.attempt_submit(attempt_id=second.pk, user=trainee,
                                   answers=respond(second, WRONG))
    states = {a.version.qtype: (a.state, a.fraction) for a in answers_of(done)}
    # Moodle: a single choice keeps its negative credit; a multiple response never drops below 0.
    assert states["single"] == ("wrong", -0.5)
    assert states["multiple"] == ("wrong", 0.0)
    assert all(state == "wrong" for state, _fraction in states.values())
    assert done.grade == Decimal("0.00") and done.passed is False


def test_a_start_twice_returns_the_attempt_in_progress(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("single")])
    attempt, created = services.attempt_start(quiz=quiz, user=trainee)
    again, created_again = services.attempt_start(quiz=quiz, user=trainee)
    assert created and not created_again and again.pk == attempt.pk
    assert Attempt.objects.count() == 1


def test_attempts_allowed_and_extra_attempts(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("truefalse")], attempts_allowed=1)
    attempt = start(quiz, trainee)
    services.attempt_submit(attempt_id=attempt.pk, user=trainee)
    with pytest.raises(QuizRefused) as refused:
        start(quiz, trainee)
    assert refused.value.code == "no_attempts_left"
    QuizOverride.objects.create(quiz=quiz, user=trainee, extra_attempts=1)
    assert start(quiz, trainee).number == 2
    assert Attempt.objects.filter(user=trainee).count() == 2


def test_only_trainees_on_the_course_take_it(course, trainee, instructor):
    quiz = make_quiz(course, [make_question("single")])
    with pytest.raises(QuizRefused) as refused:
        start(quiz, trainee)
    assert refused.value.code == "not_enrolled"
    enrol(trainee, course, status=Enrolment.Status.WAITLISTED)
    with pytest.raises(QuizRefused):
        start(quiz, trainee)
    # The course's instructor previews: never counted, not in any enrolment.
    course.instructors.add(instructor)
    course.save()
    preview = start(quiz, instructor)
    assert preview.is_preview and preview.enrolment_id is None


def test_window_is_the_servers(course, trainee, on_course):
    now = timezone.now()
    quiz = make_quiz(course, [make_question("single")], opens_at=now + timedelta(hours=1))
    with pytest.raises(QuizRefused) as refused:
        start(quiz, trainee, now=now)
    assert refused.value.code == "quiz_not_open"
    quiz.opens_at, quiz.closes_at = None, now - timedelta(minutes=1)
    quiz.save()
    with pytest.raises(QuizRefused) as refused:
        start(quiz, trainee, now=now)
    assert refused.value.code == "quiz_closed"


def test_the_deadline_is_the_time_limit_or_the_close_whichever_first(course, trainee,
                                                                      on_course):
    now = timezone.now()
    quiz = make_quiz(course, [make_question("single")], time_limit_minutes=30,
                     closes_at=now + timedelta(minutes=10))
    assert start(quiz, trainee, now=now).deadline == quiz.closes_at
    Attempt.objects.all().delete()
    quiz.closes_at = None
    quiz.save()
    QuizOverride.objects.create(quiz=quiz, user=trainee, extra_minutes=15)
    assert start(quiz, trainee, now=now).deadline == now + timedelta(minutes=45)


def test_late_answers_are_refused_and_the_attempt_submitted_at_the_deadline(
        course, trainee, on_course):
    now = timezone.now()
    quiz = make_quiz(course, [make_question("single"), make_question("truefalse")],
                     time_limit_minutes=10)
    attempt = start(quiz, trainee, now=now)
    single, truefalse = answers_of(attempt)
    services.answers_save(attempt_id=attempt.pk, user=trainee, now=now + timedelta(minutes=5),
                          answers=[{"slot": single.pk,
                                    "response": RIGHT["single"](single.version.data)}])
    late = now + timedelta(minutes=11)
    with pytest.raises(QuizRefused) as refused:
        services.answers_save(attempt_id=attempt.pk, user=trainee, now=late,
                              answers=[{"slot": truefalse.pk, "response": {"value": True}}])
    assert refused.value.code == "deadline_passed" and refused.value.status == 409
    attempt.refresh_from_db()
    # Submitted automatically as it stood at the deadline: the late answer is not in it.
    assert attempt.status == Attempt.Status.GRADED and attempt.overdue
    assert attempt.submitted_at == attempt.deadline
    assert attempt.grade == Decimal("50.00")
    assert AttemptAnswer.objects.get(pk=truefalse.pk).response is None


def test_late_submit_of_an_autosubmitted_quiz_answers_with_the_closed_attempt(
        course, trainee, on_course):
    now = timezone.now()
    quiz = make_quiz(course, [make_question("truefalse")], time_limit_minutes=10)
    attempt = start(quiz, trainee, now=now)
    answer = answers_of(attempt)[0]
    closed = services.attempt_submit(attempt_id=attempt.pk, user=trainee,
                                     now=now + timedelta(minutes=20),
                                     answers=[{"slot": answer.pk, "response": {"value": True}}])
    assert closed.overdue and closed.status == Attempt.Status.GRADED
    assert closed.grade == Decimal("0.00")


def test_a_quiz_that_refuses_late_attempts_does_not_count_them(course, trainee, on_course):
    now = timezone.now()
    quiz = make_quiz(course, [make_question("truefalse")], time_limit_minutes=10,
                     overdue_handling="refuse")
    attempt = start(quiz, trainee, now=now)
    with pytest.raises(QuizRefused) as refused:
        services.attempt_submit(attempt_id=attempt.pk, user=trainee,
                                now=now + timedelta(minutes=11))
    assert refused.value.code == "deadline_passed"
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.ABANDONED and attempt.grade is None
    assert not QuizResult.objects.exists()


def test_the_periodic_job_closes_attempts_whose_time_ran_out(course, trainee, on_course):
    now = timezone.now()
    quiz = make_quiz(course, [make_question("truefalse")], time_limit_minutes=5)
    attempt = start(quiz, trainee, now=now)
    assert services.attempts_close_overdue(now=now + timedelta(minutes=4)) == 0
    assert services.attempts_close_overdue(now=now + timedelta(minutes=6)) == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.overdue
    assert services.attempts_close_overdue(now=now + timedelta(minutes=7)) == 0
    # The beat's task runs (its time limits are consistent) and finds nothing more to close.
    assert close_overdue_attempts.delay().get() == 0


def test_autosave_is_all_or_nothing_and_idempotent(course, trainee, on_course, curator):
    quiz = make_quiz(course, [make_question("single"), make_question("short")])
    attempt = start(quiz, trainee)
    single, short = answers_of(attempt)
    good = {"slot": short.pk, "response": {"text": "no one"}}
    with pytest.raises(ResponsesInvalid) as invalid:
        services.answers_save(attempt_id=attempt.pk, user=trainee, answers=[
            good, {"slot": single.pk, "response": {"choice": "not-an-option"}},
            {"slot": 999999, "response": {"text": "x"}}])
    assert set(invalid.value.errors) == {str(single.pk), "999999"}
    assert AttemptAnswer.objects.get(pk=short.pk).response is None
    _attempt, saved = services.answers_save(attempt_id=attempt.pk, user=trainee, answers=[good])
    _attempt, saved_again = services.answers_save(attempt_id=attempt.pk, user=trainee,
                                                  answers=[good])
    assert (saved, saved_again) == (1, 0)
    with pytest.raises(Http404):
        services.answers_save(attempt_id=attempt.pk, user=curator, answers=[good])


def test_a_second_submit_is_refused_and_changes_nothing(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("truefalse")])
    attempt = start(quiz, trainee)
    done = services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=respond(attempt))
    with pytest.raises(QuizRefused) as refused:
        services.attempt_submit(attempt_id=attempt.pk, user=trainee,
                                answers=respond(attempt, WRONG))
    assert refused.value.code == "attempt_finished" and refused.value.status == 409
    attempt.refresh_from_db()
    assert attempt.grade == done.grade == Decimal("100.00")


def test_essays_wait_for_a_grader_and_the_grade_follows(course, trainee, on_course, instructor):
    quiz = make_quiz(course, [make_question("truefalse"), make_question("essay")],
                     pass_mark=Decimal("75"))
    attempt = start(quiz, trainee)
    done = services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=respond(attempt))
    assert done.status == Attempt.Status.SUBMITTED and done.grade is None
    assert not QuizResult.objects.exists()
    essay = next(a for a in answers_of(attempt) if a.version.qtype == "essay")
    assert essay.state == "needs_grading"
    with pytest.raises(QuizRefused):
        services.answer_grade(answer_id=essay.pk, mark=Decimal("3"), by=instructor)
    graded = services.answer_grade(answer_id=essay.pk, mark=Decimal("0.5"), comment="Good start",
                                   by=instructor)
    assert graded.status == Attempt.Status.GRADED and graded.grade == Decimal("75.00")
    assert QuizResult.objects.get().passed is True


@pytest.mark.parametrize("method, expected", [("highest", "100.00"), ("first", "0.00"),
                                              ("last", "50.00"), ("average", "50.00")])
def test_grading_methods(course, trainee, on_course, method, expected):
    quiz = make_quiz(course, [make_question("truefalse"), make_question("single")],
                     grading_method=method)
    for which in ("wrong", "right", "half"):
        attempt = start(quiz, trainee)
        answers = {a.version.qtype: a for a in answers_of(attempt)}
        picks = {"wrong": (False, 1), "right": (True, 0), "half": (True, 1)}[which]
        options = answers["single"].version.data["options"]
        services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=[
            {"slot": answers["truefalse"].pk, "response": {"value": picks[0]}},
            {"slot": answers["single"].pk, "response": {"choice": options[picks[1]]["id"]}}])
    assert QuizResult.objects.get().grade == Decimal(expected)


def test_passing_the_quiz_completes_the_course(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("truefalse")])
    attempt = start(quiz, trainee)
    services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=respond(attempt))
    on_course.refresh_from_db()
    assert on_course.status == Enrolment.Status.COMPLETED


def test_failing_leaves_the_course_open(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("truefalse")])
    attempt = start(quiz, trainee)
    services.attempt_submit(attempt_id=attempt.pk, user=trainee,
                            answers=respond(attempt, WRONG))
    on_course.refresh_from_db()
    assert on_course.status == Enrolment.Status.ENROLLED


def test_a_retake_in_a_later_year_starts_fresh(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("truefalse")], attempts_allowed=1)
    attempt = start(quiz, trainee)
    services.attempt_submit(attempt_id=attempt.pk, user=trainee)
    year = on_course.year
    on_course.status = Enrolment.Status.WITHDRAWN
    on_course.save()
    TrainingYear.objects.create(year=year, closed_at=timezone.now())
    with pytest.raises(QuizRefused) as refused:
        start(quiz, trainee)
    assert refused.value.code == "year_closed"
    TrainingYear.objects.all().delete()
    Enrolment.objects.filter(pk=on_course.pk).update(year=year - 1)
    enrol(trainee, course)
    # The attempt of the earlier enrolment does not count against the new one.
    fresh = start(quiz, trainee)
    assert fresh.number == 1 and fresh.enrolment.year == year


def test_random_draws_come_from_the_category_and_tag_without_repeats(course, trainee,
                                                                     on_course):
    pool = bank_category("Pool")
    other = bank_category("Other")
    tagged = [make_question("truefalse", category=pool, name=f"T{n}", text=f"Tagged {n}",
                            tags=["vat"]) for n in range(4)]
    make_question("truefalse", category=pool, name="Untagged", text="Untagged")
    make_question("truefalse", category=other, name="Elsewhere", text="Elsewhere", tags=["vat"])
    quiz = make_quiz(course, [tagged[0]], draws=[(pool, "vat", 2), (pool, "vat", 5)],
                     shuffle_questions=True)
    attempt = start(quiz, trainee)
    drawn = [a.version.question_id for a in answers_of(attempt)]
    # The fixed question plus every other tagged one of the pool, each once.
    assert sorted(drawn) == sorted(q.pk for q in tagged)


def test_a_fixed_key_regrades_the_attempts_with_a_report(course, trainee, on_course, curator):
    wrong_key = make_question("single", options=[
        {"text": "流转税", "fraction": 0}, {"text": "所得税", "fraction": 1},
        {"text": "财产税", "fraction": 0}])
    quiz = make_quiz(course, [wrong_key])
    attempt = start(quiz, trainee)
    answer = answers_of(attempt)[0]
    services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=[
        {"slot": answer.pk, "response": {"choice": answer.version.data["options"][0]["id"]}}])
    attempt.refresh_from_db()
    assert attempt.grade == Decimal("0.00")
    fixed = services.question_save(question=wrong_key, category=wrong_key.category, data={
        **QUESTIONS["single"], "options": [
            {"text": "流转税", "fraction": 1}, {"text": "所得税", "fraction": 0},
            {"text": "财产税", "fraction": 0}]})
    assert fixed.current_version.number == 2
    # The option ids survive the edit, so the old answer fits the new version.
    assert ([o["id"] for o in fixed.current_version.data["options"]]
            == [o["id"] for o in answer.version.data["options"]])
    preview = services.quiz_regrade(quiz=quiz, question=wrong_key, by=curator, dry_run=True)
    assert preview["changes"][0]["new_grade"] == "100.00"
    attempt.refresh_from_db()
    assert attempt.grade == Decimal("0.00")
    report = services.quiz_regrade(quiz=quiz, question=wrong_key, by=curator)
    assert report["changes"] == [{"attempt": attempt.pk, "user": "Li Ming", "answers": 1,
                                  "old_grade": "0.00", "new_grade": "100.00", "changed": True}]
    attempt.refresh_from_db()
    assert attempt.grade == Decimal("100.00") and attempt.passed
    assert QuizResult.objects.get().passed
    assert report["regrade"].changes == report["changes"]


def test_a_closed_year_or_a_withdrawal_stops_a_submit(course, trainee, on_course):
    quiz = make_quiz(course, [make_question("truefalse")])
    attempt = start(quiz, trainee)
    TrainingYear.objects.update_or_create(year=on_course.year,
                                          defaults={"closed_at": timezone.now()})
    with pytest.raises(QuizRefused) as refused:
        services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=respond(attempt))
    assert refused.value.code == "year_closed"
    TrainingYear.objects.filter(year=on_course.year).update(closed_at=None)
    Enrolment.objects.filter(pk=on_course.pk).update(status=Enrolment.Status.WITHDRAWN)
    with pytest.raises(QuizRefused):
        services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=respond(attempt))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS and not QuizResult.objects.exists()


def test_a_regrade_keeps_marks_given_by_hand(course, trainee, on_course, curator):
    essay = make_question("essay")
    quiz = make_quiz(course, [make_question("truefalse"), essay])
    attempt = start(quiz, trainee)
    services.attempt_submit(attempt_id=attempt.pk, user=trainee, answers=respond(attempt))
    answer = AttemptAnswer.objects.get(attempt=attempt, version__qtype="essay")
    services.answer_grade(answer_id=answer.pk, mark=Decimal("1"), by=curator)
    services.question_save(data={**QUESTIONS["essay"], "text": "Reflect on the case again."},
                           category=bank_category(), question=essay)
    report = services.quiz_regrade(quiz=quiz, question=essay, by=curator)
    answer.refresh_from_db()
    attempt.refresh_from_db()
    assert answer.mark == Decimal("1.00") and answer.state != "needs_grading"
    assert attempt.status == Attempt.Status.GRADED and attempt.grade == Decimal("100.00")
    assert [row["reason"] for row in report["skipped"]] == ["marked by hand"]
    assert QuizResult.objects.get().grade == Decimal("100.00")
