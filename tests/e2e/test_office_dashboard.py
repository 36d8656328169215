"""The office's home in a real browser: a curator lands on the dashboard with the training panels
and the hours chart drawn, in Chinese; an instructor on theirs, with their classes only."""

from decimal import Decimal

import pytest

from lms.courses.services import completions_record, enrolment_request, plan_sync_required
from tests.e2e.conftest import sign_in
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office(transactional_db):
    category = CategoryFactory(name="中青年干部", slug="young-cadres",
                               annual_required_hours=Decimal("40"))
    course = require(make_course("LAW-1", title="行政法", hours="6"), category,
                     kind="required").course
    teacher = UserFactory(username="laoshi", first_name="陈立新", roles=("instructor",))
    course.instructors.add(teacher)
    course.save()
    for n in range(2):
        trainee = UserFactory(username=f"xue{n}", category=category)
        plan_sync_required(user=trainee)
    completions_record(course=course, user_ids=[trainee.pk], by=teacher)
    full = require(make_course("EM-1", title="应急管理", capacity=1), category).course
    for n in range(2):
        enrolment_request(user=UserFactory(username=f"wait{n}", category=category), course=full)
    UserFactory(username="office", first_name="王静", roles=("curator",))
    return course


def test_the_curator_sees_the_training_panels_and_the_chart(live_server, page, screenshot,
                                                             office):
    sign_in(page, live_server.url, "office", "pass-office")
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans",
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/")
    chart = page.locator("lms-hours-chart[state=rendered]")
    chart.wait_for()
    assert chart.locator("canvas").count() == 1
    hours = page.locator("#lms-hours-by-category-section").inner_text()
    assert "中青年干部" in hours and "6" in hours
    assert "应急管理" in page.locator("#lms-waiting-lists-section").inner_text()
    assert page.locator("#lms-approvals-waiting-section").count() == 1
    screenshot(page, "dashboard-curator-zh")


def test_an_instructor_sees_their_classes_only(live_server, page, office):
    sign_in(page, live_server.url, "laoshi", "pass-laoshi")
    page.goto(f"{live_server.url}/admin/")
    classes = page.locator("#lms-my-classes-section")
    classes.wait_for()
    assert "LAW-1" in classes.inner_text() or "行政法" in classes.inner_text()
    assert page.locator("lms-hours-chart").count() == 0
    assert page.locator("#lms-hours-by-category-section").count() == 0
