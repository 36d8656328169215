"""Private courses stay private: every way to a course or lecture honours Wagtail's view
restrictions and `live` — catalogue page, API list and detail, search, enrol, lectures, plan."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from lms.courses import services
from lms.courses.models import LecturePage
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import catalogue_page, make_course, require

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/courses/"
PLAN = "/api/v1/me/plan/"


def restrict(page, kind, *, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind,
                                                     password=password)
    restriction.groups.set(groups)
    return restriction


@pytest.fixture
def shelf(category):
    """Public, group-only, signed-in-only, password and unpublished courses, all offered to the
    category as electives, with "Leadership" in every title."""
    leaders = Group.objects.create(name="Leaders class 2026")
    courses = {
        "PUB": make_course("PUB", title="Leadership in public", lectures=2),
        "GRP": make_course("GRP", title="Leadership for the class", lectures=1),
        "LOG": make_course("LOG", title="Leadership for members"),
        "PWD": make_course("PWD", title="Leadership behind a password"),
        "OFF": make_course("OFF", title="Leadership unpublished"),
    }
    restrict(courses["GRP"], PageViewRestriction.GROUPS, groups=[leaders])
    restrict(courses["LOG"], PageViewRestriction.LOGIN)
    password = restrict(courses["PWD"], PageViewRestriction.PASSWORD, password="s3cret")
    courses["OFF"].unpublish()
    secret_lecture = LecturePage.objects.child_of(courses["PUB"]).order_by("path").last()
    restrict(secret_lecture, PageViewRestriction.GROUPS, groups=[leaders])
    for course in courses.values():
        require(course, category, "elective")
    return {"courses": courses, "leaders": leaders, "password": password,
            "secret_lecture": secret_lecture}


@pytest.fixture
def people(trainee, category, instructor, curator, shelf):
    member = UserFactory(username="member", category=category, roles=("trainee",))
    member.groups.add(shelf["leaders"])
    admin = UserFactory(username="root")
    admin.is_superuser = True
    admin.save()
    return {"outsider": trainee, "member": member, "instructor": instructor,
            "curator": curator, "superuser": admin}


# Who sees which course in the API list, the detail and a search.
VISIBLE = {
    "outsider": {"PUB", "LOG"},
    "member": {"PUB", "LOG", "GRP"},
    "instructor": {"PUB", "LOG"},
    "curator": {"PUB", "LOG"},
    "superuser": {"PUB", "LOG", "GRP"},  # Wagtail lets superusers past group restrictions
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_api_list_detail_and_search_honour_restrictions(api_client, people, shelf, who):
    api_client.force_authenticate(people[who])
    listed = {c["code"] for c in api_client.get(COURSES).json()["results"]}
    assert listed == VISIBLE[who]
    found = {c["code"] for c in api_client.get(COURSES, {"q": "Leadership"}).json()["results"]}
    assert found == VISIBLE[who]
    for code, course in shelf["courses"].items():
        response = api_client.get(f"{COURSES}{course.pk}/")
        assert response.status_code == (200 if code in VISIBLE[who] else 404), code
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_catalogue_page_honours_restrictions(client, people, who):
    client.force_login(people[who])
    html = client.get(catalogue_page().url).content.decode()
    shown = {code for code in ("PUB", "GRP", "LOG", "PWD", "OFF") if f'data-course="{code}"' in html}
    assert shown == VISIBLE[who]


def test_anonymous_sees_public_courses_only(client, shelf):
    html = client.get(catalogue_page().url).content.decode()
    shown = {code for code in ("PUB", "GRP", "LOG", "PWD", "OFF") if f'data-course="{code}"' in html}
    assert shown == {"PUB"}
    assert client.get(shelf["courses"]["PUB"].url).status_code == 200
    # Wagtail itself sends anonymous visitors of a restricted page to sign in.
    assert client.get(shelf["courses"]["GRP"].url).status_code == 302


def test_a_password_given_on_the_site_opens_the_course_in_the_api(client, people, shelf):
    client.force_login(people["outsider"])
    course, restriction = shelf["courses"]["PWD"], shelf["password"]
    assert client.get(f"{COURSES}{course.pk}/").status_code == 404
    url = f"/_util/authenticate_with_password/{restriction.pk}/{course.pk}/"
    client.post(url, {"password": "s3cret", "return_url": course.url})
    assert client.get(f"{COURSES}{course.pk}/").status_code == 200
    codes = {c["code"] for c in client.get(COURSES).json()["results"]}
    assert codes == {"PUB", "LOG", "PWD"}


def test_enrol_and_withdraw_refuse_what_the_trainee_may_not_see(api_client, client, people,
                                                                  shelf):
    outsider = people["outsider"]
    api_client.force_authenticate(outsider)
    client.force_login(outsider)
    for code in ("GRP", "PWD", "OFF"):
        course = shelf["courses"][code]
        assert api_client.post(f"{COURSES}{course.pk}/enrol/").status_code == 404
        assert api_client.post(f"{COURSES}{course.pk}/withdraw/").status_code == 404
        assert client.post(f"/course-actions/{course.pk}/enrol/").status_code == 404
    assert not outsider.enrolments.exists()
    api_client.force_authenticate(people["member"])
    assert api_client.post(f"{COURSES}{shelf['courses']['GRP'].pk}/enrol/").status_code == 200


def test_restricted_lectures_are_left_out_and_cannot_be_marked(api_client, client, people,
                                                               shelf):
    public = shelf["courses"]["PUB"]
    secret = shelf["secret_lecture"]
    for who in ("outsider", "member"):
        services.enrolment_request(user=people[who], course=public)
    api_client.force_authenticate(people["outsider"])
    lectures = api_client.get(f"{COURSES}{public.pk}/").json()["lectures"]
    assert secret.pk not in {lecture["id"] for lecture in lectures} and len(lectures) == 1
    client.force_login(people["outsider"])
    assert client.post(f"/course-actions/lectures/{secret.pk}/done/").status_code == 404
    assert secret.title not in client.get(public.url).content.decode()
    api_client.force_authenticate(people["member"])
    lectures = api_client.get(f"{COURSES}{public.pk}/").json()["lectures"]
    assert secret.pk in {lecture["id"] for lecture in lectures}


def test_plan_lists_only_courses_the_trainee_may_see(api_client, people, shelf):
    courses = shelf["courses"]
    for who in ("outsider", "member"):
        services.staff_enrol(user_ids=[people[who].pk], course=courses["GRP"], by=None,
                             override_rules=True)
        services.staff_enrol(user_ids=[people[who].pk], course=courses["PUB"], by=None,
                             override_rules=True)
    courses["PUB"].unpublish()
    api_client.force_authenticate(people["outsider"])
    assert [e["course"]["code"] for e in api_client.get(PLAN).json()["entries"]] == []
    api_client.force_authenticate(people["member"])
    assert [e["course"]["code"] for e in api_client.get(PLAN).json()["entries"]] == ["GRP"]
