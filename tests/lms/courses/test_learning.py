"""My learning and me/learning/: the year's hours, courses in progress with Continue, queue
places, approvals awaited, upcoming sessions with the .ics download, completions."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.courses import icalendar, services
from lms.courses.models import Enrolment, LecturePage
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import at, make_course, require

pytestmark = pytest.mark.django_db
LEARNING = "/learning/"
API = "/api/v1/me/learning/"


@pytest.fixture
def term(trainee, category):
    """The trainee: one lecture of three done on LAW-1, PRE-1 awaiting approval, second in the
    queue for FULL-1, OFF-1 with a session next week, and ETH-1 completed."""
    law = require(make_course("LAW-1", title="Administrative law", lectures=3), category).course
    services.enrolment_request(user=trainee, course=law)
    first = LecturePage.objects.child_of(law).order_by("path").first()
    services.lecture_mark_done(user=trainee, lecture=first)
    pending = require(make_course("PRE-1", requires_approval=True), category).course
    services.enrolment_request(user=trainee, course=pending)
    full = require(make_course("FULL-1", capacity=1), category).course
    for name in ("seated", "first-in-queue"):
        services.enrolment_request(user=UserFactory(username=name, category=category),
                                   course=full)
    services.enrolment_request(user=trainee, course=full)
    offline = require(make_course("OFF-1", format="offline", sessions=[(at(7, 9), 3)]),
                      category).course
    Enrolment.objects.filter(course=offline).delete()
    offline.sessions.update(place="Room 201, Building 2")
    services.enrolment_request(user=trainee, course=offline)
    ethics = require(make_course("ETH-1", hours="6", lectures=1), category).course
    services.enrolment_request(user=trainee, course=ethics)
    services.lecture_mark_done(user=trainee, lecture=LecturePage.objects.child_of(ethics).get())
    return {"law": law, "first": first, "full": full, "offline": offline, "ethics": ethics}


def test_my_learning_page(client, trainee, term):
    client.force_login(trainee)
    html = client.get(LEARNING).content.decode()
    second = LecturePage.objects.child_of(term["law"]).order_by("path")[1]
    assert "1 of 3 lectures done" in html
    assert f'data-continue href="{second.url}"' in html and ">Continue<" in html
    assert "wait-listed, number 2 in the queue" in html
    assert 'data-pending="PRE-1"' in html
    assert "Room 201, Building 2" in html
    assert "6.0 hours credited" in html
    assert 'data-figure="done">6.0 /' in html


def test_my_learning_needs_a_sign_in(client):
    response = client.get(LEARNING)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("learning-calendar")).status_code == 302


def test_my_learning_api(api_client, trainee, term):
    api_client.force_authenticate(trainee)
    body = api_client.get(API).json()
    law = next(item for item in body["in_progress"] if item["course"]["code"] == "LAW-1")
    assert (law["lectures_done"], law["lectures_total"], law["percent"]) == (1, 3, 33)
    assert law["next_lecture"]["title"] == "LAW-1 lecture 2"
    assert body["waitlisted"] == [{"course": {
        "id": term["full"].pk, "code": "FULL-1", "title": "Course FULL-1",
        "url": term["full"].url}, "position": 2}]
    assert [item["course"]["code"] for item in body["pending"]] == ["PRE-1"]
    assert [s["course"]["code"] for s in body["upcoming_sessions"]] == ["OFF-1"]
    assert [(c["course"]["code"], c["credited_hours"]) for c in body["completed"]] == [
        ("ETH-1", "6.0")]
    assert body["done_hours"] == "6.0"
    api_client.force_authenticate(None)
    assert api_client.get(API).status_code in (401, 403)


def test_my_learning_query_count_does_not_grow(client, trainee, category):
    def add(start, end):
        for n in range(start, end):
            course = require(make_course(f"Q-{n:02d}", lectures=3, capacity=1,
                                         sessions=[(at(n + 1, 9), 1)]), category).course
            services.enrolment_request(user=trainee, course=course)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LEARNING).status_code == 200
        return len(queries)

    client.force_login(trainee)
    add(0, 2)
    client.get(LEARNING)
    few = count()
    add(2, 10)
    assert count() == few


def test_calendar_download(client, trainee, term):
    other = UserFactory(username="other")
    secret = make_course("SEC-1", sessions=[(at(3, 14), 2)])
    services.staff_enrol(user_ids=[other.pk], course=secret, by=None, override_rules=True)
    client.force_login(trainee)
    response = client.get(reverse("learning-calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 1
    assert "LOCATION:Room 201\\, Building 2" in text
    assert "SEC-1" not in text  # another trainee's course


def test_calendar_leaves_out_courses_the_trainee_may_not_view(client, trainee, term):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=term["offline"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.create(name="Leaders only")])
    client.force_login(trainee)
    text = client.get(reverse("learning-calendar")).content.decode()
    assert "BEGIN:VEVENT" not in text  # held, but behind a restriction the trainee does not pass
    assert "OFF-1" not in client.get(LEARNING).content.decode()


def test_icalendar_escapes_and_folds():
    starts = datetime(2027, 1, 12, 1, 0, tzinfo=UTC)
    event = icalendar.Event(uid="s-1@example.org", starts=starts,
                            ends=starts + timedelta(hours=3),
                            summary="法治政府建设与依法行政；案例研讨，第二讲" * 3,
                            location="江东省委党校, 201")
    text = icalendar.calendar([event], name="我的课表", prodid="-//Test//EN", stamp=starts)
    assert "DTSTART:20270112T010000Z\r\n" in text
    assert "LOCATION:江东省委党校\\, 201\r\n" in text
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    unfolded = text.replace("\r\n ", "")
    # Only ASCII separators are escaped; full-width Chinese punctuation is plain text.
    assert "SUMMARY:" + "法治政府建设与依法行政；案例研讨，第二讲" * 3 + "\r\n" in unfolded
