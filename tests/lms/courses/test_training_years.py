"""Training years: an enrolment takes its course's year, progress belongs to the enrolment, and a
closed year never changes."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.courses import selectors, services
from lms.courses.models import (
    Enrolment,
    LecturePage,
    LectureProgress,
    TrainingYear,
    course_training_year,
)
from lms.courses.outline import course_outline
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db
S = Enrolment.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def lectures_of(course):
    return list(LecturePage.objects.child_of(course).order_by("path"))


def complete_lectures(user, course):
    for lecture in lectures_of(course):
        enrolment = services.lecture_mark_done(user=user, lecture=lecture)
    return enrolment


def test_a_course_belongs_to_the_year_it_starts_else_to_the_plan():
    dated = make_course("Y-1", starts_on=date(2027, 1, 12))
    undated = make_course("Y-2")
    with time_machine.travel(moment(2026, 12, 20), tick=False):
        assert course_training_year(dated) == 2027
        assert course_training_year(dated, plan_year=2026) == 2027
        assert course_training_year(undated) == 2026
        assert course_training_year(undated, plan_year=2027) == 2027


def test_chosen_in_december_for_january_stays_in_next_years_plan(trainee, category):
    course = require(make_course("JAN-1", hours="4", lectures=2, starts_on=date(2027, 1, 12)),
                     category, year=2027).course
    with time_machine.travel(moment(2026, 12, 20), tick=False):
        enrolment = services.enrolment_request(user=trainee, course=course)
        assert enrolment.year == 2027
        assert [e.course.code for e in selectors.plan_for(trainee, 2027).entries] == ["JAN-1"]
        assert selectors.plan_for(trainee).entries == []  # this year's (2026) plan
    with time_machine.travel(moment(2027, 1, 15), tick=False):
        assert [e.course.code for e in selectors.plan_for(trainee).entries] == ["JAN-1"]
        done = complete_lectures(trainee, course)
    assert (done.status, done.year, done.credited_hours) == (S.COMPLETED, 2027, Decimal("4"))
    assert selectors.plan_for(trainee, 2027).done_hours == Decimal("4")
    assert selectors.plan_for(trainee, 2026).done_hours == Decimal("0")


def test_a_retake_in_a_later_year_starts_fresh_and_keeps_the_history(trainee, category):
    course = make_course("RT-1", hours="2", lectures=2)
    require(course, category, year=2026)
    require(course, category, year=2027)
    with time_machine.travel(moment(2026, 5, 1), tick=False):
        services.enrolment_request(user=trainee, course=course)
        first = complete_lectures(trainee, course)
    with time_machine.travel(moment(2027, 3, 1), tick=False):
        lecture = lectures_of(course)[0]
        card = selectors.course_cards([course], request=_request_of(trainee))[0]
        assert (card.year, card.my_status, card.can_choose) == (2027, None, True)
        with pytest.raises(services.EnrolmentRefused):  # not enrolled in 2027 yet
            services.lecture_mark_done(user=trainee, lecture=lecture)
        retake = services.enrolment_request(user=trainee, course=course)
        assert retake.pk != first.pk and retake.year == 2027
        assert not course_outline(course, _request_of(trainee)).lectures[0].done
        services.lecture_mark_done(user=trainee, lecture=lecture)
    assert LectureProgress.objects.filter(enrolment=first).count() == 2
    assert LectureProgress.objects.filter(enrolment=retake).count() == 1
    first.refresh_from_db()
    assert (first.status, first.credited_hours) == (S.COMPLETED, Decimal("2"))


def _request_of(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def closed_term(trainee, category, curator):
    """A course of this year with the trainee enrolled, a pending choice and a wait-listed
    place, then the year closed by the training office."""
    course = require(make_course("CL-1", lectures=2, capacity=2), category).course
    approval = require(make_course("CL-2", requires_approval=True), category).course
    services.enrolment_request(user=trainee, course=course)
    other = UserFactory(username="other", category=category)
    pending = services.enrolment_request(user=other, course=approval)
    services.enrolment_request(user=other, course=course)
    late = UserFactory(username="late", category=category)
    services.enrolment_request(user=late, course=course)
    year = course_training_year(course)
    services.training_year_close(year=year, by=curator)
    return {"course": course, "approval": approval, "pending": pending, "year": year,
            "late": late, "other": other}


def _snapshot():
    return sorted(Enrolment.objects.values_list(
        "user_id", "course_id", "year", "status", "source", "credited_hours"))


def test_nothing_changes_in_a_closed_year(closed_term, trainee, curator, category):
    course, year = closed_term["course"], closed_term["year"]
    before = (_snapshot(), LectureProgress.objects.count())
    extra = require(make_course("CL-3"), category).course
    attempts = [
        lambda: services.enrolment_request(user=trainee, course=extra),
        lambda: services.enrolment_withdraw(user=trainee, course=course),
        lambda: services.enrolment_decide(enrolment=closed_term["pending"], approve=True),
        lambda: services.lecture_mark_done(user=trainee, lecture=lectures_of(course)[0]),
        lambda: services.completions_record(course=course, user_ids=[trainee.pk], by=curator),
        lambda: services.completions_revert(course=course, user_ids=[trainee.pk]),
        lambda: services.staff_enrol(user_ids=[trainee.pk], course=extra, by=curator,
                                     override_rules=True),
        lambda: services.requirements_set(year=year, cells={(extra.pk, category.pk): ""}),
    ]
    for attempt in attempts:
        with pytest.raises(services.EnrolmentRefused) as refusal:
            attempt()
        assert refusal.value.code == "year_closed"
        assert f"The {year} training year is closed" in refusal.value.messages[0] or (
            "is closed: nothing in it can change" in refusal.value.messages[0])
    # Syncs and the waiting list leave a closed year alone, quietly (they run from signals).
    assert services.plans_sync(year=year, category_ids=[category.pk]) == 0
    course.capacity = 5
    course.save()
    assert services.waitlist_fill(course=course) == []
    assert (_snapshot(), LectureProgress.objects.count()) == before


def test_a_closed_year_says_so_on_the_page_and_in_the_api(closed_term, client, api_client,
                                                          trainee):
    course = closed_term["course"]
    client.force_login(trainee)
    html = client.get(course.url).content.decode()
    assert "training year is closed" in html
    assert reverse("courses:withdraw", args=[course.pk]) not in html
    api_client.force_authenticate(trainee)
    card = api_client.get(f"/api/v1/courses/{course.pk}/").json()
    assert (card["year_closed"], card["can_withdraw"], card["withdrawal_refusal"]) == (
        True, False, "year_closed")
    refused = api_client.post(f"/api/v1/courses/{course.pk}/withdraw/")
    assert refused.status_code == 400 and refused.json()["code"] == "year_closed"
    plan = api_client.get("/api/v1/me/plan/").json()
    assert plan["closed"] is True


def test_closing_is_logged_and_only_superusers_reopen(closed_term, curator):
    year = closed_term["year"]
    record = TrainingYear.objects.get(year=year)
    assert record.closed_by == curator
    again = services.training_year_close(year=year, by=curator)  # twice: unchanged
    assert again.closed_at == record.closed_at
    with pytest.raises(services.EnrolmentRefused):
        services.training_year_reopen(year=year, by=curator)
    assert services.year_is_closed(year)
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-1")
    services.training_year_reopen(year=year, by=admin)
    assert not services.year_is_closed(year)
    actions = list(ModelLogEntry.objects.filter(object_id=str(record.pk))
                   .order_by("timestamp", "pk").values_list("action", "user_id"))
    assert actions == [("lms_courses.close_year", curator.pk),
                       ("lms_courses.reopen_year", admin.pk)]
    # Open again: the trainee can withdraw from the elective once more.
    services.enrolment_withdraw(user=closed_term["other"], course=closed_term["course"])


def test_requirements_of_a_dated_course_belong_to_its_year(category):
    course = make_course("DT-1", starts_on=date(2031, 3, 1))
    with pytest.raises(services.EnrolmentRefused.__mro__[1]) as refusal:  # ValidationError
        services.requirements_set(year=2030, cells={(course.pk, category.pk): "required"},
                                  sync_now=True)
    assert "starts in 2031" in refusal.value.messages[0]
    services.requirements_set(year=2031, cells={(course.pk, category.pk): "required"},
                              sync_now=True)
    assert course.requirements.get().year == 2031
