"""The quiz API: who may do what, bad input, and that a trainee is never handed a key, a credit
or a feedback text before the review options allow it — for every question type."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.quizzes.models import Attempt, AttemptAnswer, QuestionVersion
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import (
    QUESTIONS,
    RIGHT,
    SECRET_FEEDBACK,
    SECRET_GENERAL,
    enrol,
    make_question,
    make_quiz,
)

pytestmark = pytest.mark.django_db

ALL_TYPES = list(QUESTIONS)


@pytest.fixture
def course(db):
    return make_course("Q2")


@pytest.fixture
def quiz(course):
    return make_quiz(course, [make_question(qtype) for qtype in ALL_TYPES],
                     shuffle_options=True)


@pytest.fixture
def client(api_client, trainee, course):
    enrol(trainee, course)
    api_client.force_authenticate(trainee)
    return api_client


def start(client, quiz):
    response = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert response.status_code in (200, 201), response.content
    return response.json()


def secrets_of(version_data):
    """Every text of a question that only review may show, and every credit and key."""
    found = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for name, inner in value.items():
                walk(inner, name)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif isinstance(value, str) and key in ("feedback", "general_feedback", "feedback_true",
                                                "feedback_false", "grader_info") and value:
            found.add(value)

    walk(version_data)
    return found


def assert_no_secrets(payload, quiz):
    text = json.dumps(payload, ensure_ascii=False)
    assert SECRET_FEEDBACK not in text and SECRET_GENERAL not in text
    assert "SECRET-GRADER-INFO" not in text
    for version in QuestionVersion.objects.filter(question__slots__quiz=quiz):
        for secret in secrets_of(version.data):
            assert secret not in text
    for question in payload.get("questions", []):
        assert question["review"] is None
        flat = json.dumps(question)
        for word in ("fraction", "feedback", "right_answer", "correct", "answers\"", "tolerance",
                     "grader_info", "\"answer\""):
            assert word not in flat, (question["qtype"], word)


def test_a_trainee_never_gets_keys_before_review(client, quiz):
    attempt = start(client, quiz)
    assert {q["qtype"] for q in attempt["questions"]} == set(ALL_TYPES)
    assert_no_secrets(attempt, quiz)
    assert_no_secrets(client.get(attempt_url(attempt)).json(), quiz)
    # Nor after answering everything right, while the attempt is in progress.
    answers = right_answers(attempt)
    saved = client.post(attempt_url(attempt, "answers"), {"answers": answers}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["saved"] == len(answers)
    assert_no_secrets(client.get(attempt_url(attempt)).json(), quiz)
    # The ordering question never starts in the right order.
    ordering = next(q for q in attempt["questions"] if q["qtype"] == "ordering")
    version = AttemptAnswer.objects.get(pk=ordering["slot"]).version.data
    assert [item["id"] for item in ordering["items"]] != [item["id"] for item in version["items"]]


def test_review_shows_exactly_what_the_options_allow(client, quiz):
    quiz.review_after_score = True
    quiz.review_after_correctness = True
    quiz.review_after_feedback = False
    quiz.review_after_answers = False
    quiz.save()
    attempt = start(client, quiz)
    done = client.post(attempt_url(attempt, "submit"), {"answers": right_answers(attempt)},
                       format="json")
    assert done.status_code == 200, done.content
    body = done.json()
    text = json.dumps(body, ensure_ascii=False)
    assert SECRET_FEEDBACK not in text and SECRET_GENERAL not in text
    graded = [q for q in body["questions"] if q["qtype"] not in ("essay", "description")]
    assert all(q["review"]["state"] == "right" for q in graded)
    assert all(q["review"]["right_answer"] is None and q["review"]["correct"] is None
               for q in body["questions"])
    assert body["status"] == "submitted"  # the essay waits for its grader
    # The quiz closes: now the options for "after it closes" apply, answers and feedback too.
    quiz.closes_at = timezone.now() - timedelta(seconds=1)
    quiz.save()
    closed = client.get(attempt_url(attempt)).json()
    single = next(q for q in closed["questions"] if q["qtype"] == "single")
    assert single["review"]["correct"] == {"choice": AttemptAnswer.objects.get(
        pk=single["slot"]).version.data["options"][0]["id"]}
    assert any(SECRET_FEEDBACK in html for html in single["review"]["feedback"])


def test_nothing_is_shown_when_the_options_show_nothing(client, quiz):
    for moment in ("after", "closed"):
        for part in ("score", "correctness", "feedback", "answers"):
            setattr(quiz, f"review_{moment}_{part}", False)
    quiz.save()
    attempt = start(client, quiz)
    body = client.post(attempt_url(attempt, "submit"), {"answers": right_answers(attempt)},
                       format="json").json()
    assert all(q["review"] is None for q in body["questions"])
    assert body["review"]["score"] is None and body["review"]["grade"] is None
    summary = client.get(f"/api/v1/quizzes/{quiz.pk}/").json()
    assert summary["attempts"][0]["grade"] is None and summary["result"] is None


def attempt_url(attempt, action=None):
    return f"/api/v1/attempts/{attempt['id']}/" + (f"{action}/" if action else "")


def right_answers(attempt):
    answers = []
    for question in attempt["questions"]:
        if question["qtype"] == "description":
            continue
        data = AttemptAnswer.objects.get(pk=question["slot"]).version.data
        answers.append({"slot": question["slot"], "response": RIGHT[question["qtype"]](data)})
    return answers


def test_the_quiz_summary(client, quiz, trainee):
    body = client.get(f"/api/v1/quizzes/{quiz.pk}/").json()
    assert body["can_start"] and body["refusal"] is None and body["records_progress"]
    # The text-only item is not a question.
    assert body["question_count"] == len(ALL_TYPES) - 1 and body["in_progress"] is None
    attempt = start(client, quiz)
    body = client.get(f"/api/v1/quizzes/{quiz.pk}/").json()
    assert body["in_progress"] == attempt["id"] and body["attempts_used"] == 1
    listing = client.get(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == attempt["id"]


def test_strangers_are_refused(api_client, quiz, curator, instructor, trainee, course):
    assert api_client.get(f"/api/v1/quizzes/{quiz.pk}/").status_code in (401, 403)
    api_client.force_authenticate(trainee)  # not on the course
    response = api_client.get(f"/api/v1/quizzes/{quiz.pk}/")
    assert response.status_code == 403 and response.json()["code"] == "not_enrolled"
    refused = api_client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert refused.status_code == 403 and refused.json()["code"] == "not_enrolled"
    assert not Attempt.objects.exists()
    api_client.force_authenticate(instructor)  # teaches another course
    assert api_client.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 403


def test_another_users_attempt_is_a_404(client, quiz, api_client, course):
    from tests.lms.core.factories import UserFactory

    attempt = start(client, quiz)
    other = UserFactory(username="other", roles=("trainee",))
    enrol(other, course)
    api_client.force_authenticate(other)
    for url in (attempt_url(attempt), attempt_url(attempt, "answers"),
                attempt_url(attempt, "submit")):
        response = (api_client.get(url) if url == attempt_url(attempt)
                    else api_client.post(url, {"answers": []}, format="json"))
        assert response.status_code == 404, url


def test_staff_see_every_attempt_in_full(client, quiz, curator, api_client):
    attempt = start(client, quiz)
    api_client.force_authenticate(curator)
    body = api_client.get(attempt_url(attempt)).json()
    assert all(q["review"] is not None for q in body["questions"])


@pytest.mark.parametrize("body, field", [
    ({"answers": "x"}, "answers"),
    ({"answers": [{"slot": "a", "response": None}]}, "answers"),
    ({"answers": [{"slot": 1}]}, "answers"),
    ({}, "answers"),
])
def test_bad_bodies_are_400s(client, quiz, body, field):
    attempt = start(client, quiz)
    response = client.post(attempt_url(attempt, "answers"), body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]


def test_wrong_shapes_and_foreign_slots_save_nothing(client, quiz):
    attempt = start(client, quiz)
    slots = {q["qtype"]: q["slot"] for q in attempt["questions"]}
    response = client.post(attempt_url(attempt, "answers"), {"answers": [
        {"slot": slots["short"], "response": {"text": "no one"}},
        {"slot": slots["single"], "response": {"choices": ["x"]}},
        {"slot": slots["ordering"], "response": {"order": ["a", "b"]}},
        {"slot": slots["truefalse"], "response": {"value": "yes"}},
        {"slot": 10 ** 15, "response": {"text": "x"}},
    ]}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]["answers"]
    assert set(errors) == {str(slots["single"]), str(slots["ordering"]),
                           str(slots["truefalse"]), str(10 ** 15)}
    assert AttemptAnswer.objects.filter(attempt_id=attempt["id"],
                                        response__isnull=False).count() == 0


def test_double_submit_and_answers_after_submit_are_409s(client, quiz):
    attempt = start(client, quiz)
    assert client.post(attempt_url(attempt, "submit"), {}, format="json").status_code == 200
    again = client.post(attempt_url(attempt, "submit"), {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "attempt_finished"
    late = client.post(attempt_url(attempt, "answers"), {"answers": []}, format="json")
    assert late.status_code == 409 and late.json()["code"] == "attempt_finished"


def test_a_start_twice_is_one_attempt(client, quiz):
    first = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    second = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Attempt.objects.count() == 1


def test_answers_past_the_deadline_are_refused(client, quiz):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt["id"]).update(
        deadline=timezone.now() - timedelta(minutes=1))
    response = client.post(attempt_url(attempt, "answers"), {"answers": []}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "deadline_passed"
    assert Attempt.objects.get(pk=attempt["id"]).overdue


def test_the_grader_marks_an_essay(client, quiz, api_client, instructor, course, trainee):
    attempt = start(client, quiz)
    client.post(attempt_url(attempt, "submit"), {"answers": right_answers(attempt)},
                format="json")
    essay = next(q for q in attempt["questions"] if q["qtype"] == "essay")
    api_client.force_authenticate(instructor)
    url = f"/api/v1/answers/{essay['slot']}/grade/"
    assert api_client.post(url, {"mark": "1"}, format="json").status_code == 404
    course.instructors.add(instructor)
    course.save()
    api_client.force_authenticate(type(instructor).objects.get(pk=instructor.pk))
    too_much = api_client.post(url, {"mark": "5"}, format="json")
    assert too_much.status_code == 400 and too_much.json()["code"] == "invalid_mark"
    graded = api_client.post(url, {"mark": "1", "comment": "Well argued."}, format="json")
    assert graded.status_code == 200 and graded.json()["status"] == "graded"
    api_client.force_authenticate(trainee)
    own = api_client.get(attempt_url(attempt)).json()
    assert next(q for q in own["questions"] if q["qtype"] == "essay")["review"]["comment"] == (
        "Well argued.")


def test_list_queries_are_bounded(client, quiz, django_assert_max_num_queries):
    attempt = start(client, quiz)
    client.post(attempt_url(attempt, "submit"), {}, format="json")
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(attempt_url(attempt)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 200


def test_a_course_behind_a_view_restriction_hides_its_quizzes(client, quiz, course, trainee):
    from django.test import Client
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=course, password="secret",
                                       restriction_type=PageViewRestriction.PASSWORD)
    assert client.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 404
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 404
    assert not Attempt.objects.exists()
    site = Client()
    site.force_login(trainee)
    assert site.get(f"/learning/quizzes/{quiz.pk}/").status_code == 404


def test_a_submit_naming_a_question_twice_is_a_400(client, quiz):
    attempt = start(client, quiz)
    slot = attempt["questions"][0]["slot"]
    twice = [{"slot": slot, "response": None}, {"slot": slot, "response": None}]
    response = client.post(attempt_url(attempt, "submit"), {"answers": twice}, format="json")
    assert response.status_code == 400
    assert Attempt.objects.get(pk=attempt["id"]).status == Attempt.Status.IN_PROGRESS
