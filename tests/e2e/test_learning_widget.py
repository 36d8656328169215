"""<lms-learning> in a real browser: the signed-in home page's My learning panel shows the year's
hours, a course in progress with Continue to the next lecture, and passes axe; no sideways scroll
on a phone in Chinese; nothing for a session that has ended."""


import pytest

from lms.courses.models import LecturePage
from lms.courses.services import lecture_mark_done, plan_sync_required
from tests.e2e.conftest import axe_violations, law_term, sign_in
from tests.lms.courses.factories import at, make_course, require

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def term(transactional_db):
    """Li Na: LAW-1 (required, 3 lectures) with lecture 1 done, and a class session next week."""
    category, course, trainee = law_term()
    offline = require(make_course("OFF-1", title="Crisis communication", format="offline",
                                  sessions=[(at(7, 9), 3)]), category, kind="required").course
    offline.sessions.update(place="Room 201")
    plan_sync_required(user=trainee)
    lectures = list(LecturePage.objects.child_of(course).order_by("path"))
    lecture_mark_done(user=trainee, lecture=lectures[0])
    return {"course": course, "lectures": lectures}


def test_home_page_shows_my_learning(live_server, page, screenshot, term):
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    widget = page.locator("lms-learning[state=loaded]")
    widget.wait_for()

    card = widget.locator("[data-course=LAW-1]")
    assert card.locator("[data-field=lectures]").inner_text() == "1 of 3 lectures done"
    go_on = card.locator("[data-continue]")
    assert go_on.get_attribute("href") == term["lectures"][1].url
    assert go_on.inner_text().startswith("Continue")
    assert widget.locator("[data-field=done]").inner_text() == "0.0 / 20.0 h"
    assert widget.locator("progress[aria-label='Hours completed of the hours required']").count() == 1
    assert "20.0 h" in widget.locator("[data-field=owed]").inner_text()
    assert "My hours in" in widget.locator("h3").first.inner_text()
    session = widget.locator("[data-session=OFF-1]")
    assert "Crisis communication" in session.inner_text() and "Room 201" in session.inner_text()
    assert widget.locator("[data-field=learning-link]").get_attribute("href") == "/learning/"
    # The page's own fallback stays: its heading and link; the widget replaced the text.
    assert page.locator("#learning-heading").inner_text() == "My learning"
    assert page.locator("[data-learning-link] > p > a.button").inner_text() == "Go to My learning"
    assert not page.get_by_text("Your hours this year", exact=False).is_visible()

    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "home-learning-en")

    with page.expect_navigation():
        go_on.click()
    assert page.title().startswith("LAW-1 lecture 2")


def test_widget_renders_nothing_once_signed_out(live_server, page, term):
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    page.locator("lms-learning[state=loaded]").wait_for()
    page.context.clear_cookies()
    page.evaluate("document.querySelector('lms-learning').refresh()")
    page.locator("lms-learning[state=signed-out]").wait_for(state="attached")
    assert page.evaluate("document.querySelector('lms-learning').shadowRoot.textContent.trim()") == ""


def test_phone_in_chinese_has_no_sideways_scroll(live_server, phone_page, screenshot, term):
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.context.add_cookies([{"name": "django_language", "value": "zh-hans",
                                     "url": live_server.url}])
    sign_in(phone_page, live_server.url, "xiaoli", "pass-xiaoli")
    widget = phone_page.locator("lms-learning[state=loaded]")
    widget.wait_for()
    assert phone_page.locator("html").get_attribute("lang") == "zh-hans"
    assert widget.locator("[data-continue]").get_attribute("href") == term["lectures"][1].url
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "home-learning-zh-phone")


def test_queue_places_approvals_and_more_courses_from_a_stubbed_api(live_server, page, term):
    def course(n):
        return {"id": n, "code": f"C-{n}", "title": f"Course {n}", "url": f"/courses/c-{n}/"}

    body = {
        "year": 2026, "closed": True, "required_hours_due": "0.0", "planned_hours": "0.0",
        "done_hours": "0.0", "owed_hours": "0.0", "elective_hours_to_choose": "0.0",
        "in_progress": [{"course": course(n), "kind": "elective", "lectures_done": 0,
                         "lectures_total": 2, "percent": 0,
                         "next_lecture": {"id": 100 + n, "title": "One",
                                          "url": f"/courses/c-{n}/one/"}}
                        for n in range(1, 5)],
        "waitlisted": [{"course": course(7), "position": 2}],
        "pending": [{"course": course(8), "since": None}, {"course": course(9), "since": None}],
        "upcoming_sessions": [], "completed": [],
    }
    page.route("**/api/v1/me/learning/**", lambda route: route.fulfill(json=body))
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    widget = page.locator("lms-learning[state=loaded]")
    widget.wait_for()
    assert widget.locator("[data-course]").count() == 3
    assert widget.locator("[data-continue]").first.inner_text().startswith("Start")
    assert widget.locator("[data-field=more-in-progress]").inner_text() == "and 1 more course"
    assert "wait-listed, number 2 in the queue" in widget.locator("[data-waitlisted=C-7]").inner_text()
    assert widget.locator("[data-field=pending]").inner_text() == (
        "2 courses awaiting the training office’s approval")
    assert widget.locator("[data-field=closed]").count() == 1
    assert widget.locator("progress[aria-label='Hours completed of the hours required']").count() == 0
    assert "No class session in the coming weeks." in widget.locator("[data-section=sessions]").inner_text()
