"""Marking and results in the Wagtail admin: the grading queue and grade screen, a quiz's
results with its statistics and exports, a trainee's attempt seen by staff, and regrading —
each screen for every role, forged forms included, lists in a bounded number of queries."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.courses.models import Enrolment
from lms.quizzes import services
from lms.quizzes.admin_marking import word_count
from lms.quizzes.models import Attempt, AttemptAnswer, QuizResult, Regrade
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import (
    QUESTIONS,
    RIGHT,
    SECRET_FEEDBACK,
    SECRET_GENERAL,
    WRONG,
    bank_category,
    enrol,
    make_question,
    make_quiz,
)

pytestmark = pytest.mark.django_db

ESSAY = "My answer <script>alert('x')</script> & more"


@pytest.fixture
def course(instructor):
    course = make_course("QZ-1", title="Budget law")
    course.instructors.add(instructor)
    course.save()  # a page's many-to-many relations are written when it is saved
    return course


@pytest.fixture
def colleague(db):
    """An instructor of another course."""
    other = make_course("QZ-2", title="Land law")
    user = UserFactory(username="colleague", roles=("instructor",))
    other.instructors.add(user)
    other.save()
    return user


def trainees(course, count, start=0):
    users = [UserFactory(username=f"t{start + n}", first_name=f"Trainee {start + n}")
             for n in range(count)]
    for user in users:
        enrol(user, course)
    return users


def take(quiz, user, answers):
    """Start and submit an attempt; `answers` maps a question's name to a response maker."""
    attempt, _created = services.attempt_start(quiz=quiz, user=user)
    rows = AttemptAnswer.objects.filter(attempt=attempt).select_related("version")
    sent = [{"slot": row.pk, "response": answers[row.version.data["name"]](row.version.data)}
            for row in rows if row.version.data["name"] in answers]
    return services.attempt_submit(attempt_id=attempt.pk, user=user, answers=sent)


def essay_quiz(course):
    return make_quiz(course, [make_question("truefalse"), make_question("essay")],
                     title="Reflection")


def submit_essays(quiz, users, text=ESSAY):
    return [take(quiz, user, {"Sun": RIGHT["truefalse"],
                              "Reflect": lambda q: {"text": text}}) for user in users]


def essay_answer(attempt):
    return AttemptAnswer.objects.get(attempt=attempt, version__qtype="essay")


