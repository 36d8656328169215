"""API of lms.courses: the catalogue and its filters, a course, enrol/withdraw, me/plan/."""

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.courses import services
from lms.courses.models import CoursePage, Enrolment, current_training_year
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import at, bulk_courses, make_course, require

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/courses/"
PLAN = "/api/v1/me/plan/"


def course_url(course, action=""):
    return f"{COURSES}{course.pk}/{action + '/' if action else ''}"


def trainee_in(category, username):
    return UserFactory(username=username, category=category)


def count_queries(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content
    return len(queries.captured_queries), response.json()


# --- Who may call -----------------------------------------------------------------------------


@pytest.mark.parametrize("method, path", [
    ("get", COURSES), ("get", "{course}"), ("post", "{course}enrol/"),
    ("post", "{course}withdraw/"), ("get", PLAN),
])
def test_anonymous_is_refused_with_json(api_client, method, path):
    course = make_course("LAW-1")
    response = getattr(api_client, method)(path.format(course=course_url(course)))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


# --- Catalogue --------------------------------------------------------------------------------


def test_trainee_sees_kind_status_and_seats(api_client, trainee, category):
    required = make_course("ETH-1", title="Integrity in office", hours="6", topics=["ethics"])
    elective = make_course("DIG-1", title="Digital government", capacity=3, format="blended",
                           topics=["digital", "data"])
    open_ended = make_course("LAW-1", title="Administrative law")
    make_course("HID-1", live=False)
    require(required, category, "required")
    require(elective, category, "elective")
    services.plan_sync_required(user=trainee)
    services.enrolment_request(user=trainee_in(category, "other"), course=elective)
    api_client.force_authenticate(trainee)

    body = api_client.get(COURSES).json()

    assert body["count"] == 3
    items = {item["code"]: item for item in body["results"]}
    assert list(items) == ["DIG-1", "ETH-1", "LAW-1"]  # ordered by code; the draft is hidden
    assert items["ETH-1"]["my_kind"] == "required"
    assert items["ETH-1"]["my_status"] == "enrolled"
    assert items["ETH-1"]["seats_left"] is None
    assert items["ETH-1"]["credit_hours"] == "6.0"
    assert items["DIG-1"]["my_kind"] == "elective"
    assert items["DIG-1"]["my_status"] is None
    assert items["DIG-1"]["capacity"] == 3
    assert items["DIG-1"]["seats_left"] == 2
    assert items["DIG-1"]["format"] == "blended"
    assert items["DIG-1"]["format_label"] == "Blended"
    assert sorted(t["slug"] for t in items["DIG-1"]["topics"]) == ["data", "digital"]
    assert items["DIG-1"]["url"] == "/courses/dig-1/"
    assert items["LAW-1"]["my_kind"] is None
    assert set(items["LAW-1"]) == {
        "id", "code", "title", "summary", "format", "format_label", "credit_hours", "topics",
        "capacity", "seats_left", "my_status", "my_kind", "requires_approval",
        "enrolment_opens", "enrolment_closes", "starts_on", "ends_on", "url", "year",
        "year_closed", "assigned", "can_choose", "can_withdraw", "withdrawal_refusal"}
    assert open_ended.pk == items["LAW-1"]["id"]


@pytest.mark.parametrize("detail", [False, True], ids=["list", "detail"])
def test_staff_without_a_category_see_the_catalogue_without_kinds(api_client, instructor,
                                                                   category, detail):
    course = make_course("ETH-1")
    require(course, category, "required")
    api_client.force_authenticate(instructor)
    response = api_client.get(course_url(course) if detail else COURSES)
    assert response.status_code == 200
    item = response.json() if detail else response.json()["results"][0]
    assert item["my_kind"] is None
    assert item["my_status"] is None


@pytest.fixture
def shelf(trainee, category):
    """Five courses that differ in topic, format, hours, seats and what they are for whom."""
    leaders = CategoryFactory(name="Leaders", slug="leaders")
    courses = {
        "ETH-1": make_course("ETH-1", title="Integrity in office", hours="6", topics=["ethics"]),
        "DIG-1": make_course("DIG-1", title="Digital government", hours="2", format="blended",
                             topics=["digital"], capacity=1),
        "LAW-1": make_course("LAW-1", title="Administrative law", hours="4", format="offline",
                             topics=["law"]),
        "LEAD-1": make_course("LEAD-1", title="Leading reform", hours="8", topics=["ethics"]),
        "PUB-1": make_course("PUB-1", title="Public speaking", hours="1"),
    }
    courses["PUB-1"].summary = "Briefings and press conferences"
    courses["PUB-1"].save()
    require(courses["ETH-1"], category, "required")
    require(courses["DIG-1"], category, "elective")
    require(courses["LAW-1"], category, "elective")
    require(courses["LEAD-1"], leaders, "required")
    services.enrolment_request(user=trainee_in(category, "early"), course=courses["DIG-1"])
    courses["leaders"] = leaders
    return courses


@pytest.mark.parametrize("query, codes", [
    ("", ["DIG-1", "ETH-1", "LAW-1", "LEAD-1", "PUB-1"]),
    ("topic=ethics", ["ETH-1", "LEAD-1"]),
    ("format=offline", ["LAW-1"]),
    ("format=blended", ["DIG-1"]),
    ("category={young}", ["DIG-1", "ETH-1", "LAW-1"]),
    ("category={leaders}", ["LEAD-1"]),
    ("kind=required", ["ETH-1"]),
    ("kind=elective", ["DIG-1", "LAW-1"]),
    ("min_hours=4", ["ETH-1", "LAW-1", "LEAD-1"]),
    ("max_hours=2", ["DIG-1", "PUB-1"]),
    ("min_hours=2&max_hours=6", ["DIG-1", "ETH-1", "LAW-1"]),
    ("available=true", ["ETH-1", "LAW-1", "LEAD-1", "PUB-1"]),
    ("available=false", ["DIG-1", "ETH-1", "LAW-1", "LEAD-1", "PUB-1"]),
    ("q=integrity", ["ETH-1"]),
    ("q=press", ["PUB-1"]),
    ("q=ethics", ["ETH-1", "LEAD-1"]),
    ("q=LAW-1", ["LAW-1"]),
    ("q=law&format=online", []),
    ("kind=elective&available=true&topic=law", ["LAW-1"]),
])
def test_catalogue_filters(api_client, trainee, category, shelf, query, codes):
    api_client.force_authenticate(trainee)
    query = query.format(young=category.pk, leaders=shelf["leaders"].pk)
    response = api_client.get(f"{COURSES}?{query}")
    assert response.status_code == 200, response.content
    assert [item["code"] for item in response.json()["results"]] == codes


def test_forged_ids_quotes_and_headers_never_answer_500(api_client, trainee, category):
    make_course("LAW-1", title="Administrative law")
    huge = "9" * 30
    api_client.force_authenticate(trainee)
    for path in (f"{COURSES}{huge}/", f"{COURSES}{huge}/enrol/", f"{COURSES}{huge}/withdraw/"):
        method = api_client.get if path.endswith(f"{huge}/") else api_client.post
        assert method(path).status_code == 404
    assert api_client.get(f"{COURSES}?category={huge}").status_code == 400
    for text in ('"', 'law "', '""'):  # SQLite's full-text syntax fails on an odd quote
        response = api_client.get(COURSES, {"q": text})
        assert response.status_code == 200
    assert [c["code"] for c in api_client.get(COURSES, {"q": 'law "'}).json()["results"]] == [
        "LAW-1"]
    api_client.force_authenticate(None)
    # A keyword that is not ASCII is not a token: anonymous, as with DRF, not a 500.
    response = api_client.get(COURSES, HTTP_AUTHORIZATION="Tok\xffen abc")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_invalid_filters_are_a_400_naming_each_field(api_client, trainee):
    api_client.force_authenticate(trainee)
    response = api_client.get(f"{COURSES}?format=paper&min_hours=lots&category=99999&kind=x")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "The submitted data is not valid."
    assert set(body["errors"]) == {"format", "min_hours", "category", "kind"}
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


def test_hours_range_upside_down_is_a_400(api_client, trainee):
    api_client.force_authenticate(trainee)
    response = api_client.get(f"{COURSES}?min_hours=6&max_hours=2")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid",
                               "detail": "The minimum hours are more than the maximum."}


