"""Bulk enrolment and imports follow a trainee's own rules, or override them knowingly."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.courses import services
from lms.courses.models import Enrolment, current_training_year
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import at, make_course, require

pytestmark = pytest.mark.django_db

BULK = "lms_courses_bulk_enrol"
IMPORT = "lms_courses_enrolment_import"


@pytest.fixture
def rural(db):
    return CategoryFactory(name="Rural cadres", slug="rural")


@pytest.fixture
def outsider(unit_tree, rural):
    """A trainee of the same unit as `trainee`, in another category."""
    return UserFactory(username="outsider", first_name="Zhao Lei", work_unit=unit_tree["county"],
                       category=rural)


def refused_course(code, trainee, category):
    """A course the trainee's own choice of would be refused with `code`."""
    if code == "not_offered":
        return make_course("RF-1", title="Rural revitalisation")
    if code == "enrolment_closed":
        return require(make_course("RF-1", enrolment_closes=at(-1)), category).course
    if code == "prerequisites_missing":
        basics = require(make_course("RF-0", title="Basics of law"), category).course
        return require(make_course("RF-1", prerequisites=[basics]), category).course
    if code == "timetable_clash":
        held = require(make_course("RF-0", sessions=[(at(10, 9), 3)]), category).course
        services.enrolment_request(user=trainee, course=held)
        return require(make_course("RF-1", sessions=[(at(10, 10), 2)]), category).course
    raise AssertionError(code)


REFUSALS = {
    "not_offered": "Not offered to their category",
    "enrolment_closed": "Enrolment has closed",
    "prerequisites_missing": "Prerequisites not completed",
    "timetable_clash": "Timetable clash",
}


def bulk_enrol(client, course, *, override_rules=False, reenrol=False, **who):
    data = {"course": course.pk, **{key: value.pk for key, value in who.items()}}
    if override_rules:
        data["override_rules"] = "on"
    if reenrol:
        data["reenrol"] = "on"
    return client.post(reverse(BULK), data, follow=True)


def shown(response):
    return [str(message) for message in response.context["messages"]]


def enrolled_line(title, *, enrolled, waitlisted=0, unchanged=0):
    """The bulk screen's summary of what it did."""
    return (f"{title} ({current_training_year()}): {enrolled} enrolled, {waitlisted} wait-listed, "
            f"{unchanged} already on the course.")


def placed(user, course):
    return Enrolment.objects.filter(user=user, course=course).values(
        "status", "source", "rules_overridden", "assigned_by").first()


# --- Bulk enrolment, on the screen ------------------------------------------------------------


def test_bulk_enrol_leaves_out_another_category_and_names_them(client, curator, trainee,
                                                               outsider, unit_tree, category):
    course = require(make_course("BE-1"), category).course
    client.force_login(curator)
    response = bulk_enrol(client, course, work_unit=unit_tree["county"])
    assert shown(response) == [
        enrolled_line("Course BE-1", enrolled=1),
        "Left out: Not offered to their category (1): Zhao Lei",
    ]
    assert placed(trainee, course) == {"status": "enrolled", "source": "staff",
                                       "rules_overridden": False, "assigned_by": curator.pk}
    assert placed(outsider, course) is None
    client.force_login(outsider)
    page = client.get(course.url).content.decode()
    assert "This course is not offered to your trainee category" in page
    assert 'data-status=""' in page and "Assigned to you" not in page


def test_bulk_enrol_over_the_rules_is_recorded_and_shown_as_assigned(client, curator, outsider,
                                                                    rural, category):
    course = require(make_course("BE-2"), category).course
    client.force_login(curator)
    response = bulk_enrol(client, course, category=rural, override_rules=True)
    assert shown(response)[1:] == ["1 enrolled over the rules, as you asked."]
    assert placed(outsider, course) == {"status": "enrolled", "source": "staff",
                                        "rules_overridden": True, "assigned_by": curator.pk}
    client.force_login(outsider)
    page = client.get(course.url).content.decode()
    assert "Assigned to you by the training office" in page
    assert "not offered" not in page


@pytest.mark.parametrize("code", list(REFUSALS))
def test_bulk_enrol_refuses_what_the_trainee_could_not_choose_unless_overridden(
        client, curator, trainee, category, code):
    course = refused_course(code, trainee, category)
    client.force_login(curator)
    response = bulk_enrol(client, course, category=category)
    assert shown(response)[-1] == f"Left out: {REFUSALS[code]} (1): Li Ming"
    assert placed(trainee, course) is None
    response = bulk_enrol(client, course, category=category, override_rules=True)
    assert "1 enrolled over the rules, as you asked." in shown(response)
    assert placed(trainee, course)["rules_overridden"] is True


