"""One withdrawal rule: the catalogue, the course page, the API and the service always agree."""

from functools import partial

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lms.courses import services
from lms.courses.models import Enrolment, current_training_year
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import at, catalogue_page, make_course, require

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/courses/"
ASKED = ("catalogue", "course page", "api list", "api detail", "service")


def catalogue_answer(client, course):
    """The refusal on the course's card as the catalogue page assembled it."""
    response = client.get(catalogue_page().url)
    assert response.status_code == 200
    return next(card for card in response.context["cards"] if card.pk == course.pk).withdrawal_refusal


def withdraw_action(course):
    return f'action="{reverse("courses:withdraw", args=[course.pk])}"'


def page_answer(client, course):
    """None when the course page offers the Withdraw form, else the refusal its card gives."""
    response = client.get(course.url)
    assert response.status_code == 200
    if withdraw_action(course) in response.content.decode():
        return None
    return response.context["card"].withdrawal_refusal or "no withdraw form, yet no refusal"


def api_item_answer(item):
    assert item["can_withdraw"] is (item["withdrawal_refusal"] is None), item
    return item["withdrawal_refusal"]


def api_list_answer(api_client, course):
    response = api_client.get(COURSES)
    assert response.status_code == 200
    return api_item_answer(next(item for item in response.json()["results"]
                                if item["id"] == course.pk))


def api_detail_answer(api_client, course):
    response = api_client.get(f"{COURSES}{course.pk}/")
    assert response.status_code == 200
    return api_item_answer(response.json())


class _Undo(Exception):
    """Rolls back a withdrawal the service allowed, so the walk goes on from the same state."""


def service_answer(trainee, course):
    """What enrolment_withdraw does, rolled back: None when it withdraws, else its refusal."""
    held = Enrolment.objects.filter(user=trainee, course=course,
                                    status__in=("enrolled", "pending", "waitlisted")).exists()
    try:
        with transaction.atomic():
            services.enrolment_withdraw(user=trainee, course=course)
            raise _Undo
    except services.EnrolmentRefused as refusal:
        return refusal.code
    except _Undo:
        pass
    # Withdrawing a place already given up refuses nothing and changes nothing: nothing to drop.
    return None if held else "not_enrolled"


def place(trainee, course):
    return Enrolment.objects.filter(user=trainee, course=course).values_list(
        "status", "source").first()


def answers(client, api_client, trainee, course):
    """Everyone's answer to "may the trainee drop this course now?" (None: yes; else the code)
    — asking changes nothing."""
    before = place(trainee, course)
    said = {
        "catalogue": catalogue_answer(client, course),
        "course page": page_answer(client, course),
        "api list": api_list_answer(api_client, course),
        "api detail": api_detail_answer(api_client, course),
        "service": service_answer(trainee, course),
    }
    assert place(trainee, course) == before
    return said


def assert_all_say(said, code, step=""):
    assert said == dict.fromkeys(ASKED, code), step


@pytest.fixture
def ask(client, api_client, trainee):
    client.force_login(trainee)
    api_client.force_authenticate(trainee)
    return partial(answers, client, api_client, trainee)


# The office changes the course's kind for the trainee's category; the plan sync follows later.
# (kind set, answer before the sync, answer after it, the trainee's place after it)
WALK = [
    ("required", "required_course", "required_course", ("enrolled", "required")),
    ("elective", None, None, ("enrolled", "elective")),
    # A chosen place stays when the course is no longer offered; the trainee may still drop it.
    ("", None, None, ("enrolled", "elective")),
    ("required", "required_course", "required_course", ("enrolled", "required")),
    # A required place nobody requires any more may be dropped, until the sync takes it away.
    ("", None, "not_enrolled", ("withdrawn", "required")),
]


def test_every_answer_agrees_at_every_step_of_a_requirement_change(
        ask, trainee, category, django_capture_on_commit_callbacks):
    course = require(make_course("WR-1", title="Rural revitalisation"), category).course
    services.enrolment_request(user=trainee, course=course)
    assert place(trainee, course) == ("enrolled", "elective")
    assert_all_say(ask(course), None, "an elective the trainee chose")
    for kind, before_sync, after_sync, after_place in WALK:
        step = f"made {kind or 'not offered'}"
        held = place(trainee, course)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.requirements_set(year=current_training_year(), sync_now=False,
                                      cells={(course.pk, category.pk): kind})
        assert callbacks, "the plan sync waits for the commit"
        assert place(trainee, course) == held
        assert_all_say(ask(course), before_sync, f"{step}, before the sync")
        for callback in callbacks:
            callback()
        assert place(trainee, course) == after_place
        assert_all_say(ask(course), after_sync, f"{step}, after the sync")


@pytest.mark.parametrize("offered", [True, False], ids=["elective", "not offered"])
def test_a_place_the_office_assigned_is_theirs_to_take_back(ask, client, trainee, curator,
                                                           category, offered):
    course = make_course("AS-1", title="Digital government")
    if offered:
        require(course, category)
    services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator, override_rules=True)
    assert place(trainee, course) == ("enrolled", "staff")
    assert_all_say(ask(course), "assigned_by_office")
    html = client.get(course.url).content.decode()
    assert ('<p class="muted" data-withdrawal-note>The training office put you on “Digital '
            'government”; ask them if you need to leave it.</p>') in html
    assert "Assigned to you by the training office" in html
    assert "not offered" not in html


@pytest.mark.parametrize("status, code", [("enrolled", "withdrawal_closed"), ("waitlisted", None)])
def test_past_the_withdrawal_deadline_only_a_waiting_list_place_may_be_given_up(
        ask, client, trainee, category, status, code):
    course = require(make_course("DL-1", title="Rural revitalisation", capacity=1,
                                 withdrawal_deadline=at(-1)), category).course
    if status == "waitlisted":
        services.enrolment_request(user=UserFactory(username="first", category=category),
                                   course=course)
    assert services.enrolment_request(user=trainee, course=course).status == status
    assert_all_say(ask(course), code)
    if code:
        # The language's date format: "1 Dec 2026, 09:00" in English.
        deadline = date_format(timezone.localtime(at(-1)), "DATETIME_FORMAT")
        assert deadline.endswith(", 09:00")
        assert (f"The deadline to withdraw from “Rural revitalisation” was {deadline}."
                in client.get(course.url).content.decode())


@pytest.mark.parametrize("kind", ["elective", "required"])
def test_a_closed_year_refuses_every_withdrawal(ask, client, trainee, curator, category, kind):
    course = require(make_course("CY-1"), category, kind=kind).course
    services.enrolment_request(user=trainee, course=course)
    services.training_year_close(year=current_training_year(), by=curator)
    assert_all_say(ask(course), "year_closed")
    html = client.get(course.url).content.decode()
    assert "data-year-closed" in html
    assert withdraw_action(course) not in html and ">Withdraw</button>" not in html
