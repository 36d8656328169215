"""The bell in the site's header and the notifications page, in a real browser: a reply in a
thread Li Na follows shows as one unread, the page lists it without naming an anonymous author,
and marking all read empties the bell — in English, and in Chinese on a phone."""

import pytest

from lms.courses.models import Enrolment
from lms.discussions import services
from tests.e2e.conftest import axe_violations, law_term, sign_in
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reply_waiting():
    _category, course, trainee = law_term()
    lecture = course.get_children().first()
    colleague = UserFactory(username="colleague", first_name="Zhang Wei")
    Enrolment.objects.create(user=colleague, course=course, year=Enrolment.objects.get(
        user=trainee).year, status=Enrolment.Status.ENROLLED, source="elective")
    thread = services.thread_start(course=course, page=lecture, user=trainee,
                                   title="Who reviews an administrative act?",
                                   body="I would like to understand the review.")
    services.post_reply(thread_id=thread.pk, user=colleague, anonymous=True,
                        body="The people's government at the next level up.")
    return thread, lecture


def bell_count(page):
    return page.locator("lms-bell a[part=link]").get_attribute("data-unread")


def test_the_bell_and_the_notifications_page(live_server, page, reply_waiting, screenshot):
    thread, lecture = reply_waiting
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    page.locator("lms-bell[state=loaded]").wait_for(state="attached")
    assert bell_count(page) == "1"
    assert page.locator("lms-bell a[part=link]").get_attribute("aria-label") == "Notifications: 1 unread"
    page.locator("lms-bell a[part=link]").click()
    page.wait_for_url(f"{live_server.url}/learning/notifications/")
    item = page.locator("[data-notification]")
    assert item.count() == 1
    text = item.inner_text()
    assert "Who reviews an administrative act?" in text and "anonymous" in text
    assert "Zhang" not in page.content()
    assert item.locator("a").get_attribute("href").endswith(f"{lecture.url}#thread-{thread.pk}")
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "notifications")
    page.get_by_role("button", name="Mark all as read").click()
    page.locator("lms-bell[state=loaded]").wait_for(state="attached")
    assert bell_count(page) == "0"
    assert page.locator("lms-bell [data-field=count]").count() == 0


def test_the_bell_in_chinese_on_a_phone(live_server, phone_page, reply_waiting, screenshot):
    page = phone_page
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans",
                               "url": live_server.url}])
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    page.goto(live_server.url + "/learning/notifications/")
    page.locator("lms-bell[state=loaded]").wait_for(state="attached")
    assert bell_count(page) == "1"
    assert "通知" in page.locator("h1").inner_text()
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "notifications-zh-phone")
