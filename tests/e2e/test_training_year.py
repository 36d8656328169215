"""Training years in a real browser, with the clock frozen: a course chosen in December that
starts in January belongs to next year's plan, its hours are credited to that year, and a retake
in a later year starts from nothing while the earlier year's records stay as they were.

time-machine patches the clock of the whole process, so the live server (a thread of this
process) lives on the same fake dates as the test. Sessions expire on the server's clock, so the
trainee signs in again after each jump in time.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lms.courses.models import CoursePage, Enrolment, LectureProgress
from lms.courses.services import requirements_set
from tests.e2e.conftest import sign_in
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import catalogue_page, make_course

pytestmark = pytest.mark.django_db(transaction=True)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The fake "now" of each act, and the years that follow from it.
DECEMBER = datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI)
JANUARY = datetime(2027, 1, 15, 10, 0, tzinfo=SHANGHAI)
LATER = datetime(2028, 2, 1, 10, 0, tzinfo=SHANGHAI)
THIS_YEAR, NEXT_YEAR, RETAKE_YEAR = 2026, 2027, 2028


def travel(moment):
    return time_machine.travel(moment, tick=True)


def figure(page, name):
    return page.locator(f"[data-figure={name}]").inner_text().split()[0]


def sign_in_afresh(page, base_url, username):
    """Sign in again (the session of an earlier fake date has expired on the server)."""
    page.context.clear_cookies()
    sign_in(page, base_url, username, f"pass-{username}")


def submit(page, button_name, within=None):
    with page.expect_navigation():
        (within or page).get_by_role("button", name=button_name).click()


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px)"


def test_course_starting_in_january_counts_for_next_year_and_a_retake_starts_afresh(
        live_server, page, phone_page, screenshot):
    base = live_server.url

    # 1. December 2026: a course that starts on 12 January 2027 is chosen into the 2027 plan.
    with travel(DECEMBER):
        category = CategoryFactory(name="Village cadres", slug="village-cadres",
                                   annual_required_hours=Decimal("20"),
                                   min_elective_hours=Decimal("8"))
        course = make_course("RR-1", title="Rural revitalisation", hours="4", lectures=2,
                             starts_on=date(NEXT_YEAR, 1, 12))
        # A dated course's requirements belong to the year it starts in.
        requirements_set(year=NEXT_YEAR, cells={(course.pk, category.pk): "elective"},
                         sync_now=True)
        UserFactory(username="xiaoli", first_name="Li Hua", category=category)
        catalogue_url = f"{base}{catalogue_page().url}"

        sign_in(page, base, "xiaoli", "pass-xiaoli")
        page.goto(catalogue_url)
        assert page.locator("#plan-heading").inner_text() == f"My training plan for {THIS_YEAR}"
        card = page.locator("[data-course=RR-1]")
        assert card.locator("[data-card-year]").inner_text() == f"for {NEXT_YEAR}"
        assert "Elective for me" in card.inner_text()
        submit(page, "Choose this elective", within=card)
        message = page.locator(".messages").inner_text()
        assert "You are enrolled on “Rural revitalisation”." in message
        assert f"It is in your training plan for {NEXT_YEAR}." in message
        # The card speaks of the course's own year: enrolled, nothing left to choose.
        card = page.locator("[data-course=RR-1]")
        assert card.locator("[data-status=enrolled]").inner_text() == "Enrolled"
        assert card.get_by_role("button", name="Choose this elective").count() == 0
        # Still on this year's plan (the default tab): the course is not in it.
        assert page.locator("#plan-heading").inner_text() == f"My training plan for {THIS_YEAR}"
        assert page.locator("[data-plan-course=RR-1]").count() == 0
        assert figure(page, "planned") == "0.0"
        screenshot(page, "training-year-1-chosen-en")

        with page.expect_navigation():
            page.locator(f"[data-plan-year='{NEXT_YEAR}']").click()
        assert f"plan_year={NEXT_YEAR}" in page.url
        assert page.locator("#plan-heading").inner_text() == f"My training plan for {NEXT_YEAR}"
        entry = page.locator("[data-plan-course=RR-1]")
        assert entry.locator("[data-status=enrolled]").inner_text() == "Enrolled"
        assert figure(page, "planned") == "4.0"
        assert figure(page, "done") == "0.0"
        screenshot(page, "training-year-2-next-year-plan-en")

        # The same plan on a phone, in Chinese: the browser asks for zh-CN (Accept-Language).
        sign_in(phone_page, base, "xiaoli", "pass-xiaoli")
        phone_page.goto(catalogue_url)
        assert phone_page.locator("html").get_attribute("lang") == "zh-hans"
        assert str(THIS_YEAR) in phone_page.locator("#plan-heading").inner_text()
        assert str(NEXT_YEAR) in phone_page.locator("[data-course=RR-1] [data-card-year]").inner_text()
        assert_no_sideways_scroll(phone_page)
        screenshot(phone_page, "training-year-3a-this-year-zh-phone")
        phone_page.goto(f"{catalogue_url}?plan_year={NEXT_YEAR}")
        assert str(NEXT_YEAR) in phone_page.locator("#plan-heading").inner_text()
        assert phone_page.locator("[data-plan-course=RR-1] [data-status=enrolled]").count() == 1
        assert_no_sideways_scroll(phone_page)
        screenshot(phone_page, "training-year-3b-next-year-plan-zh-phone")

    # 2. January 2027: the trainee does both lectures; the hours land in 2027.
    with travel(JANUARY):
        sign_in_afresh(page, base, "xiaoli")
        page.goto(f"{base}{course.url}")
        box = page.locator(".enrolment-box")
        assert box.get_attribute("data-year") == str(NEXT_YEAR)
        assert box.get_attribute("data-status") == "enrolled"
        lecture_urls = [f"{base}{href}" for href in page.locator(".lecture-list a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))")]
        assert len(lecture_urls) == 2
        for n, url in enumerate(lecture_urls, start=1):
            page.goto(url)
            submit(page, "Mark this lecture as done")
            message = page.locator(".messages").inner_text()
            if n == 1:
                assert "“RR-1 lecture 1” is marked as done." in message
            else:
                assert "You have completed “Rural revitalisation”." in message
            assert page.locator(".lecture .badge--done").inner_text() == "Done"
        screenshot(page, "training-year-4-lecture-done-en")

        page.goto(f"{base}{course.url}")
        assert page.locator(".enrolment-box").get_attribute("data-status") == "completed"
        assert page.locator(".lecture-list .badge--done").count() == 2

        page.goto(catalogue_url)  # this year is now 2027
        assert page.locator("#plan-heading").inner_text() == f"My training plan for {NEXT_YEAR}"
        assert page.locator("[data-plan-course=RR-1] [data-status=completed]").count() == 1
        assert figure(page, "done") == "4.0"
        screenshot(page, "training-year-5-completed-en")
        with page.expect_navigation():
            page.locator(f"[data-plan-year='{THIS_YEAR}']").click()
        assert page.locator("#plan-heading").inner_text() == f"My training plan for {THIS_YEAR}"
        assert figure(page, "done") == "0.0"
        assert page.locator("[data-plan-course=RR-1]").count() == 0

    first = Enrolment.objects.get(course=course, user__username="xiaoli")
    assert (first.year, first.status, first.credited_hours) == (
        NEXT_YEAR, Enrolment.Status.COMPLETED, Decimal("4"))
    assert first.completed_at.astimezone(SHANGHAI).date() == JANUARY.date()

    # 3. February 2028: the course runs again from March; the retake starts with nothing done.
    with travel(LATER):
        course = CoursePage.objects.get(pk=course.pk)
        course.starts_on = date(RETAKE_YEAR, 3, 1)
        course.save_revision().publish()  # as an editor re-dating it in the admin would
        assert CoursePage.objects.get(pk=course.pk).starts_on == date(RETAKE_YEAR, 3, 1)
        requirements_set(year=RETAKE_YEAR, cells={(course.pk, category.pk): "elective"},
                         sync_now=True)

        sign_in_afresh(page, base, "xiaoli")
        page.goto(f"{base}{course.url}")
        box = page.locator(".enrolment-box")
        assert box.get_attribute("data-year") == str(RETAKE_YEAR)
        assert box.get_attribute("data-status") == ""
        assert box.locator("[data-training-year]").inner_text() == (
            f"Training year {RETAKE_YEAR} · starts on 1 Mar {RETAKE_YEAR}")
        assert "Elective for me" in box.inner_text()
        assert page.locator(".lecture-list li").count() == 2
        assert page.locator(".lecture-list .badge--done").count() == 0
        screenshot(page, "training-year-6-retake-offered-en")

        submit(page, "Choose this elective", within=box)
        message = page.locator(".messages").inner_text()
        assert "You are enrolled on “Rural revitalisation”." in message
        assert "training plan for" not in message  # 2028 is this year
        box = page.locator(".enrolment-box")
        assert box.get_attribute("data-status") == "enrolled"
        assert box.get_by_role("button", name="Withdraw").count() == 1
        assert page.locator(".lecture-list .badge--done").count() == 0
        screenshot(page, "training-year-7-retake-chosen-en")

        page.goto(lecture_urls[0])
        assert page.get_by_role("button", name="Mark this lecture as done").count() == 1
        assert page.locator(".lecture .badge--done").count() == 0

        # The 2027 plan still shows the hours earned then.
        page.goto(f"{catalogue_url}?plan_year={NEXT_YEAR}")
        assert page.locator("[data-plan-course=RR-1] [data-status=completed]").count() == 1
        assert figure(page, "done") == "4.0"
        page.goto(catalogue_url)
        assert page.locator("#plan-heading").inner_text() == f"My training plan for {RETAKE_YEAR}"
        assert page.locator("[data-plan-course=RR-1] [data-status=enrolled]").count() == 1
        assert figure(page, "done") == "0.0"

        # The retake on a phone, in Chinese.
        sign_in_afresh(phone_page, base, "xiaoli")
        phone_page.goto(f"{base}{course.url}")
        assert phone_page.locator("html").get_attribute("lang") == "zh-hans"
        assert phone_page.locator(".enrolment-box").get_attribute("data-year") == str(RETAKE_YEAR)
        assert phone_page.locator(".lecture-list .badge--done").count() == 0
        assert_no_sideways_scroll(phone_page)
        screenshot(phone_page, "training-year-8-retake-zh-phone")

    # The 2027 records are untouched; the 2028 enrolment is a fresh one.
    first.refresh_from_db()
    assert (first.year, first.status, first.credited_hours) == (
        NEXT_YEAR, Enrolment.Status.COMPLETED, Decimal("4"))
    assert LectureProgress.objects.filter(enrolment=first).count() == 2
    retake = Enrolment.objects.get(course=course, user__username="xiaoli", year=RETAKE_YEAR)
    assert retake.pk != first.pk
    assert retake.status == Enrolment.Status.ENROLLED
    assert retake.source == Enrolment.Source.ELECTIVE
    assert not LectureProgress.objects.filter(enrolment=retake).exists()
