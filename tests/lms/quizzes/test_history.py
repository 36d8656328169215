"""A trainee's own quiz results (the page and me/quiz-attempts/), a quiz's own page, and the
staff's grading queue and statistics through the API: who sees what, and bounded queries."""

import pytest
from django.test import Client

from lms.quizzes import services
from lms.quizzes.models import AttemptAnswer
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import RIGHT, WRONG, enrol, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return make_course("H1")


def take(quiz, user, which=RIGHT):
    """Start and submit an attempt with every question answered from `which`."""
    attempt, _created = services.attempt_start(quiz=quiz, user=user)
    answers = [{"slot": answer.pk, "response": which[answer.version.qtype](answer.version.data)}
               for answer in AttemptAnswer.objects.filter(attempt=attempt)
               .select_related("version")]
    return services.attempt_submit(attempt_id=attempt.pk, user=user, answers=answers)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def history(course, trainee, instructor, django_user_model):
    """The trainee took two quizzes; another trainee and an instructor's preview did too."""
    enrol(trainee, course)
    open_quiz = make_quiz(course, [make_question("single"), make_question("truefalse")],
                          title="Budget basics", pass_mark=50)
    hidden = make_quiz(course, [make_question("single")], title="Sealed quiz",
                       review_after_score=False, review_after_correctness=False,
                       review_after_feedback=False, review_after_answers=False)
    take(open_quiz, trainee)
    take(open_quiz, trainee, WRONG)
    take(hidden, trainee)
    other = django_user_model.objects.create_user("other", password="x")
    enrol(other, course)
    take(open_quiz, other)
    course.instructors.add(instructor)
    course.save()
    take(open_quiz, instructor)  # a preview: never in anyone's history
    return {"open": open_quiz, "hidden": hidden, "other": other}


def test_my_attempts_through_the_api(api_client, trainee, history):
    api_client.force_authenticate(trainee)
    rows = api_client.get("/api/v1/me/quiz-attempts/").json()["results"]
    assert len(rows) == 3
    assert {row["quiz"]["title"] for row in rows} == {"Budget basics", "Sealed quiz"}
    by_quiz = {}
    for row in rows:
        by_quiz.setdefault(row["quiz"]["id"], []).append(row)
    assert sorted(row["grade"] for row in by_quiz[history["open"].pk]) == [0.0, 100.0]
    sealed = by_quiz[history["hidden"].pk][0]
    assert sealed["status"] == "graded" and sealed["grade"] is None and sealed["passed"] is None
    assert rows[0]["quiz"]["url"] == f"/learning/quizzes/{rows[0]['quiz']['id']}/"


def test_the_year_filter_is_checked(api_client, trainee, history):
    api_client.force_authenticate(trainee)
    assert api_client.get("/api/v1/me/quiz-attempts/?year=1066").status_code == 400
    assert api_client.get("/api/v1/me/quiz-attempts/?year=2001").json()["count"] == 0
    assert api_client.get("/api/v1/me/quiz-attempts/").status_code == 200
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/me/quiz-attempts/").status_code in (401, 403)