def test_bulk_enrol_leaves_who_withdrew_unless_re_enrol_is_ticked(client, curator, trainee,
                                                                  category):
    course = require(make_course("BE-3"), category).course
    services.enrolment_request(user=trainee, course=course)
    services.enrolment_withdraw(user=trainee, course=course)
    client.force_login(curator)
    response = bulk_enrol(client, course, category=category)
    assert shown(response)[-1] == ("Left out: Withdrew earlier (tick “re-enrol” to put them "
                                   "back) (1): Li Ming")
    assert placed(trainee, course)["status"] == "withdrawn"
    response = bulk_enrol(client, course, category=category, reenrol=True)
    assert shown(response) == [enrolled_line("Course BE-3", enrolled=1),
                               "Of them, 1 had withdrawn and are re-enrolled, as you asked."]
    assert placed(trainee, course) == {"status": "enrolled", "source": "staff",
                                       "rules_overridden": False, "assigned_by": curator.pk}


@pytest.mark.parametrize("username", ["trainee", "instructor"])
def test_a_forged_bulk_enrolment_changes_nothing(client, trainee, instructor, category,
                                                 username):
    course = require(make_course("BE-4"), category).course
    client.force_login({"trainee": trainee, "instructor": instructor}[username])
    response = client.post(reverse(BULK), {"course": course.pk, "category": category.pk,
                                           "override_rules": "on", "reenrol": "on"})
    assert response.status_code in (302, 403)
    assert not Enrolment.objects.exists()


# --- Bulk enrolment, the service --------------------------------------------------------------


@pytest.mark.parametrize("code", list(REFUSALS))
def test_staff_enrol_reports_refusals_and_overrides_them_knowingly(trainee, curator, category,
                                                                   code):
    course = refused_course(code, trainee, category)
    result = services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator)
    assert (result.enrolled, result.left_out) == (0, True)
    assert result.refused[trainee.pk].code == code
    assert placed(trainee, course) is None
    result = services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator,
                                  override_rules=True)
    assert (result.enrolled, result.overridden, result.left_out) == (1, 1, False)
    assert placed(trainee, course) == {"status": "enrolled", "source": "staff",
                                       "rules_overridden": True, "assigned_by": curator.pk}


def test_staff_enrol_all_or_nothing_writes_nothing(trainee, outsider, curator, category):
    course = require(make_course("SE-1"), category).course
    with pytest.raises(services.StaffEnrolmentRefused) as refused:
        services.staff_enrol(user_ids=[trainee.pk, outsider.pk], course=course, by=curator,
                             all_or_nothing=True)
    assert list(refused.value.result.refused) == [outsider.pk]
    assert not Enrolment.objects.exists()


def test_staff_enrol_re_enrols_only_when_asked(trainee, curator, category):
    course = require(make_course("SE-2"), category).course
    services.enrolment_request(user=trainee, course=course)
    services.enrolment_withdraw(user=trainee, course=course)
    left = services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator)
    assert (left.withdrawn_left, left.enrolled) == ([trainee.pk], 0)
    assert placed(trainee, course)["status"] == "withdrawn"
    back = services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator, reenrol=True)
    assert (back.reenrolled, back.enrolled, back.withdrawn_left) == (1, 1, [])
    assert placed(trainee, course)["status"] == "enrolled"


def test_staff_enrol_on_a_required_course_enrols_it_as_required(trainee, curator, category):
    course = require(make_course("SE-3", capacity=0), category, kind="required").course
    result = services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator)
    assert (result.enrolled, result.waitlisted, result.overridden) == (1, 0, 0)
    assert placed(trainee, course) == {"status": "enrolled", "source": "required",
                                       "rules_overridden": False, "assigned_by": curator.pk}


# --- Enrolment imports ------------------------------------------------------------------------


def _upload(text, name="enrol.csv"):
    handle = io.BytesIO(text.encode())
    handle.name = name
    return handle