def test_catalogue_pages(api_client, trainee):
    bulk_courses(25)
    api_client.force_authenticate(trainee)
    first = api_client.get(COURSES).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"].endswith("page=2")
    second = api_client.get(f"{COURSES}?page=2").json()
    assert [item["code"] for item in second["results"]] == [f"B{n:05d}" for n in range(20, 25)]
    assert len(api_client.get(f"{COURSES}?page_size=7").json()["results"]) == 7
    assert api_client.get(f"{COURSES}?page=9").json()["code"] == "not_found"


def test_catalogue_query_count_does_not_grow_with_courses(api_client, trainee, category):
    """30 vs 60 courses, all on one page, each with topics, a requirement and enrolments."""
    others = [trainee_in(category, f"peer{n}") for n in range(2)]

    def add(first, last):
        for n in range(first, last):
            course = make_course(f"C{n:03d}", capacity=5, topics=[f"t{n % 4}", "all"])
            require(course, category, "elective")
            services.enrolment_request(user=others[n % 2], course=course)
            if n % 3 == 0:
                services.enrolment_request(user=trainee, course=course)

    api_client.force_authenticate(trainee)
    add(0, 30)
    api_client.get(COURSES)  # a first request may fill Wagtail's site-root-paths cache
    thirty, body = count_queries(lambda: api_client.get(f"{COURSES}?page_size=100"))
    assert len(body["results"]) == 30
    assert body["results"][0]["my_status"] == "enrolled"
    assert body["results"][0]["seats_left"] == 3
    add(30, 60)
    sixty, body = count_queries(lambda: api_client.get(f"{COURSES}?page_size=100"))
    assert len(body["results"]) == 60
    assert sixty == thirty
    assert thirty <= 9  # session, user, token…, then five card queries
    filtered, body = count_queries(lambda: api_client.get(
        f"{COURSES}?page_size=100&topic=all&category={category.pk}&kind=elective&available=1"))
    assert len(body["results"]) == 60
    assert filtered <= thirty + 1  # the category filter's choice is looked up