def refused(response):
    """Wagtail answers a refusal inside the admin with a redirect to its home page (with a
    message) and to its sign-in page when nobody is signed in."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response.url.startswith(reverse("wagtailadmin_home")), response.url
    return True


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


# The grading queue and the grade screen ---------------------------------------------------

def test_the_queue_lists_waiting_answers_of_ones_own_courses_oldest_first(
        client, course, instructor, colleague):
    quiz = essay_quiz(course)
    first, second = submit_essays(quiz, trainees(course, 2))
    client.force_login(instructor)
    html = client.get(reverse("quiz_grading:index")).content.decode()
    assert html.index(f'data-answer="{essay_answer(first).pk}"') < html.index(
        f'data-answer="{essay_answer(second).pk}"')
    assert "Trainee 0" in html and "Budget law" in html and "Reflection" in html
    client.force_login(colleague)
    html = client.get(reverse("quiz_grading:index")).content.decode()
    assert "data-answer=" not in html and "Nothing is waiting for a grader." in html


def test_grading_an_essay_grades_the_attempt_and_goes_to_the_next(client, course, instructor):
    quiz = essay_quiz(course)
    first, second = submit_essays(quiz, trainees(course, 2))
    assert first.status == Attempt.Status.SUBMITTED
    client.force_login(instructor)
    url = reverse("quiz_grading:grade", args=[essay_answer(first).pk])
    page = client.get(url).content.decode()
    # The question, the notes for graders, and the essay as text, never as HTML.
    assert "Reflect on the case." in page and "SECRET-GRADER-INFO" in page
    assert "&lt;script&gt;alert" in page and "<script>alert('x')" not in page
    response = client.post(url, {"mark": "0.5", "comment": "Good start."})
    assert response.status_code == 302
    assert response.url == reverse("quiz_grading:grade", args=[essay_answer(second).pk])
    first.refresh_from_db()
    assert first.status == Attempt.Status.GRADED
    assert (first.score, first.grade, first.passed) == (Decimal("1.50"), Decimal("75.00"), True)
    graded = essay_answer(first)
    assert (graded.mark, graded.comment, graded.graded_by) == (Decimal("0.50"), "Good start.",
                                                                instructor)
    assert QuizResult.objects.get(enrolment=first.enrolment).grade == Decimal("75.00")
    response = client.post(response.url, {"mark": "1", "comment": ""})
    assert response.url == reverse("quiz_grading:index")
    assert "Nothing is waiting for a grader." in client.get(response.url).content.decode()


@pytest.mark.parametrize("mark", ["2", "-1", "abc", "", "1e400", "NaN"])
def test_a_mark_out_of_range_or_not_a_number_is_refused(client, course, instructor, mark):
    [attempt] = submit_essays(essay_quiz(course), trainees(course, 1))
    client.force_login(instructor)
    response = client.post(reverse("quiz_grading:grade", args=[essay_answer(attempt).pk]),
                           {"mark": mark})
    assert response.status_code == 200
    assert 'class="error-message"' in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and essay_answer(attempt).mark is None


def test_a_refusal_of_the_service_is_shown_on_the_form(client, course, instructor):
    quiz = essay_quiz(course)
    [user] = trainees(course, 1)
    attempt, _created = services.attempt_start(quiz=quiz, user=user)  # still in progress
    client.force_login(instructor)
    url = reverse("quiz_grading:grade", args=[essay_answer(attempt).pk])
    assert "has not been submitted" in client.get(url).content.decode()
    response = client.post(url, {"mark": "1"})
    assert response.status_code == 200
    assert "Only submitted attempts are graded." in response.content.decode()
    assert essay_answer(attempt).mark is None


def test_grading_an_answer_of_another_course_is_refused(client, course, colleague, trainee):
    [attempt] = submit_essays(essay_quiz(course), trainees(course, 1))
    url = reverse("quiz_grading:grade", args=[essay_answer(attempt).pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    assert client.post(url, {"mark": "1"}).status_code == 404
    client.force_login(trainee)
    assert refused(client.post(url, {"mark": "1"}))
    client.logout()
    assert client.post(url, {"mark": "1"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and essay_answer(attempt).mark is None
    assert client.get(reverse("quiz_grading:grade", args=[999999999])).status_code == 302


def test_the_training_office_grades_any_course(client, course, curator):
    [attempt] = submit_essays(essay_quiz(course), trainees(course, 1))
    client.force_login(curator)
    assert f'data-answer="{essay_answer(attempt).pk}"' in client.get(
        reverse("quiz_grading:index")).content.decode()
    back = reverse("quiz_results:attempt", args=[attempt.pk])
    response = client.post(reverse("quiz_grading:grade", args=[essay_answer(attempt).pk]),
                           {"mark": "1", "next": back})
    assert response.url == back
    attempt.refresh_from_db()
    assert attempt.grade == Decimal("100.00")


def test_the_queue_answers_in_a_bounded_number_of_queries(client, course, instructor,
                                                          django_assert_max_num_queries):
    quiz = essay_quiz(course)
    submit_essays(quiz, trainees(course, 2))
    client.force_login(instructor)
    url = reverse("quiz_grading:index")
    few = queries(client, url)
    submit_essays(quiz, trainees(course, 6, start=10))
    with django_assert_max_num_queries(15):
        assert queries(client, url) == few


# Results, statistics and exports ----------------------------------------------------------

@pytest.fixture
def known(course):
    """Four trainees on three true/false questions: Easy everyone gets right, First three of
    four, Second one of four — grades 100, 66.67, 66.67 and 33.33."""
    easy = make_question("truefalse", name="Easy")
    first = make_question("truefalse", name="First")
    second = make_question("truefalse", name="Second")
    quiz = make_quiz(course, [easy, first, second], title="Known", attempts_allowed=3)
    right, wrong = RIGHT["truefalse"], WRONG["truefalse"]
    plan = [(right, right), (right, wrong), (right, wrong), (wrong, wrong)]
    users = trainees(course, 4)
    for user, (one, two) in zip(users, plan, strict=True):
        take(quiz, user, {"Easy": right, "First": one, "Second": two})
    return {"quiz": quiz, "questions": (easy, first, second), "users": users}


def test_results_show_the_grades_their_spread_and_each_questions_statistics(
        client, known, instructor):
    quiz, (easy, first, second) = known["quiz"], known["questions"]
    services.attempt_start(quiz=quiz, user=instructor)  # a preview: never counted
    client.force_login(instructor)
    html = client.get(reverse("quiz_results:results", args=[quiz.pk])).content.decode()
    assert 'data-stat="count">4<' in html and 'data-stat="mean">66.7%<' in html
    assert 'data-stat="median">66.7%<' in html and 'data-stat="sd">27.2%<' in html
    # The bar chart is a table with its numbers written out.
    for band, count in (("30", 1), ("60", 2), ("90", 1), ("0", 0)):
        row = html[html.index(f'data-band="{band}"'):]
        assert f"<td>{count}</td>" in row[:row.index("</tr>")]

    def stats(question):
        row = html[html.index(f'data-question="{question.pk}"'):]
        return row[:row.index("</tr>")]

    assert 'data-stat="facility">75.0%<' in stats(first)
    assert 'data-stat="facility">25.0%<' in stats(second)
    assert 'data-stat="discrimination">0.33<' in stats(first)
    assert 'data-stat="discrimination">0.33<' in stats(second)
    assert 'data-stat="sd">50.0%<' in stats(first)
    assert 'data-stat="facility">100.0%<' in stats(easy)
    assert "Too easy — nearly everyone gets it right." in stats(easy)
    assert 'data-stat="attempts">4<' in stats(easy)
    assert html.index(f'data-question="{easy.pk}"') < html.index(f'data-question="{first.pk}"')
    assert html.count("data-attempt=") == 4  # previews are not trainees' attempts


def test_results_filter_by_status_and_passed(client, known, instructor):
    quiz = known["quiz"]
    [user] = trainees(quiz.course, 1, start=20)
    services.attempt_start(quiz=quiz, user=user)
    client.force_login(instructor)
    url = reverse("quiz_results:results", args=[quiz.pk])
    html = client.get(url, {"status": "in_progress"}).content.decode()
    assert html.count("data-attempt=") == 1 and "Trainee 20" in html
    html = client.get(url, {"passed": "no"}).content.decode()
    assert html.count("data-attempt=") == 1 and "Trainee 3" in html
    html = client.get(url, {"passed": "yes", "status": "graded"}).content.decode()
    assert html.count("data-attempt=") == 3
    # Forged filters are ignored, never an error page.
    forged = client.get(url, {"status": "x" * 500, "passed": "maybe", "year": "99999999999999999999",
                              "ordering": "password", "p": "-3"})
    assert forged.status_code == 200 and forged.content.decode().count("data-attempt=") == 5


def test_results_answer_in_a_bounded_number_of_queries(client, course, instructor,
                                                        django_assert_max_num_queries):
    quiz = make_quiz(course, [make_question("truefalse"), make_question("short")])
    answers = {"Sun": RIGHT["truefalse"], "Nobody": WRONG["short"]}
    for user in trainees(course, 2):
        take(quiz, user, answers)
    client.force_login(instructor)
    url = reverse("quiz_results:results", args=[quiz.pk])
    few = queries(client, url)
    for user in trainees(course, 7, start=10):
        take(quiz, user, answers)
    with django_assert_max_num_queries(25):
        assert queries(client, url) == few
    index = reverse("quiz_results:index")
    assert queries(client, index) == queries(client, index, q="Budget")


def exported(client, url, spreadsheet_format, **filters):
    response = client.get(url, {**filters, "export": spreadsheet_format})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if spreadsheet_format == "csv":
        assert body.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_results_export_as_csv_and_xlsx(client, known, curator):
    quiz = known["quiz"]
    client.force_login(curator)
    url = reverse("quiz_results:results", args=[quiz.pk])
    header, *rows = exported(client, url, "csv")
    assert header == ["Username", "Full name", "Work unit", "Training year", "Attempt",
                      "Status", "Started", "Submitted", "Grade (%)", "Passed"]
    assert len(rows) == 4
    row = {line[0]: dict(zip(header, line, strict=True)) for line in rows}["t3"]
    assert (row["Full name"], row["Status"], row["Grade (%)"], row["Attempt"]) == (
        "Trainee 3", "Graded", "33.33", "1")
    header, *rows = exported(client, url, "xlsx", passed="yes")
    assert header[0] == "Username" and len(rows) == 3
    assert {row[0] for row in rows} == {"t0", "t1", "t2"}
    started = rows[0][header.index("Started")]
    assert started.year >= 2024  # a real date in the cell, in local time


def test_question_statistics_export_as_csv_and_xlsx(client, known, instructor):
    quiz = known["quiz"]
    client.force_login(instructor)
    url = reverse("quiz_results:statistics", args=[quiz.pk])
    header, *rows = exported(client, url, "csv")
    assert header == ["#", "Question", "Type", "Attempts", "Facility (%)",
                      "Standard deviation (%)", "Discrimination index", "Note"]
    assert rows[0] == ["1", "Easy", "True / false", "4", "100.0", "0.0", "",
                       "Too easy — nearly everyone gets it right."]
    assert rows[1][:7] == ["2", "First", "True / false", "4", "75.0", "50.0", "0.33"]
    header, *rows = exported(client, url, "xlsx")
    assert rows[1][:7] == [2, "First", "True / false", 4, 75.0, 50.0, 0.33]
    assert client.get(url).status_code == 302  # no export asked: back to the results


# Who sees what ----------------------------------------------------------------------------

def screens(quiz, attempt, answer, question):
    return [reverse("quiz_results:index"), reverse("quiz_grading:index"),
            reverse("quiz_results:results", args=[quiz.pk]),
            reverse("quiz_results:statistics", args=[quiz.pk]) + "?export=csv",
            reverse("quiz_results:attempt", args=[attempt.pk]),
            reverse("quiz_grading:grade", args=[answer.pk]),
            reverse("quiz_results:regrade", args=[quiz.pk, question.pk])]


def test_each_screen_by_role(client, course, instructor, colleague, curator, trainee):
    quiz = essay_quiz(course)
    [attempt] = submit_essays(quiz, trainees(course, 1))
    question = quiz.slots.first().question
    urls = screens(quiz, attempt, essay_answer(attempt), question)
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302, url  # to the sign-in page
        client.force_login(trainee)
        assert refused(client.get(url))
        client.force_login(instructor)
        assert client.get(url).status_code == 200, url
        client.force_login(curator)
        assert client.get(url).status_code == 200, url
    client.force_login(colleague)
    for url in urls[:2]:
        assert client.get(url).status_code == 200
    for url in urls[2:]:
        assert client.get(url).status_code == 404, url
    assert "Reflection" not in client.get(urls[0]).content.decode()
    # Staff with the office's admin access but without the enrolment lists see nothing.
    clerk = UserFactory(username="clerk", roles=("instructor",))
    client.force_login(clerk)
    for url in urls:
        assert refused(client.get(url))


def test_the_menu_shows_the_screens_to_those_who_oversee_quizzes(client, course, instructor,
                                                                 curator):
    for user in (instructor, curator):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("quiz_grading:index") in html and reverse("quiz_results:index") in html
    client.force_login(UserFactory(username="clerk", roles=("instructor",)))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("quiz_grading:index") not in html


def test_a_trainees_attempt_in_full(client, course, instructor):
    quiz = make_quiz(course, [make_question(qtype) for qtype in QUESTIONS])
    [user] = trainees(course, 1)
    responses = {QUESTIONS[qtype]["name"]: RIGHT[qtype] for qtype in RIGHT}
    responses["Reflect"] = lambda q: {"text": ESSAY}
    responses["VAT kind"] = WRONG["single"]
    attempt = take(quiz, user, responses)
    client.force_login(instructor)
    html = client.get(reverse("quiz_results:attempt", args=[attempt.pk])).content.decode()
    assert "增值税属于哪一类税？" in html and SECRET_GENERAL in html
    assert f"{SECRET_FEEDBACK}-single-penalty" in html  # the feedback of the option chosen
    assert "The right answer is: 流转税" in html
    assert "&lt;script&gt;alert" in html and "<script>alert('x')" not in html
    assert "Awaiting grading" in html and reverse("quiz_grading:grade", args=[
        essay_answer(attempt).pk]) in html
    assert html.count('class="lms-question"') == len(QUESTIONS)
    assert "ＮＯ　ＯＮＥ" in html  # what the trainee typed, as typed


def test_the_results_list_links_to_each_attempt(client, known, instructor):
    client.force_login(instructor)
    html = client.get(reverse("quiz_results:results", args=[known["quiz"].pk])).content.decode()
    for attempt in Attempt.objects.filter(quiz=known["quiz"]):
        assert reverse("quiz_results:attempt", args=[attempt.pk]) in html


# Regrading -------------------------------------------------------------------------------

WRONG_KEY = {"qtype": "single", "name": "VAT kind", "text": "增值税属于哪一类税？",
             "options": [{"text": "流转税", "fraction": 0}, {"text": "所得税", "fraction": 1},
                         {"text": "财产税", "fraction": 0}]}
FIXED_KEY = {**WRONG_KEY, "options": [{"text": "流转税", "fraction": 1},
                                      {"text": "所得税", "fraction": 0},
                                      {"text": "财产税", "fraction": 0}]}


@pytest.fixture
def miskeyed(course):
    """A question keyed wrong: the two strongest trainees chose the truly right option and got
    no credit; the weakest chose the wrong one and got it."""
    vat = services.question_save(data=WRONG_KEY, category=bank_category())
    sun, born = make_question("truefalse"), make_question("numerical")
    quiz = make_quiz(course, [vat, sun, born], title="Tax")
    strong, middle, weak = trainees(course, 3)

    def option(text):
        return lambda q: {"choice": next(o["id"] for o in q["options"] if o["text"] == text)}

    attempts = [take(quiz, strong, {"VAT kind": option("流转税"), "Sun": RIGHT["truefalse"],
                                    "Born": RIGHT["numerical"]}),
                take(quiz, middle, {"VAT kind": option("流转税"), "Sun": RIGHT["truefalse"],
                                    "Born": WRONG["numerical"]}),
                take(quiz, weak, {"VAT kind": option("所得税"), "Sun": WRONG["truefalse"],
                                  "Born": WRONG["numerical"]})]
    return {"quiz": quiz, "question": vat, "attempts": attempts}


def grades(attempts):
    return [Attempt.objects.get(pk=attempt.pk).grade for attempt in attempts]


def test_a_wrong_key_is_flagged_fixed_and_regraded(client, miskeyed, instructor):
    quiz, vat, attempts = miskeyed["quiz"], miskeyed["question"], miskeyed["attempts"]
    before = [Decimal("66.67"), Decimal("33.33"), Decimal("33.33")]
    assert grades(attempts) == before
    client.force_login(instructor)
    results = reverse("quiz_results:results", args=[quiz.pk])
    html = client.get(results).content.decode()
    assert "Negative discrimination: check the key" in html
    regrade_url = reverse("quiz_results:regrade", args=[quiz.pk, vat.pk])
    assert regrade_url not in html  # every answer is on the current version
    services.question_save(data=FIXED_KEY, category=bank_category(), question=vat)
    html = client.get(results).content.decode()
    assert regrade_url in html and "3 answers on older versions" in html
    # The dry run shows what would change and changes nothing.
    report = client.get(regrade_url).content.decode()
    assert "Nothing has been changed yet" in report
    for attempt, old, new in zip(attempts, ["66.7", "33.3", "33.3"], ["100", "66.7", "0"],
                                 strict=True):
        row = report[report.index(f'data-attempt="{attempt.pk}"'):]
        row = row[:row.index("</tr>")]
        assert f"data-old>{old}%" in row and f"data-new>{new}%" in row
    assert grades(attempts) == before and not Regrade.objects.exists()
    # Confirmed, it regrades for real and shows the saved report.
    response = client.post(regrade_url)
    regrade = Regrade.objects.get()
    assert response.url == reverse("quiz_results:regrade_report", args=[quiz.pk, regrade.pk])
    assert grades(attempts) == [Decimal("100.00"), Decimal("66.67"), Decimal("0.00")]
    assert QuizResult.objects.get(enrolment=attempts[2].enrolment).grade == Decimal("0.00")
    saved = client.get(response.url).content.decode()
    assert "Regraded 3 attempts; 3 grades changed." in saved and "data-new>100%" in saved
    html = client.get(results).content.decode()
    assert f'data-regrade="{regrade.pk}"' in html and regrade_url not in html
    assert "Negative discrimination" not in html


def test_regrading_is_for_those_who_may_change_the_quiz(client, miskeyed, colleague, curator,
                                                        trainee):
    quiz, vat, attempts = miskeyed["quiz"], miskeyed["question"], miskeyed["attempts"]
    services.question_save(data=FIXED_KEY, category=bank_category(), question=vat)
    url = reverse("quiz_results:regrade", args=[quiz.pk, vat.pk])
    before = grades(attempts)
    client.force_login(colleague)
    assert client.post(url).status_code == 404
    client.force_login(trainee)
    assert refused(client.post(url))
    # A question that is not the quiz's is not regraded through it.
    stranger = make_question("truefalse", name="Elsewhere")
    client.force_login(curator)
    assert client.post(reverse("quiz_results:regrade", args=[quiz.pk, stranger.pk])
                       ).status_code == 404
    # Watching the results is not changing the quiz.
    watcher = UserFactory(username="watcher", roles=("trainee",))
    watcher.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_enrolment", "access_admin"]))
    client.force_login(watcher)
    assert client.get(reverse("quiz_results:results", args=[quiz.pk])).status_code == 200
    assert refused(client.get(url)) and refused(client.post(url))
    assert grades(attempts) == before and not Regrade.objects.exists()
    client.force_login(curator)
    assert client.post(url).status_code == 302
    assert grades(attempts) != before



def test_results_of_one_training_year(client, known, instructor):
    quiz, last = known["quiz"], known["users"][3]
    year = Attempt.objects.filter(user=last).get().enrolment.year
    Enrolment.objects.filter(user=last).update(year=year - 1)
    client.force_login(instructor)
    url = reverse("quiz_results:results", args=[quiz.pk])
    html = client.get(url, {"year": year - 1}).content.decode()
    assert html.count("data-attempt=") == 1 and 'data-stat="count">1<' in html
    html = client.get(url, {"year": year}).content.decode()
    assert html.count("data-attempt=") == 3 and 'data-stat="count">3<' in html
    _header, *rows = exported(client, reverse("quiz_results:statistics", args=[quiz.pk]),
                              "csv", year=year - 1)
    assert rows[0][3] == "1"


def test_the_quiz_list_finds_a_chinese_word_and_counts_attempts(client, course, curator):
    make_quiz(course, [make_question("truefalse")], title="第一单元 数字政府建设测验")
    make_quiz(course, [make_question("truefalse")], title="基层治理")
    quiz = essay_quiz(course)
    submit_essays(quiz, trainees(course, 2))
    client.force_login(curator)
    url = reverse("quiz_results:index")
    html = client.get(url, {"q": "数字政府"}).content.decode()
    assert "第一单元 数字政府建设测验" in html and "基层治理" not in html
    html = client.get(url).content.decode()
    row = html[html.index(f'data-quiz="{quiz.pk}"'):]
    assert f'{reverse("quiz_grading:index")}?quiz={quiz.pk}">2<' in row[:row.index("</tr>")]


def test_the_queue_of_one_quiz(client, course, instructor):
    first, second = essay_quiz(course), essay_quiz(course)
    [mine] = submit_essays(first, trainees(course, 1))
    [theirs] = submit_essays(second, trainees(course, 1, start=5))
    client.force_login(instructor)
    html = client.get(reverse("quiz_grading:index"), {"quiz": first.pk}).content.decode()
    assert f'data-answer="{essay_answer(mine).pk}"' in html
    assert f'data-answer="{essay_answer(theirs).pk}"' not in html
    # Graded from that quiz's queue, nothing of the other quiz comes next.
    response = client.post(reverse("quiz_grading:grade", args=[essay_answer(mine).pk])
                           + f"?quiz={first.pk}", {"mark": "1"})
    assert response.url == reverse("quiz_grading:index") + f"?quiz={first.pk}"


def test_nothing_to_regrade_changes_nothing(client, known, curator):
    quiz, (easy, _first, _second) = known["quiz"], known["questions"]
    url = reverse("quiz_results:regrade", args=[quiz.pk, easy.pk])
    client.force_login(curator)
    assert "there is nothing to regrade" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("quiz_results:results", args=[quiz.pk])
    assert not Regrade.objects.exists()


@pytest.mark.parametrize(("text", "words"), [
    ("", 0), ("Public budgets matter.", 3), ("数字政府建设", 6),
    ("我认为 digital government 很重要。", 8), ("— , 。", 0)])
def test_essay_words_are_counted_in_chinese_too(text, words):
    assert word_count(text) == words
