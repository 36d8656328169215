"""<lms-me> in a real browser: a trainee signs in and sees their card, in English and Chinese."""

import pytest

from tests.e2e.conftest import sign_in
from tests.lms.core.factories import CategoryFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def li_ming(transactional_db):
    province = WorkUnitFactory(name="江东省", code="jd", kind="province")
    city = WorkUnitFactory(name="江城市", code="jd-jc", kind="city", parent=province)
    category = CategoryFactory(name="中青年干部", slug="young-cadres")
    return UserFactory(username="liming", first_name="李明", work_unit=city, category=category,
                       position="副局长", rank_level="section", roles=("trainee",))


def test_trainee_sees_their_card_in_english_and_chinese(live_server, page, screenshot, li_ming):
    sign_in(page, live_server.url, "liming", "pass-liming")
    card = page.locator("lms-me[state=loaded]")
    card.wait_for()
    assert card.locator("[data-field=name]").inner_text() == "李明"
    assert card.locator("[data-field=unit]").inner_text() == "江城市"
    assert card.locator("[data-field=unit-path]").inner_text() == "江东省 / 江城市"
    assert card.locator("[data-field=category]").inner_text() == "中青年干部"
    assert card.locator("[data-field=position]").inner_text() == "副局长"
    assert "Trainee" in card.locator("[data-field=roles]").inner_text()
    assert "Work unit" in page.locator("lms-me [part=card]").inner_text()
    screenshot(page, "home-en")

    page.select_option("#language-select", "zh-hans")
    page.wait_for_load_state("load")
    card = page.locator("lms-me[state=loaded]")
    card.wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "干部教育培训" in page.locator("h1").inner_text()
    text = page.locator("lms-me [part=card]").inner_text()
    assert "工作单位" in text and "学员类别" in text
    assert "学员" in card.locator("[data-field=roles]").inner_text()
    screenshot(page, "home-zh")


def test_card_says_signed_out_when_the_session_ends(live_server, page, li_ming):
    sign_in(page, live_server.url, "liming", "pass-liming")
    page.locator("lms-me[state=loaded]").wait_for()
    page.context.clear_cookies()
    page.evaluate("document.querySelector('lms-me').refresh()")
    card = page.locator("lms-me[state=signed-out]")
    card.wait_for()
    assert card.locator("[data-field=message]").inner_text() == "You are not signed in."
    assert card.locator("[data-field=login-link]").get_attribute("href") == "/accounts/login/"


def test_phone_layout_in_chinese(live_server, phone_page, screenshot, li_ming):
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.context.add_cookies([{"name": "django_language", "value": "zh-hans",
                                     "url": live_server.url}])
    sign_in(phone_page, live_server.url, "liming", "pass-liming")
    phone_page.locator("lms-me[state=loaded]").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "home-zh-phone")