def test_catalogue_query_count_with_2000_courses(api_client, trainee, category):
    for n in range(30):
        require(make_course(f"A{n:03d}", topics=["ethics"]), category, "elective")
    api_client.force_authenticate(trainee)
    api_client.get(COURSES)
    small, _body = count_queries(lambda: api_client.get(f"{COURSES}?page_size=100"))
    started = time.monotonic()
    bulk_courses(1970)
    assert time.monotonic() - started < 15
    large, body = count_queries(lambda: api_client.get(f"{COURSES}?page_size=100"))
    assert body["count"] == 2000
    assert len(body["results"]) == 100
    assert body["results"][0]["topics"] == [{"slug": "ethics", "name": "ethics"}]
    assert body["results"][99]["url"] == "/courses/b00069/"
    assert large == small
    last, body = count_queries(lambda: api_client.get(f"{COURSES}?page_size=100&page=20"))
    assert body["results"][-1]["code"] == "B01969"
    assert last == small


# --- One course -------------------------------------------------------------------------------


def test_course_detail(api_client, trainee, instructor, category):
    basics = make_course("LAW-0", title="Law basics")
    course = make_course(
        "LAW-1", title="Administrative law", format="offline", capacity=10, lectures=3,
        sessions=[(at(20, 14), 2), (at(10, 9), 3)], prerequisites=[basics],
        learning_objectives=f'<p>Read <a linktype="page" id="{basics.pk}">the basics</a>.</p>',
        enrolment_closes=at(5), starts_on=at(10).date(),
    )
    course.instructors.add(instructor)
    course.save()
    require(course, category, "elective")
    Enrolment.objects.create(user=trainee, course=basics, year=timezone.localdate().year,
                             status="completed", source="staff")
    services.enrolment_request(user=trainee, course=course)
    first_lecture = course.get_children().order_by("path").first().specific
    services.lecture_mark_done(user=trainee, lecture=first_lecture)
    api_client.force_authenticate(trainee)

    body = api_client.get(course_url(course)).json()

    assert body["code"] == "LAW-1"
    assert body["my_status"] == "enrolled"
    assert body["my_kind"] == "elective"
    assert body["seats_left"] == 9
    assert body["starts_on"] == at(10).date().isoformat()
    assert body["url"] == "/courses/law-1/"
    assert body["learning_objectives"] == '<p>Read <a href="/courses/law-0/">the basics</a>.</p>'
    assert body["instructors"] == [{"id": instructor.pk, "full_name": "Chen Lixin", "title": ""}]
    assert [s["starts_at"] for s in body["sessions"]] == [
        timezone.localtime(at(10, 9)).isoformat(), timezone.localtime(at(20, 14)).isoformat()]
    assert body["sessions"][0]["place"] == ""
    assert body["prerequisites"] == [{"id": basics.pk, "code": "LAW-0", "title": "Law basics"}]
    assert [(lec["title"], lec["credit_hours"], lec["done"]) for lec in body["lectures"]] == [
        ("LAW-1 lecture 1", "1.0", True), ("LAW-1 lecture 2", "1.0", False),
        ("LAW-1 lecture 3", "1.0", False)]


