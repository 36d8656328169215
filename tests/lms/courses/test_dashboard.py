"""The admin dashboard: the training office's panels, an instructor's classes, the school's
branding."""

import html
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.courses import office
from lms.courses.models import Enrolment, current_training_year
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import at, make_course

pytestmark = pytest.mark.django_db

THIS_YEAR = current_training_year()


def enrol(user, course, status, *, year=THIS_YEAR, hours="0", since=None):
    return Enrolment.objects.create(
        user=user, course=course, year=year, status=status, source=Enrolment.Source.STAFF,
        credited_hours=Decimal(hours), status_changed_at=since or timezone.now())


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def panel(page, panel_id):
    """The HTML of one dashboard panel (a <section>), or None when it is not shown."""
    match = re.search(rf'<section[^>]*id="{panel_id}-section".*?</section>', page, re.S)
    return match.group(0) if match else None


def cells(fragment):
    """The text of every table cell, row by row."""
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", fragment, re.S)]


@pytest.fixture
def hours_data(trainee, category):
    """Young cadres (90 h a year): two active trainees with 6 + 4 hours completed this year;
    an inactive one, last year's and unfinished work do not count. Rural secretaries (40 h): one
    trainee with nothing done."""
    rural = CategoryFactory(name="Rural secretaries", slug="rural", annual_required_hours=40,
                            min_elective_hours=10, sort_order=2)
    colleague = UserFactory(username="colleague", category=category)
    gone = UserFactory(username="gone", category=category)
    gone.is_active = False
    gone.save()
    UserFactory(username="farmer", category=rural)
    first, second = make_course("H-1"), make_course("H-2")
    enrol(trainee, first, Enrolment.Status.COMPLETED, hours="6")
    enrol(colleague, first, Enrolment.Status.COMPLETED, hours="4")
    enrol(colleague, second, Enrolment.Status.ENROLLED)
    enrol(gone, first, Enrolment.Status.COMPLETED, hours="8")
    enrol(trainee, second, Enrolment.Status.COMPLETED, year=THIS_YEAR - 1, hours="5")
    return rural


def test_hours_by_category(hours_data, category):
    rows = {row.category.name: row for row in office.hours_by_category()}
    young, rural = rows["Young cadres"], rows["Rural secretaries"]
    assert (young.trainees, young.done, young.required, young.percent_done) == (
        2, Decimal("10"), Decimal("180"), 6)
    assert (rural.trainees, rural.done, rural.required, rural.percent_done) == (
        1, Decimal("0"), Decimal("40"), 0)


def test_curator_sees_the_hours_chart_and_table(client, curator, hours_data):
    hours = panel(dashboard(client, curator), "lms-hours-by-category")
    assert f"Training hours by category, {THIS_YEAR}" in hours
    chart = json.loads(html.unescape(re.search(r'<lms-hours-chart data-chart="([^"]*)"',
                                               hours).group(1)))
    assert chart == {
        "labels": ["Young cadres", "Rural secretaries"],
        "datasets": [{"label": "Hours done", "values": [10.0, 0.0]},
                     {"label": "Hours required", "values": [180.0, 40.0]}],
        "unit": "h",
    }
    assert cells(hours)[1:] == [["Young cadres", "2", "10", "180", "6%"],
                                ["Rural secretaries", "1", "0", "40", "0%"]]


def test_chart_data_is_escaped_in_its_attribute(client, curator):
    CategoryFactory(name='"Quoted" <b>cadres</b> & co', slug="quoted")
    hours = panel(dashboard(client, curator), "lms-hours-by-category")
    assert "<b>cadres</b>" not in hours
    attribute = re.search(r'<lms-hours-chart data-chart="([^"]*)"', hours).group(1)
    assert json.loads(html.unescape(attribute))["labels"] == ['"Quoted" <b>cadres</b> & co']


def test_the_chart_widget_is_loaded_as_a_module(client, curator, category):
    page = dashboard(client, curator)
    assert ('<script src="/static/lms_courses/widgets/lms-hours-chart.js" type="module">'
            in page)


def test_approvals_waiting_lists_the_five_oldest(client, curator, trainee):
    course = make_course("AP-1", title="Rule of law", requires_approval=True)
    for n in range(6):
        user = trainee if n == 0 else UserFactory(username=f"chooser{n}", first_name=f"Chooser {n}")
        enrol(user, course, Enrolment.Status.PENDING,
              since=timezone.now() - timedelta(days=10 - n))
    enrol(UserFactory(username="approved"), course, Enrolment.Status.ENROLLED)
    approvals = panel(dashboard(client, curator), "lms-approvals-waiting")
    assert "6 elective choices are waiting for approval." in approvals
    names = [row[0] for row in cells(approvals)[1:]]
    assert names == ["Li Ming", "Chooser 1", "Chooser 2", "Chooser 3", "Chooser 4"]
    assert "AP-1 Rule of law" in approvals
    assert reverse("lms_courses_approvals") in approvals


def test_waiting_lists_of_this_year(client, curator):
    busy, quiet = make_course("W-1", capacity=1), make_course("W-2", capacity=1)
    for n in range(2):
        enrol(UserFactory(username=f"waiting{n}"), busy, Enrolment.Status.WAITLISTED)
    enrol(UserFactory(username="waiting2"), quiet, Enrolment.Status.WAITLISTED)
    enrol(UserFactory(username="last-year"), quiet, Enrolment.Status.WAITLISTED,
          year=THIS_YEAR - 1)
    waiting = panel(dashboard(client, curator), "lms-waiting-lists")
    assert cells(waiting)[1:] == [["W-1 Course W-1", "2"], ["W-2 Course W-2", "1"]]
    assert f'{reverse("lms_courses_progress", args=[busy.pk])}?year={THIS_YEAR}' in waiting


