"""Catalogue, course and lecture pages: filters, cards, actions, languages, bounded queries."""

import pytest
from django.http import HttpRequest
from django.urls import reverse

from lms.courses.models import Enrolment, LecturePage
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import at, catalogue_page, make_course, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(category):
    require(make_course("LAW-1", title="Law-based administration", hours="6",
                        topics=["law"], format="online"), category, kind="required")
    require(make_course("RUR-1", title="Rural revitalisation", hours="4", capacity=1,
                        topics=["rural"], format="offline", sessions=[(at(5), 3)]), category)
    require(make_course("DIG-1", title="Digital government", hours="3", topics=["digital"],
                        format="blended", lectures=2), category)
    make_course("NOT-1", title="Not for this category")
    return catalogue_page()


def test_catalogue_lists_cards_with_my_status(client, trainee, shelf):
    from lms.courses.services import plan_sync_required

    plan_sync_required(user=trainee)
    client.force_login(trainee)
    html = client.get(shelf.url).content.decode()
    assert "Law-based administration" in html and "Digital government" in html
    assert "Required for me" in html and "Elective for me" in html
    assert "1 seat left" in html
    assert 'data-status="enrolled"' in html
    assert 'data-figure="planned">6.0' in html


@pytest.mark.parametrize("query,shown,hidden", [
    ("format=offline", "Rural revitalisation", "Digital government"),
    ("topic=digital", "Digital government", "Rural revitalisation"),
    ("kind=required", "Law-based administration", "Digital government"),
    ("min_hours=5", "Law-based administration", "Rural revitalisation"),
    ("q=rural", "Rural revitalisation", "Law-based administration"),
])
def test_catalogue_filters(client, trainee, shelf, query, shown, hidden):
    client.force_login(trainee)
    html = client.get(f"{shelf.url}?{query}").content.decode()
    assert shown in html
    assert hidden not in html


def test_bad_filters_show_an_error_not_a_500(client, trainee, shelf):
    client.force_login(trainee)
    response = client.get(f"{shelf.url}?min_hours=9&max_hours=2&format=nonsense")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The minimum hours are more than the maximum." in html
    assert "valid choice" in html
    # Filters that make no sense are not "no course matches": the whole catalogue is listed.
    assert all(f'data-course="{code}"' in html for code in ("LAW-1", "RUR-1", "DIG-1", "NOT-1"))


def test_choose_and_withdraw_through_the_pages(client, trainee, shelf):
    client.force_login(trainee)
    course = Enrolment._meta.get_field("course").related_model.objects.get(code="DIG-1")
    response = client.post(reverse("courses:enrol", args=[course.pk]), {"next": shelf.url})
    assert response.status_code == 302 and response["Location"] == shelf.url
    assert Enrolment.objects.get(user=trainee, course=course).status == "enrolled"
    page = client.get(course.url).content.decode()
    assert "Withdraw" in page
    client.post(reverse("courses:withdraw", args=[course.pk]), {"next": course.url})
    assert Enrolment.objects.get(user=trainee, course=course).status == "withdrawn"


def test_refusal_is_shown_as_a_message(client, trainee, shelf):
    client.force_login(trainee)
    course = make_course("NOT-2")
    response = client.post(reverse("courses:enrol", args=[course.pk]), {"next": shelf.url},
                           follow=True)
    assert "is not offered to your trainee category" in response.content.decode()
    assert not Enrolment.objects.filter(course=course).exists()


def test_next_cannot_redirect_elsewhere(client, trainee, shelf):
    client.force_login(trainee)
    course = Enrolment._meta.get_field("course").related_model.objects.get(code="DIG-1")
    response = client.post(reverse("courses:enrol", args=[course.pk]),
                           {"next": "https://evil.example.org/"})
    assert response["Location"] == course.url


def test_actions_need_login_and_post(client, shelf):
    course = Enrolment._meta.get_field("course").related_model.objects.get(code="DIG-1")
    assert client.post(reverse("courses:enrol", args=[course.pk])).status_code == 302
    UserFactory(username="someone")
    # django-axes asks which request a sign-in comes from (it locks by address).
    client.login(request=HttpRequest(), username="someone", password="pass-someone")
    assert client.get(reverse("courses:enrol", args=[course.pk])).status_code == 405


def test_lecture_done_completes_the_course(client, trainee, shelf):
    client.force_login(trainee)
    course = Enrolment._meta.get_field("course").related_model.objects.get(code="DIG-1")
    client.post(reverse("courses:enrol", args=[course.pk]))
    for lecture in LecturePage.objects.child_of(course):
        assert "Mark this lecture as done" in client.get(lecture.url).content.decode()
        client.post(reverse("courses:mark_done", args=[lecture.pk]))
    enrolment = Enrolment.objects.get(user=trainee, course=course)
    assert enrolment.status == "completed"
    assert 'data-figure="done">3.0' in client.get(shelf.url).content.decode()


def test_catalogue_in_chinese(client, trainee, shelf):
    client.force_login(trainee)
    html = client.get(shelf.url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "必修" in html and "选修" in html


def test_course_page_queries_are_bounded(client, trainee, category,
                                         django_assert_max_num_queries):
    few = require(make_course("Q-1", lectures=2), category).course
    many = require(make_course("Q-2", lectures=10), category).course
    client.force_login(trainee)
    client.get(few.url)
    client.get(many.url)  # both courses' parts in the cache (parts.course_parts)
    with django_assert_max_num_queries(60) as small:
        client.get(few.url)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(many.url).status_code == 200


def test_catalogue_queries_are_bounded(client, trainee, category, django_assert_max_num_queries):
    for n in range(5):
        require(make_course(f"B-{n}", topics=["t"]), category)
    client.force_login(trainee)
    url = catalogue_page().url
    client.get(url)
    with django_assert_max_num_queries(60) as small:
        client.get(url)
    for n in range(5, 20):
        require(make_course(f"B-{n}", topics=["t", f"x{n}"]), category)
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        client.get(url)


def test_catalogue_is_in_the_site_menu(client, shelf, django_assert_max_num_queries):
    html = client.get("/").content.decode()
    assert f'href="{shelf.url}"' in html


def test_staff_and_visitors_can_read_the_catalogue(client, curator, shelf):
    course = Enrolment._meta.get_field("course").related_model.objects.get(code="DIG-1")
    for user in (None, curator):
        if user:
            client.force_login(user)
        assert client.get(shelf.url).status_code == 200
        page = client.get(course.url)
        assert page.status_code == 200
        assert "Choose this elective" not in page.content.decode()


def test_forged_ids_in_course_actions_are_404s(client, trainee):
    client.force_login(trainee)
    huge = "9" * 30
    for url in (f"/course-actions/{huge}/enrol/", f"/course-actions/{huge}/withdraw/",
                f"/course-actions/lectures/{huge}/done/"):
        assert client.post(url).status_code == 404