def test_course_detail_query_count_is_bounded(api_client, trainee, category):
    small = make_course("S-1", lectures=1, sessions=[(at(10), 1)])
    prereqs = [make_course(f"P-{n}") for n in range(4)]
    big = make_course("B-1", lectures=8, sessions=[(at(n + 1), 1) for n in range(8)],
                      prerequisites=prereqs, topics=["a", "b", "c"])
    teachers = [UserFactory(username=f"teacher{n}", roles=("instructor",)) for n in range(4)]
    big.instructors.add(*teachers)
    big.save()
    api_client.force_authenticate(trainee)
    api_client.get(course_url(small))
    cold, _body = count_queries(lambda: api_client.get(course_url(big)))
    few, _body = count_queries(lambda: api_client.get(course_url(small)))
    many, body = count_queries(lambda: api_client.get(course_url(big)))
    assert len(body["lectures"]) == 8 and len(body["instructors"]) == 4
    assert len(body["sessions"]) == 8 and len(body["prerequisites"]) == 4
    assert many == few
    assert few <= 7
    # The first request reads the parts the same for everyone (lectures, sessions,
    # prerequisites, instructors, topics) in five queries and keeps them in the cache.
    assert cold == few + 5


@pytest.mark.parametrize("action", ["", "enrol", "withdraw"])
def test_unknown_or_unpublished_course_is_a_json_404(api_client, trainee, category, action):
    draft = make_course("DRAFT-1")
    require(draft, category, "elective")
    draft.unpublish()
    api_client.force_authenticate(trainee)
    method = api_client.get if not action else api_client.post
    for url in (course_url(draft, action), f"{COURSES}999999/{action + '/' if action else ''}"):
        response = method(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not Enrolment.objects.exists()


# --- Enrol and withdraw -----------------------------------------------------------------------


def test_enrol_on_an_elective(api_client, trainee, category):
    course = make_course("DIG-1")
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    response = api_client.post(course_url(course, "enrol"))
    assert response.status_code == 200
    enrolment = Enrolment.objects.get(user=trainee, course=course)
    assert response.json() == {"status": "enrolled", "status_label": "Enrolled",
                               "enrolment_id": enrolment.pk, "course": course.pk}
    assert enrolment.source == "elective"


def test_enrolling_twice_returns_the_same_enrolment(api_client, trainee, category):
    course = make_course("DIG-1")
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    first = api_client.post(course_url(course, "enrol")).json()
    second = api_client.post(course_url(course, "enrol")).json()
    assert first == second
    assert Enrolment.objects.filter(user=trainee, course=course).count() == 1


def test_enrol_on_a_course_needing_approval_is_pending(api_client, trainee, category):
    course = make_course("DIG-1", requires_approval=True)
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    body = api_client.post(course_url(course, "enrol")).json()
    assert (body["status"], body["status_label"]) == ("pending", "Awaiting approval")


def test_enrol_on_a_full_course_waitlists(api_client, trainee, category):
    course = make_course("DIG-1", capacity=1)
    require(course, category, "elective")
    services.enrolment_request(user=trainee_in(category, "first"), course=course)
    api_client.force_authenticate(trainee)
    body = api_client.post(course_url(course, "enrol")).json()
    assert (body["status"], body["status_label"]) == ("waitlisted", "Wait-listed")
    listed = api_client.get(COURSES).json()["results"][0]
    assert (listed["seats_left"], listed["my_status"]) == (0, "waitlisted")


def test_withdraw_promotes_the_first_waitlisted_once(api_client, trainee, category):
    course = make_course("DIG-1", capacity=1)
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    assert api_client.post(course_url(course, "enrol")).json()["status"] == "enrolled"
    second, third = trainee_in(category, "second"), trainee_in(category, "third")
    for user in (second, third):
        assert services.enrolment_request(user=user, course=course).status == "waitlisted"

    response = api_client.post(course_url(course, "withdraw"))
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = api_client.post(course_url(course, "withdraw"))
    assert again.status_code == 200
    assert again.json() == response.json()

    statuses = dict(Enrolment.objects.filter(course=course).values_list("user__username",
                                                                        "status"))
    assert statuses == {"trainee": "withdrawn", "second": "enrolled", "third": "waitlisted"}


def refused(response, code):
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"code", "detail"}
    assert body["code"] == code
    return body["detail"]


