"""The course outline and the pages built on it: lectures in order with done / not done for the
enrolment in view, "Lecture n of N" with previous / next, Start or Continue, the progress bar,
status in words, key dates, instructors with titles — in a bounded number of queries."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from lms.courses import services
from lms.courses.models import (
    ClassSession,
    CoursePage,
    Enrolment,
    LecturePage,
    course_training_year,
)
from lms.courses.outline import course_outline, next_unfinished
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import at, make_course, require

pytestmark = pytest.mark.django_db


def lectures_of(course):
    return list(LecturePage.objects.child_of(course).order_by("path"))


def done(user, course, *numbers):
    lectures = lectures_of(course)
    for n in numbers:
        services.lecture_mark_done(user=user, lecture=lectures[n - 1])


def html_of(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def course(category):
    return require(make_course("LAW-1", title="Administrative law", lectures=4), category).course


# --- next_unfinished: pure ----------------------------------------------------------------------


def flags(*values):
    return [SimpleNamespace(n=n, done=value) for n, value in enumerate(values, start=1)]


@pytest.mark.parametrize("values, expected", [
    ((), None),
    ((False, False), 1),
    ((True, False, False), 2),
    ((True, False, True, False), 2),  # a gap is where to carry on, not the end
    ((True, True), None),
])
def test_next_unfinished_is_the_first_lecture_not_done(values, expected):
    found = next_unfinished(flags(*values))
    assert (found.n if found else None) == expected


# --- The outline read -----------------------------------------------------------------------------


def test_outline_counts_and_places_first_middle_last(rf, trainee, course):
    services.enrolment_request(user=trainee, course=course)
    done(trainee, course, 1, 3)
    request = rf.get("/")
    request.user = trainee
    outline = course_outline(course, request)
    first, second, third, last = outline.lectures
    assert [lecture.done for lecture in outline.lectures] == [True, False, True, False]
    assert (outline.done, outline.total, outline.percent) == (2, 4, 50)
    assert outline.next_lecture.pk == second.pk
    assert outline.resume == ("continue", second)
    assert outline.place(first) == (1, 4, None, second)
    assert outline.place(third) == (3, 4, second, last)
    assert outline.place(last) == (4, 4, third, None)


def test_progress_belongs_to_the_enrolment_of_the_courses_year(rf, trainee, course):
    """Lectures done in an earlier year's enrolment are history: this year's outline starts
    from nothing."""
    services.enrolment_request(user=trainee, course=course)
    done(trainee, course, 1, 2)
    Enrolment.objects.filter(user=trainee).update(year=course_training_year(course) - 1)
    request = rf.get("/")
    request.user = trainee
    outline = course_outline(course, request)
    assert outline.enrolment is None and outline.done == 0 and outline.resume is None


# --- Lecture page: place, previous / next, title ------------------------------------------------


@pytest.mark.parametrize("n, previous, following", [(1, None, 2), (2, 1, 3), (4, 3, None)])
def test_lecture_page_says_where_it_is_with_previous_and_next(client, trainee, course, n,
                                                              previous, following):
    lectures = lectures_of(course)
    html = html_of(client, lectures[n - 1].url)
    assert f"Lecture {n} of 4" in html
    if previous:
        assert f'rel="prev" href="{lectures[previous - 1].url}"' in html
    else:
        assert 'rel="prev"' not in html
    if following:
        assert f'rel="next" href="{lectures[following - 1].url}"' in html
    else:
        assert 'rel="next"' not in html and "data-back-to-course" in html
    assert html.count('aria-current="page"') == 1
    assert f'aria-current="page">LAW-1 lecture {n}</a>' in html


def test_lecture_tab_title_names_lecture_and_course(client, course):
    html = html_of(client, lectures_of(course)[1].url)
    assert "<title>LAW-1 lecture 2 — Administrative law · Cadre LMS</title>" in html


def test_lecture_outline_is_a_drawer_marking_what_is_done(client, trainee, course):
    services.enrolment_request(user=trainee, course=course)
    done(trainee, course, 1)
    client.force_login(trainee)
    html = html_of(client, lectures_of(course)[1].url)
    assert '<details class="outline-drawer"' in html
    assert "1 of 4 lectures done" in html
    assert html.count("outline__item--done") == 1
    assert html.count(">Not done<") == 3


# --- Course page: Start / Continue, progress, status in words -----------------------------------


def resume_of(html):
    found = re.search(r'<a class="button button--block" href="([^"]+)" data-resume="(\w+)"', html)
    return (found.group(2), found.group(1)) if found else None


def test_start_then_continue_then_review(client, trainee, course):
    lectures = lectures_of(course)
    services.enrolment_request(user=trainee, course=course)
    client.force_login(trainee)
    assert resume_of(html_of(client, course.url)) == ("start", lectures[0].url)
    done(trainee, course, 1, 2)
    html = html_of(client, course.url)
    assert resume_of(html) == ("continue", lectures[2].url)
    assert "Lecture 3 of 4: LAW-1 lecture 3" in html
    done(trainee, course, 4)
    assert resume_of(html_of(client, course.url)) == ("continue", lectures[2].url)
    done(trainee, course, 3)
    assert resume_of(html_of(client, course.url)) == ("review", lectures[0].url)


def test_readers_who_record_nothing_get_the_first_lecture_and_outsiders_no_button(
        client, trainee, instructor, course):
    CoursePage.instructors.through.objects.create(coursepage=course, user=instructor)
    client.force_login(instructor)
    html = html_of(client, course.url)
    assert resume_of(html) == ("browse", lectures_of(course)[0].url)
    assert "<progress" not in html and "data-reader-note" in html
    client.force_login(trainee)  # offered the course, not on it
    html = html_of(client, course.url)
    assert resume_of(html) is None and "<progress" not in html
    client.logout()
    assert resume_of(html_of(client, course.url)) is None


def test_progress_bar_values(client, trainee, course):
    services.enrolment_request(user=trainee, course=course)
    done(trainee, course, 1, 2, 3)
    client.force_login(trainee)
    html = html_of(client, course.url)
    assert '<progress id="course-progress-bar" max="4" value="3">75%</progress>' in html
    assert '<label for="course-progress-bar">3 of 4 lectures done</label>' in html
    assert html.count("badge--done") == 3
    assert html.count(">Not done<") == 1


@pytest.mark.parametrize("status, words", [
    (None, "You are not on this course."),
    ("enrolled", "You are enrolled."),
    ("completed", "You have completed this course."),
    ("pending", "Your choice awaits the training office’s approval."),
    ("withdrawn", "You withdrew from this course."),
    ("rejected", "The training office did not approve your choice."),
])
def test_status_in_words(client, trainee, course, status, words):
    if status:
        Enrolment.objects.create(user=trainee, course=course, year=course_training_year(course),
                                 status=status, source=Enrolment.Source.ELECTIVE)
    client.force_login(trainee)
    html = html_of(client, course.url)
    assert words in html
    assert f'data-status="{status or ""}"' in html


def test_the_waiting_list_says_the_place_in_the_queue(client, trainee, category):
    course = require(make_course("FULL-1", capacity=1), category).course
    for name in ("seated", "first-in-queue"):
        services.enrolment_request(user=UserFactory(username=name, category=category),
                                   course=course)
    assert services.enrolment_request(user=trainee, course=course).status == "waitlisted"
    client.force_login(trainee)
    html = html_of(client, course.url)
    assert "Wait-listed — number 2 in the queue." in html
    assert "The lectures open once your place is confirmed." in html


def test_visitors_are_asked_to_sign_in(client, course):
    html = html_of(client, course.url)
    assert "data-sign-in" in html and f'href="/accounts/login/?next={course.url}"' in html
    assert "enrolment-box" not in html


# --- Key dates and instructors ------------------------------------------------------------------


@pytest.fixture
def dated(category):
    course = require(make_course(
        "RUR-1", title="Rural revitalisation", format="blended", lectures=1,
        starts_on=date(2030, 3, 2), ends_on=date(2030, 4, 20),
        enrolment_opens=at(-3, 8), enrolment_closes=at(20, 18), withdrawal_deadline=at(25, 12),
        sessions=[(at(40, 9), 3), (at(47, 14), 2)]), category).course
    ClassSession.objects.filter(course=course).update(place="Room 201, Building 2")
    return course


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_key_dates_in_each_languages_own_format(client, dated, language):
    html = html_of(client, dated.url, HTTP_ACCEPT_LANGUAGE=language)
    block = html.split("data-key-dates", 1)[1].split("</section>", 1)[0]
    with translation.override(language):
        def day(value):
            return formats.date_format(value, "DATE_FORMAT")

        def moment(value):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")

        def clock(value):
            return formats.time_format(timezone.localtime(value), "TIME_FORMAT")

        expected = [day(dated.starts_on), day(dated.ends_on), moment(dated.enrolment_opens),
                    moment(dated.enrolment_closes), moment(dated.withdrawal_deadline)]
        for session in dated.sessions.order_by("starts_at"):
            expected += [moment(session.starts_at), clock(session.ends_at)]
    for text in expected:
        assert text in block, text
    assert block.count("Room 201, Building 2") == 2
    for kind in ("starts", "ends", "enrolment-opens", "enrolment-closes", "withdrawal-deadline"):
        assert f'data-date="{kind}"' in block
    assert '<time datetime="2030-03-02">' in block


def test_no_dates_says_so(client, course):
    assert "No dates are set: study at your own pace." in html_of(client, course.url)


def test_instructors_with_their_titles(client, course):
    professor = UserFactory(username="prof", first_name="Zhang Wei", roles=("instructor",),
                            position="Professor of public administration")
    guest = UserFactory(username="guest", first_name="Liu Fang", roles=("instructor",))
    for person in (professor, guest):
        CoursePage.instructors.through.objects.create(coursepage=course, user=person)
    html = html_of(client, course.url)
    block = html.split("data-instructors", 1)[1].split("</section>", 1)[0]
    assert ('<span class="people__name">Zhang Wei</span> <span class="muted people__title">'
            'Professor of public administration</span>') in block
    assert '<span class="people__name">Liu Fang</span></li>' in block


# --- Bounded queries ----------------------------------------------------------------------------


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured.captured_queries


@pytest.fixture
def small_and_big(trainee, category):
    """Two courses alike but for their lectures (3 and 12), the trainee on both with two
    lectures done, two instructors and a session each."""
    courses = []
    for code, lectures, day in (("Q-3", 3, 9), ("Q-12", 12, 10)):
        course = require(make_course(code, lectures=lectures, sessions=[(at(day), 2)],
                                     starts_on=timezone.localdate()), category).course
        for n in range(2):
            person = UserFactory(username=f"{code}-teacher-{n}", roles=("instructor",),
                                 position="Lecturer")
            CoursePage.instructors.through.objects.create(coursepage=course, user=person)
        services.enrolment_request(user=trainee, course=course)
        done(trainee, course, 1, 2)
        courses.append(course)
    return courses


def test_course_page_queries_do_not_grow_with_lectures(client, trainee, small_and_big,
                                                       django_assert_max_num_queries):
    small, big = small_and_big
    client.force_login(trainee)
    client.get(small.url)
    client.get(big.url)  # both courses' parts in the cache (parts.course_parts)
    few = queries_of(client, small.url)
    with django_assert_max_num_queries(len(few)):
        assert client.get(big.url).status_code == 200
    assert len(few) <= 40
    # The outline never reads the lectures' bodies.
    assert not any('"lms_courses_lecturepage"."body"' in q["sql"] for q in few)


def test_lecture_page_queries_do_not_grow_with_lectures(client, trainee, small_and_big,
                                                        django_assert_max_num_queries):
    small, big = small_and_big
    client.force_login(trainee)
    small_lecture, big_lecture = lectures_of(small)[1], lectures_of(big)[6]
    client.get(small_lecture.url)
    client.get(big_lecture.url)  # both courses' parts in the cache (parts.course_parts)
    few = queries_of(client, small_lecture.url)
    with django_assert_max_num_queries(len(few)):
        assert client.get(big_lecture.url).status_code == 200
    assert len(few) <= 40
    # Only the lecture being read has its body loaded: the served page itself.
    assert sum('"lms_courses_lecturepage"."body"' in q["sql"] for q in few) == 1