def test_the_results_page_shows_what_review_allows(trainee, history):
    page = signed_in(trainee).get("/learning/quizzes/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Budget basics" in text and "Sealed quiz" in text
    assert "Result: 100%" in text  # highest grade by default
    assert "Shown later" in text  # the sealed quiz's grade
    assert text.count("data-attempt=") == 3


def test_nobody_else_sees_my_attempts(history, trainee, instructor):
    other_page = signed_in(history["other"]).get("/learning/quizzes/").content.decode()
    assert other_page.count("data-attempt=") == 1
    assert "Sealed quiz" not in other_page
    # Previews are not history: the instructor has none.
    assert "data-attempt=" not in signed_in(instructor).get("/learning/quizzes/").content.decode()
    assert Client().get("/learning/quizzes/").status_code == 302


def test_my_learning_links_to_the_results(trainee, history):
    assert b'href="/learning/quizzes/?year=' in signed_in(trainee).get("/learning/").content


def test_a_quiz_page_is_for_its_readers(course, trainee, history, django_user_model):
    url = f"/learning/quizzes/{history['open'].pk}/"
    page = signed_in(trainee).get(url)
    assert page.status_code == 200
    assert f'api="/api/v1/quizzes/{history["open"].pk}/"' in page.content.decode()
    stranger = django_user_model.objects.create_user("stranger", password="x")
    assert signed_in(stranger).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert signed_in(trainee).get("/learning/quizzes/999999/").status_code == 404


def test_history_queries_are_bounded(course, trainee, django_assert_max_num_queries):
    enrol(trainee, course)
    for number in range(6):
        take(make_quiz(course, [make_question("single")], title=f"Quiz {number}"), trainee)
    client = signed_in(trainee)
    with django_assert_max_num_queries(12):
        assert client.get("/learning/quizzes/").status_code == 200
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(trainee)
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/me/quiz-attempts/").json()["count"] == 6


@pytest.fixture
def essay_waiting(course, trainee, instructor):
    enrol(trainee, course)
    quiz = make_quiz(course, [make_question("single"), make_question("essay")],
                     title="With an essay")
    attempt = take(quiz, trainee)
    return quiz, attempt


def test_the_grading_queue(api_client, course, trainee, instructor, curator, essay_waiting,
                           django_user_model):
    _quiz, attempt = essay_waiting
    api_client.force_authenticate(trainee)
    assert api_client.get("/api/v1/grading/").status_code == 403
    api_client.force_authenticate(instructor)  # teaches nothing yet
    assert api_client.get("/api/v1/grading/").status_code == 403
    api_client.force_authenticate(curator)
    rows = api_client.get("/api/v1/grading/").json()["results"]
    assert [(row["attempt"], row["question"], row["trainee"]["username"]) for row in rows] == [
        (attempt.pk, "Reflect", "trainee")]
    other = make_course("H2")
    teacher = django_user_model.objects.get(pk=instructor.pk)
    other.instructors.add(teacher)
    other.save()
    api_client.force_authenticate(django_user_model.objects.get(pk=instructor.pk))
    assert api_client.get("/api/v1/grading/").json()["count"] == 0  # not their course
    course.instructors.add(teacher)
    course.save()
    api_client.force_authenticate(django_user_model.objects.get(pk=instructor.pk))
    row = api_client.get("/api/v1/grading/").json()["results"][0]
    graded = api_client.post(f"/api/v1/answers/{row['answer']}/grade/", {"mark": "1"},
                             format="json")
    assert graded.status_code == 200
    assert api_client.get("/api/v1/grading/").json()["count"] == 0


def test_quiz_statistics(api_client, course, trainee, curator, history):
    url = f"/api/v1/quizzes/{history['open'].pk}/statistics/"
    api_client.force_authenticate(trainee)
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(curator)
    figures = api_client.get(url).json()
    assert figures["count"] == 3 and figures["passed"] == 2  # the preview does not count
    assert figures["mean"] == pytest.approx(200 / 3)
    assert sum(band["count"] for band in figures["distribution"]) == 3
    assert [row["name"] for row in figures["questions"]] == ["VAT kind", "Sun"]
    assert all(row["attempts"] == 3 for row in figures["questions"])
    # Facility is the mean credit, a penalty included: (1 - 0.5 + 1) / 3 and (1 + 0 + 1) / 3.
    assert [row["facility"] for row in figures["questions"]] == [
        pytest.approx(50), pytest.approx(200 / 3)]
    assert api_client.get(url + "?year=nope").status_code == 400
    assert api_client.get(url + "?year=2001").json()["count"] == 0
    assert api_client.get("/api/v1/quizzes/999999/statistics/").status_code == 404
