"""Who reads a lecture's body: enrolled (or completed) trainees of the course's year, its
instructors, staff who see its progress, and anyone for an open preview. Everyone else gets the
title, summary, place and outline with an invitation — the body never reaches their HTML — and
"mark as done" is offered exactly where the service would record it."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from lms.courses import services
from lms.courses.models import (
    CoursePage,
    Enrolment,
    LecturePage,
    LectureProgress,
    course_training_year,
)
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db

BODY = "The three steps of a lawful administrative decision"
MARK_DONE = "Mark this lecture as done"


def with_body(lecture, text, *, open_preview=False):
    lecture.body = [("rich_text", RichText(f"<p>{text}</p>"))]
    lecture.open_preview = open_preview
    lecture.save()
    return lecture


@pytest.fixture
def course(category):
    """LAW-1, an elective of the trainee's category with three lectures; the second has a body
    nobody outside may read, the third is an open preview."""
    course = require(make_course("LAW-1", title="Administrative law", lectures=3),
                     category).course
    first, second, third = LecturePage.objects.child_of(course).order_by("path")
    for lecture in (first, second):
        with_body(lecture, BODY)
    with_body(third, "A taste of the course for everyone", open_preview=True)
    return course


def lecture(course, n):
    return LecturePage.objects.child_of(course).order_by("path")[n - 1]


def place(user, course, status):
    return Enrolment.objects.create(user=user, course=course, year=course_training_year(course),
                                    status=status, source=Enrolment.Source.ELECTIVE)


@pytest.fixture
def people(trainee, instructor, curator, course, category):
    """Everyone of the matrix, each as a user (None = anonymous)."""
    def trainee_with(name, status=None):
        user = UserFactory(username=name, category=category)
        if status:
            place(user, course, status)
        return user

    other_course = make_course("ETH-1")
    other_instructor = UserFactory(username="other-instructor", roles=("instructor",))
    CoursePage.instructors.through.objects.create(coursepage=course, user=instructor)
    CoursePage.instructors.through.objects.create(coursepage=other_course, user=other_instructor)
    return {
        "anonymous": None,
        "not enrolled": trainee,
        "pending": trainee_with("pending", Enrolment.Status.PENDING),
        "waitlisted": trainee_with("waitlisted", Enrolment.Status.WAITLISTED),
        "enrolled": trainee_with("enrolled", Enrolment.Status.ENROLLED),
        "completed": trainee_with("completed", Enrolment.Status.COMPLETED),
        "withdrawn": trainee_with("withdrawn", Enrolment.Status.WITHDRAWN),
        "rejected": trainee_with("rejected", Enrolment.Status.REJECTED),
        "instructor of the course": instructor,
        "instructor of another course": other_instructor,
        "curator": curator,
    }


# who: (reads the body of a lecture that is not an open preview, is offered "mark as done")
MATRIX = {
    "anonymous": (False, False),
    "not enrolled": (False, False),
    "pending": (False, False),
    "waitlisted": (False, False),
    "enrolled": (True, True),
    "completed": (True, True),
    "withdrawn": (False, False),
    "rejected": (False, False),
    "instructor of the course": (True, False),
    "instructor of another course": (False, False),
    "curator": (True, False),
}


def get(client, user, url, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", list(MATRIX))
def test_who_reads_the_body_and_who_may_mark_it_done(client, people, course, who):
    reads, records = MATRIX[who]
    html = get(client, people[who], lecture(course, 2).url)
    assert (BODY in html) is reads
    assert ("data-lecture-body" in html) is reads
    assert (MARK_DONE in html) is records
    assert (reverse("courses:mark_done", args=[lecture(course, 2).pk]) in html) is records
    # What everyone gets: the title, the place, the outline.
    assert "LAW-1 lecture 2" in html
    assert "Lecture 2 of 3" in html
    assert html.count('class="outline__title"') == 3
    assert ("data-lecture-locked" in html) is not reads


@pytest.mark.parametrize("who", list(MATRIX))
def test_an_open_preview_is_read_by_everyone_but_marked_done_only_by_trainees(
        client, people, course, who):
    _reads, records = MATRIX[who]
    html = get(client, people[who], lecture(course, 3).url)
    assert "A taste of the course for everyone" in html
    assert (MARK_DONE in html) is records


def test_outsiders_are_invited_to_sign_in_or_to_enrol(client, people, course):
    url = lecture(course, 2).url
    html = get(client, None, url)
    assert f'href="/accounts/login/?next={url}" data-sign-in' in html
    html = get(client, people["not enrolled"], url)
    assert 'data-enrol' in html and "Choose this elective" in html
    assert f'action="{reverse("courses:enrol", args=[course.pk])}"' in html
    html = get(client, people["pending"], url)
    assert "awaits the training office’s approval" in html and "data-enrol" not in html
    html = get(client, people["waitlisted"], url)
    assert "You are on the waiting list for this course" in html
    # A trainee whose category is not offered the course is sent to the course page.
    html = get(client, people["instructor of another course"], url)
    assert "data-enrol" not in html and f'href="{course.url}"' in html


def test_an_open_preview_is_marked_in_the_outline_for_outsiders_only(client, people, course):
    assert get(client, None, course.url).count("data-open-preview") == 1
    assert "data-open-preview" not in get(client, people["enrolled"], course.url)


def test_choosing_the_course_from_a_lecture_opens_it(client, people, course):
    trainee = people["not enrolled"]
    url = lecture(course, 2).url
    client.force_login(trainee)
    response = client.post(reverse("courses:enrol", args=[course.pk]), {"next": url})
    assert response["Location"] == url
    assert BODY in client.get(url).content.decode()


@pytest.mark.parametrize("who", [who for who, (_r, records) in MATRIX.items() if not records
                                 and who != "anonymous"])
def test_a_forged_mark_done_by_someone_who_may_not_record_changes_nothing(client, people,
                                                                           course, who):
    user = people[who]
    before = list(Enrolment.objects.filter(course=course).values_list("pk", "status"))
    client.force_login(user)
    target = lecture(course, 2)
    response = client.post(reverse("courses:mark_done", args=[target.pk]), follow=True)
    assert response.status_code == 200
    assert "to record your progress" in response.content.decode()
    assert not LectureProgress.objects.exists()
    assert list(Enrolment.objects.filter(course=course).values_list("pk", "status")) == before


def test_mark_done_needs_a_sign_in(client, course):
    response = client.post(reverse("courses:mark_done", args=[lecture(course, 1).pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LectureProgress.objects.exists()


@pytest.mark.parametrize("status", [s for s, _label in Enrolment.Status.choices])
def test_the_form_is_offered_exactly_where_the_service_records(client, trainee, course, status):
    """The page's rule and the service's rule are one: for every status, the form shows iff a
    POST records the lecture."""
    place(trainee, course, status)
    target = lecture(course, 1)
    client.force_login(trainee)
    offered = MARK_DONE in client.get(target.url).content.decode()
    client.post(reverse("courses:mark_done", args=[target.pk]))
    assert LectureProgress.objects.filter(lecture=target).exists() is offered


def test_a_closed_year_keeps_the_body_but_takes_the_form_away(client, trainee, curator, course):
    place(trainee, course, Enrolment.Status.ENROLLED)
    services.training_year_close(year=course_training_year(course), by=curator)
    client.force_login(trainee)
    html = client.get(lecture(course, 1).url).content.decode()
    assert BODY in html and MARK_DONE not in html
    assert "the training year is closed" in html
    client.post(reverse("courses:mark_done", args=[lecture(course, 1).pk]))
    assert not LectureProgress.objects.exists()


def test_a_lecture_done_shows_done_instead_of_the_form(client, trainee, course):
    services.enrolment_request(user=trainee, course=course)
    first = lecture(course, 1)
    client.force_login(trainee)
    client.post(reverse("courses:mark_done", args=[first.pk]))
    html = client.get(first.url).content.decode()
    assert MARK_DONE not in html and '<span class="badge badge--done">Done</span>' in html


def test_an_earlier_years_place_does_not_open_this_years_lectures(client, trainee, course):
    Enrolment.objects.create(user=trainee, course=course, year=course_training_year(course) - 1,
                             status=Enrolment.Status.COMPLETED,
                             source=Enrolment.Source.ELECTIVE)
    assert BODY not in get(client, trainee, lecture(course, 1).url)


def test_wagtail_view_restrictions_still_apply(client, people, course):
    secret = lecture(course, 2)
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    client.logout()
    response = client.get(secret.url)
    assert response.status_code == 302 and BODY not in response.content.decode()
    # The lecture is left out of the outline of those who may not view it.
    assert secret.title not in get(client, None, lecture(course, 1).url)
    assert "Lecture 1 of 2" in get(client, None, lecture(course, 1).url)


def test_the_admin_preview_shows_the_body_to_whoever_edits(rf, trainee, course):
    target = lecture(course, 2)
    request = rf.get("/")
    request.user = trainee
    response = target.make_preview_request(original_request=request)
    assert BODY in response.content.decode()