def test_an_import_follows_the_rules_whole_or_is_overridden_knowingly(client, curator, trainee,
                                                                     outsider, category):
    course = require(make_course("IM-1", title="Digital government"), category).course
    leaver = UserFactory(username="leaver", category=category)
    services.enrolment_request(user=leaver, course=course)
    services.enrolment_withdraw(user=leaver, course=course)
    rows = "username,course code\noutsider,IM-1\nleaver,IM-1\ntrainee,IM-1\n"
    client.force_login(curator)

    refused = client.post(reverse(IMPORT), {"file": _upload(rows)})
    html = refused.content.decode()
    year = current_training_year()
    assert ("<tr><td>2</td><td>“Digital government” is not offered to this trainee’s category "
            f"in {year}.</td></tr>") in html
    assert ("<tr><td>3</td><td>Withdrew from “Digital government”; tick “re-enrol” to put them "
            "back.</td></tr>") in html
    assert "2 errors — nothing was imported" in html
    assert placed(outsider, course) is None and placed(trainee, course) is None
    assert placed(leaver, course)["status"] == "withdrawn"

    imported = client.post(reverse(IMPORT), {"file": _upload(rows), "override_rules": "on",
                                             "reenrol": "on"}, follow=True)
    assert shown(imported) == [
        "Imported: 3 enrolled, 0 wait-listed, 0 already on their course.",
        "1 enrolled over the rules, as you asked."]
    assert placed(outsider, course)["rules_overridden"] is True
    assert [placed(user, course)["status"] for user in (outsider, leaver, trainee)] == [
        "enrolled"] * 3


# --- Queries do not grow with the number of trainees ------------------------------------------


def queries_of(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries.captured_queries)


@pytest.fixture
def cohorts(db):
    """Two categories of 10 and 60 trainees."""
    groups = {}
    for size in (10, 60):
        category = CategoryFactory(name=f"Cohort {size}", slug=f"cohort-{size}")
        groups[size] = (category, [UserFactory(username=f"c{size}-{n}", category=category)
                                   for n in range(size)])
    return groups


def test_staff_enrol_queries_do_not_grow_with_trainees(cohorts, curator):
    counts = []
    for size, (category, people) in cohorts.items():
        course = require(make_course(f"Q-{size}"), category).course
        counts.append(queries_of(lambda course=course, people=people: services.staff_enrol(
            user_ids=[user.pk for user in people], course=course, by=curator)))
        assert Enrolment.objects.filter(course=course, status="enrolled").count() == size
    assert counts[0] == counts[1]


def test_plan_sync_queries_do_not_grow_with_trainees(cohorts):
    year = current_training_year()
    counts = []
    for size, (category, _people) in cohorts.items():
        course = require(make_course(f"Q-{size}"), category, kind="required").course
        counts.append(queries_of(lambda category=category: services.plans_sync(
            year=year, category_ids=[category.pk])))
        assert Enrolment.objects.filter(course=course, source="required").count() == size
    assert counts[0] == counts[1]


def test_requirements_set_queries_do_not_grow_with_trainees(cohorts):
    year = current_training_year()
    counts = []
    for size, (category, _people) in cohorts.items():
        course = make_course(f"Q-{size}")
        counts.append(queries_of(lambda course=course, category=category: services.requirements_set(
            year=year, cells={(course.pk, category.pk): "required"}, sync_now=True)))
        assert Enrolment.objects.filter(course=course, source="required").count() == size
    assert counts[0] == counts[1]


# --- The office takes trainees off a course ---------------------------------------------------


def test_the_office_takes_an_assigned_trainee_off_and_the_waiting_list_moves(
        client, curator, trainee, category, instructor):
    course = make_course("TO-1", capacity=1)
    services.staff_enrol(user_ids=[trainee.pk], course=course, by=curator, override_rules=True)
    waiting = UserFactory(username="waiting", first_name="Wu Dai", category=category)
    require(course, category)
    services.enrolment_request(user=waiting, course=course)
    with pytest.raises(services.EnrolmentRefused) as refusal:  # not the trainee's to drop
        services.enrolment_withdraw(user=trainee, course=course)
    assert refusal.value.code == "assigned_by_office"
    progress = reverse("lms_courses_progress", args=[course.pk])
    client.force_login(instructor)  # an instructor of the course records, but never withdraws
    course.instructors.add(instructor)
    course.save()
    denied = client.post(progress, {"action": "withdraw", "trainee": [trainee.pk]})
    assert denied.status_code in (302, 403)
    assert placed(trainee, course)["status"] == "enrolled"
    client.force_login(curator)
    response = client.post(progress, {"action": "withdraw", "trainee": [trainee.pk]},
                           follow=True)
    assert "Taken off the course: 1" in response.content.decode()
    assert placed(trainee, course)["status"] == "withdrawn"
    assert placed(waiting, course)["status"] == "enrolled"  # the freed seat


def test_a_required_course_stays_when_the_office_takes_trainees_off(client, curator, trainee,
                                                                     category):
    course = require(make_course("TO-2"), category, kind="required").course
    services.plan_sync_required(user=trainee)
    client.force_login(curator)
    response = client.post(reverse("lms_courses_progress", args=[course.pk]),
                           {"action": "withdraw", "trainee": [trainee.pk]}, follow=True)
    assert "Required for their category, so left on the course: Li Ming." in (
        response.content.decode())
    assert placed(trainee, course)["status"] == "enrolled"