def test_enrol_after_the_window_closed(api_client, trainee, category):
    course = make_course("DIG-1", title="Digital government", enrolment_opens=at(-10),
                         enrolment_closes=at(-1))
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    detail = refused(api_client.post(course_url(course, "enrol")), "enrolment_closed")
    assert detail.startswith("Enrolment for “Digital government” closed on ")
    assert not Enrolment.objects.exists()


def test_enrol_before_the_window_opens(api_client, trainee, category):
    course = make_course("DIG-1", enrolment_opens=at(3))
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    refused(api_client.post(course_url(course, "enrol")), "enrolment_not_open")


def test_enrol_without_the_prerequisite(api_client, trainee, category):
    basics = make_course("LAW-0", title="Law basics")
    course = make_course("LAW-1", prerequisites=[basics])
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    detail = refused(api_client.post(course_url(course, "enrol")), "prerequisites_missing")
    assert detail == "Complete these courses first: Law basics."


def test_enrol_on_a_course_that_clashes(api_client, trainee, category):
    mine = make_course("LAW-1", title="Administrative law", format="offline",
                       sessions=[(at(10, 9), 3)])
    other = make_course("DIG-1", title="Digital government", format="offline",
                        sessions=[(at(10, 11), 2)])
    for course in (mine, other):
        require(course, category, "elective")
    api_client.force_authenticate(trainee)
    assert api_client.post(course_url(mine, "enrol")).status_code == 200
    detail = refused(api_client.post(course_url(other, "enrol")), "timetable_clash")
    assert "“Digital government”" in detail and "“Administrative law”" in detail
    assert detail.endswith("when you already have “Administrative law”.")


def test_enrol_on_a_course_not_offered(api_client, trainee, instructor):
    course = make_course("DIG-1", title="Digital government")
    api_client.force_authenticate(trainee)
    detail = refused(api_client.post(course_url(course, "enrol")), "not_offered")
    year = timezone.localdate().year
    assert detail == f"“Digital government” is not offered to your trainee category in {year}."
    api_client.force_authenticate(instructor)  # no category at all
    refused(api_client.post(course_url(course, "enrol")), "not_offered")


def test_a_required_course_cannot_be_dropped(api_client, trainee, category):
    course = make_course("ETH-1", title="Integrity in office")
    require(course, category, "required")
    api_client.force_authenticate(trainee)
    assert api_client.post(course_url(course, "enrol")).json()["status"] == "enrolled"
    detail = refused(api_client.post(course_url(course, "withdraw")), "required_course")
    assert detail == ("“Integrity in office” is required for your category and cannot be "
                      "dropped.")
    assert Enrolment.objects.get(course=course).status == "enrolled"


def test_withdraw_without_enrolment(api_client, trainee, category):
    course = make_course("DIG-1")
    require(course, category, "elective")
    api_client.force_authenticate(trainee)
    refused(api_client.post(course_url(course, "withdraw")), "not_enrolled")


def test_withdraw_after_the_deadline(api_client, trainee, category):
    course = make_course("DIG-1", withdrawal_deadline=at(2))
    require(course, category, "elective")
    services.enrolment_request(user=trainee, course=course)
    Enrolment.objects.update(status="enrolled")
    CoursePage.objects.filter(pk=course.pk).update(withdrawal_deadline=at(-1))
    api_client.force_authenticate(trainee)
    refused(api_client.post(course_url(course, "withdraw")), "withdrawal_closed")


def test_enrol_and_withdraw_are_post_only(api_client, trainee, category):
    course = make_course("DIG-1")
    api_client.force_authenticate(trainee)
    response = api_client.get(course_url(course, "enrol"))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


# --- The plan ---------------------------------------------------------------------------------