def test_courses_starting_in_the_next_two_weeks(client, curator):
    today = timezone.localdate()
    dated = make_course("S-1", capacity=30, starts_on=today + timedelta(days=3))
    make_course("S-2", sessions=[(at(days=10), 3)])
    make_course("S-3", starts_on=today + timedelta(days=20))
    make_course("S-4", sessions=[(at(days=-1), 3), (at(days=5), 3)])
    draft = make_course("S-5", starts_on=today + timedelta(days=2))
    draft.unpublish()
    for n in range(2):
        enrol(UserFactory(username=f"starter{n}"), dated, Enrolment.Status.ENROLLED,
              year=dated.starts_on.year)
    enrol(UserFactory(username="starter-waiting"), dated, Enrolment.Status.WAITLISTED,
          year=dated.starts_on.year)
    starting = panel(dashboard(client, curator), "lms-courses-starting")
    rows = cells(starting)[1:]
    assert [(row[0], row[2], row[3]) for row in rows] == [
        ("S-1 Course S-1", "2", "30"), ("S-2 Course S-2", "0", "No limit")]


def test_empty_office_panels(client, curator):
    page = dashboard(client, curator)
    assert "No approvals waiting." in panel(page, "lms-approvals-waiting")
    assert "No one is on a waiting list." in panel(page, "lms-waiting-lists")
    assert "No course starts in the next two weeks." in panel(page, "lms-courses-starting")
    assert "No trainee categories yet." in panel(page, "lms-hours-by-category")


def test_instructor_sees_their_classes_and_no_office_panel(client, instructor, category):
    mine = make_course("I-1", title="Leadership")
    mine.instructors.add(instructor)
    mine.save()
    make_course("I-2")
    users = [UserFactory(username=f"learner{n}", category=category) for n in range(4)]
    enrol(users[0], mine, Enrolment.Status.COMPLETED, hours="4")
    enrol(users[1], mine, Enrolment.Status.ENROLLED)
    enrol(users[2], mine, Enrolment.Status.ENROLLED)
    enrol(users[3], mine, Enrolment.Status.WAITLISTED)
    page = dashboard(client, instructor)
    classes = panel(page, "lms-my-classes")
    assert cells(classes)[1:] == [["I-1 Leadership", "3", "1", "33%"]]
    assert reverse("lms_courses_progress", args=[mine.pk]) in classes
    for office_panel in ("lms-hours-by-category", "lms-approvals-waiting", "lms-waiting-lists",
                         "lms-courses-starting"):
        assert panel(page, office_panel) is None
    assert "lms-hours-chart.js" not in page


def test_curator_who_teaches_nothing_has_no_classes_panel(client, curator):
    assert panel(dashboard(client, curator), "lms-my-classes") is None


def test_superuser_sees_the_office_panels(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    page = dashboard(client, admin)
    for office_panel in ("lms-hours-by-category", "lms-approvals-waiting", "lms-waiting-lists",
                         "lms-courses-starting"):
        assert panel(page, office_panel) is not None


def populate(start, stop, instructor):
    """Per n: a category with a trainee who completed a course, a pending choice, a waiting
    list, a course starting next week and a class of the instructor."""
    for n in range(start, stop):
        category = CategoryFactory(name=f"Category {n}", slug=f"cat-{n}", sort_order=n)
        course = make_course(f"Q-{n}", capacity=1,
                             starts_on=timezone.localdate() + timedelta(days=7))
        course.instructors.add(instructor)
        course.save()
        year = course.starts_on.year
        enrol(UserFactory(username=f"done{n}", category=category), course,
              Enrolment.Status.COMPLETED, year=year, hours="2")
        enrol(UserFactory(username=f"pending{n}", category=category), course,
              Enrolment.Status.PENDING, year=year)
        enrol(UserFactory(username=f"waiting{n}", category=category), course,
              Enrolment.Status.WAITLISTED, year=year)


def test_dashboard_queries_do_not_grow_with_categories_and_courses(client, curator, instructor):
    curator.groups.add(*instructor.groups.all())
    populate(0, 2, curator)
    client.force_login(curator)
    url = reverse("wagtailadmin_home")
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    populate(2, 10, curator)
    many = queries()
    page = client.get(url).content.decode()
    assert "Category 9" in panel(page, "lms-hours-by-category")
    assert "Q-9" in panel(page, "lms-my-classes")
    assert many == few


@pytest.fixture
def school(settings):
    settings.LMS_SCHOOL_NAME = "江东省干部学院"
    return settings.LMS_SCHOOL_NAME


def test_admin_carries_the_school_name_and_logo(client, curator, school):
    page = dashboard(client, curator)
    sidebar = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>",
                        page, re.S).group(1)
    assert 'src="/static/core/img/logo.svg"' in sidebar
    assert school in sidebar
    assert re.search(rf"<title>.*- {school}</title>", page, re.S)
    assert f'<h1 class="w-h1 w-mt-0">{school}</h1>' in re.sub(r"\s*\n\s*", "", page)


def test_sign_in_page_carries_the_school_name_and_logo(client, school):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert 'src="/static/core/img/logo.svg"' in page
    assert school in page
    assert "icon-wagtail" not in page
    assert "Sign in to Wagtail" not in page


def test_without_a_school_name_the_product_name_is_in_the_pages_language(client, curator,
                                                                         settings):
    settings.LMS_SCHOOL_NAME = ""
    client.force_login(curator)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    sidebar = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>",
                        page, re.S).group(1)
    assert "干部网络学院" in sidebar and "Cadre LMS" not in sidebar
    client.cookies["django_language"] = "en"
    assert "Cadre LMS" in client.get(reverse("wagtailadmin_home")).content.decode()
