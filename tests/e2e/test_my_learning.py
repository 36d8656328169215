"""A trainee's way through the learning space in a real browser, in English on a desktop and in
Chinese on a phone: sign in, My learning, a course's Continue, three lectures by "next", and the
hours rising on My learning; axe-core finds no serious or critical violation on the way."""

import pytest

from tests.e2e.conftest import axe_violations, law_term, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

START = {"en": "Start", "zh": "开始学习"}


@pytest.fixture
def term(transactional_db):
    return law_term(topics=["rule of law"])[1]


def assert_accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], (where, violations)


@pytest.mark.parametrize("device, language", [("page", "en"), ("phone_page", "zh")])
def test_a_trainee_studies_three_lectures_and_sees_the_hours_rise(
        live_server, request, screenshot, term, device, language):
    page = request.getfixturevalue(device)
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    page.goto(f"{live_server.url}/learning/")
    assert page.locator("[data-figure=done]").inner_text().startswith("0.0")
    assert_accessible(page, "my learning")
    screenshot(page, f"my-learning-before-{language}")

    card = page.locator("[data-in-progress] [data-course=LAW-1]")
    assert card.locator("[data-continue]").inner_text().startswith(START[language])
    with page.expect_navigation():
        card.locator("[data-continue]").click()
    assert page.title().startswith("LAW-1 lecture 1") and "Administrative law" in page.title()
    for number in (1, 2, 3):
        place = page.locator("[data-lecture-place]").inner_text()
        assert str(number) in place and "3" in place
        if number == 1:
            assert_accessible(page, "lecture")
            screenshot(page, f"lecture-1-{language}")
        with page.expect_navigation():
            page.locator("[data-mark-done] button").click()
        if number < 3:
            with page.expect_navigation():
                page.locator("[data-next]").click()
    page.goto(f"{live_server.url}/learning/")
    assert page.locator("[data-figure=done]").inner_text().startswith("6.0")
    assert page.locator("[data-completed-course=LAW-1]").count() == 1
    assert_accessible(page, "my learning after")
    screenshot(page, f"my-learning-after-{language}")

    page.goto(f"{live_server.url}{term.url}")
    assert_accessible(page, "course page")
    screenshot(page, f"course-page-{language}")