def test_plan_shows_required_courses_and_hours(api_client, trainee, category):
    category.annual_required_hours = Decimal("20")
    category.min_elective_hours = Decimal("8")
    category.save()
    ethics = make_course("ETH-1", title="Integrity in office", hours="6")
    law = make_course("LAW-1", hours="4", format="offline")
    digital = make_course("DIG-1", hours="2", capacity=1)
    require(ethics, category, "required")
    require(law, category, "elective")
    require(digital, category, "elective")
    services.plan_sync_required(user=trainee)
    services.enrolment_request(user=trainee_in(category, "first"), course=digital)
    api_client.force_authenticate(trainee)
    api_client.post(course_url(law, "enrol"))
    api_client.post(course_url(digital, "enrol"))  # full: wait-listed, not planned
    completed = timezone.now()
    Enrolment.objects.filter(user=trainee, course=ethics).update(
        status="completed", completed_at=completed, credited_hours=Decimal("6"))

    body = api_client.get(PLAN).json()

    assert body["year"] == timezone.localdate().year
    assert body["category"] == {
        "id": category.pk, "name": "Young cadres", "slug": "young-cadres",
        "annual_required_hours": "20.0",
        "min_elective_hours": "8.0"}
    assert {key: body[key] for key in (
        "required_hours_due", "min_elective_hours", "planned_hours", "planned_elective_hours",
        "done_hours", "owed_hours", "unplanned_hours", "elective_hours_to_choose")} == {
        "required_hours_due": "20.0", "min_elective_hours": "8.0", "planned_hours": "10.0",
        "planned_elective_hours": "4.0", "done_hours": "6.0", "owed_hours": "14.0",
        "unplanned_hours": "10.0", "elective_hours_to_choose": "4.0"}
    entries = {entry["course"]["code"]: entry for entry in body["entries"]}
    assert entries["ETH-1"] == {
        "course": {"id": ethics.pk, "code": "ETH-1", "title": "Integrity in office",
                   "credit_hours": "6.0", "format": "online"},
        "status": "completed", "status_label": "Completed", "kind": "required",
        "kind_label": "Required for the category", "rules_overridden": False,
        "completed_at": timezone.localtime(completed).isoformat(), "credited_hours": "6.0"}
    assert (entries["LAW-1"]["kind"], entries["LAW-1"]["status"]) == ("elective", "enrolled")
    assert entries["LAW-1"]["completed_at"] is None
    assert entries["DIG-1"]["status_label"] == "Wait-listed"


def test_plan_gets_a_required_course_when_it_becomes_required(api_client, trainee, category):
    course = make_course("ETH-1", hours="6")
    api_client.force_authenticate(trainee)
    assert api_client.get(PLAN).json()["entries"] == []
    require(course, category, "required")
    services.plan_sync_required(user=trainee)
    body = api_client.get(PLAN).json()
    [entry] = body["entries"]
    assert (entry["course"]["code"], entry["kind"], entry["status"]) == (
        "ETH-1", "required", "enrolled")
    assert body["planned_hours"] == "6.0"
    assert body["planned_elective_hours"] == "0.0"


def test_plan_of_another_year(api_client, trainee, category):
    this_year = current_training_year()
    require(make_course("NEXT-1", hours="6"), category, "required", year=this_year + 1)
    services.plan_sync_required(user=trainee, year=this_year + 1)
    api_client.force_authenticate(trainee)
    assert api_client.get(PLAN).json()["entries"] == []
    body = api_client.get(f"{PLAN}?year={this_year + 1}").json()
    assert body["year"] == this_year + 1
    assert [entry["course"]["code"] for entry in body["entries"]] == ["NEXT-1"]
    for bad in ("soon", str(this_year + 500), "-1"):
        response = api_client.get(f"{PLAN}?year={bad}")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert set(response.json()["errors"]) == {"year"}


def test_plan_of_someone_without_a_category(api_client, curator):
    api_client.force_authenticate(curator)
    body = api_client.get(PLAN).json()
    assert body["category"] is None
    assert body["required_hours_due"] == "0.0"
    assert body["entries"] == []


def test_plan_query_count_is_bounded(api_client, trainee, category):
    api_client.force_authenticate(trainee)
    require(make_course("R-0"), category, "required")
    services.plan_sync_required(user=trainee)
    few, body = count_queries(lambda: api_client.get(PLAN))
    assert len(body["entries"]) == 1
    for n in range(12):
        course = make_course(f"E-{n:02d}")
        require(course, category, "elective")
        services.enrolment_request(user=trainee, course=course)
    many, body = count_queries(lambda: api_client.get(PLAN))
    assert len(body["entries"]) == 13
    assert many == few
    assert few <= 4  # profile, closed year, enrolments, view restrictions


def test_schema_documents_the_courses_api(client):
    # `?format=` is the catalogue's filter across the API: the schema's format follows Accept.
    paths = client.get("/api/v1/schema/",
                       HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"/api/v1/courses/", "/api/v1/courses/{id}/", "/api/v1/courses/{id}/enrol/",
            "/api/v1/courses/{id}/withdraw/", "/api/v1/me/plan/"} <= set(paths)
