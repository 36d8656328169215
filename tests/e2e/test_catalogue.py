"""The course supermarket in a real browser: required courses already planned, filter, choose
electives until the minimum is met, and watch the hours still owed fall."""

from decimal import Decimal

import pytest

from lms.courses.services import plan_sync_required
from tests.e2e.conftest import sign_in
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import catalogue_page, make_course, require

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def term(transactional_db):
    category = CategoryFactory(name="Young cadres", slug="young-cadres",
                               annual_required_hours=Decimal("20"),
                               min_elective_hours=Decimal("8"))
    require(make_course("TH-1", title="Theory essentials", hours="8", topics=["theory"]),
            category, kind="required")
    require(make_course("DG-1", title="Digital government", hours="4", topics=["digital"]),
            category)
    require(make_course("EM-1", title="Emergency management", hours="4", topics=["emergency"],
                        format="blended"), category)
    require(make_course("LD-1", title="Leadership", hours="6", topics=["leadership"],
                        format="offline"), category)
    trainee = UserFactory(username="xiaowang", first_name="Wang", category=category)
    plan_sync_required(user=trainee)
    return catalogue_page()


def figure(page, name):
    return page.locator(f"[data-figure={name}]").inner_text().split()[0]


def test_trainee_chooses_electives_until_the_minimum_is_met(live_server, page, screenshot, term):
    sign_in(page, live_server.url, "xiaowang", "pass-xiaowang")
    page.goto(f"{live_server.url}{term.url}")
    assert figure(page, "planned") == "8.0"
    assert figure(page, "electives-owed") == "8.0"
    required_card = page.locator("[data-course=TH-1]")
    assert "Required for me" in required_card.inner_text()
    assert required_card.locator("[data-status=enrolled]").count() == 1

    page.select_option("select[name=kind]", "elective")
    page.select_option("select[name=format]", "online")
    with page.expect_navigation():
        page.click("button:has-text('Filter')")
    assert page.locator("[data-course]").count() == 1  # online electives: Digital government
    with page.expect_navigation():
        page.locator("[data-course=DG-1] button:has-text('Choose this elective')").click()
    assert "You are enrolled on “Digital government”." in page.inner_text(".messages")
    assert figure(page, "electives-owed") == "4.0"

    page.goto(f"{live_server.url}{term.url}?kind=elective")
    with page.expect_navigation():
        page.locator("[data-course=EM-1] button:has-text('Choose this elective')").click()
    assert figure(page, "electives-owed") == "0.0"
    assert figure(page, "planned") == "16.0"
    screenshot(page, "catalogue-en")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}{term.url}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "catalogue-phone")
