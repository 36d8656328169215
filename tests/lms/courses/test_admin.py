"""Training-office screens: the requirements grid, bulk enrolment, approvals, progress, export."""

import pytest
from django.urls import reverse

from lms.courses.models import CourseRequirement, Enrolment, LecturePage
from lms.courses.services import enrolment_request, lecture_mark_done
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db


def test_grid_saves_the_matrix_and_plans_follow(client, curator, trainee, category,
                                                django_capture_on_commit_callbacks):
    course = make_course("G-1")
    other = make_course("G-2")
    client.force_login(curator)
    page = client.get(reverse("lms_courses_requirements"))
    assert page.status_code == 200
    assert f'name="cell-{course.pk}-{category.pk}"' in page.content.decode()
    year = page.context["year"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lms_courses_requirements"), {
            "year": year, f"cell-{course.pk}-{category.pk}": "required",
            f"cell-{other.pk}-{category.pk}": "elective",
        })
    assert response.status_code == 302
    assert set(CourseRequirement.objects.values_list("course__code", "kind")) == {
        ("G-1", "required"), ("G-2", "elective")}
    assert Enrolment.objects.get(user=trainee, course=course).status == "enrolled"


def test_grid_ignores_forged_cells(client, curator, category):
    course = make_course("G-3")
    client.force_login(curator)
    response = client.post(reverse("lms_courses_requirements"), {
        f"cell-{course.pk}-{category.pk}": "mandatory", "cell-x-y": "required",
        f"cell-999999-{category.pk}": "required"})
    assert response.status_code == 302
    assert not CourseRequirement.objects.exists()


def test_bulk_enrol_a_unit_subtree(client, curator, unit_tree, category):
    course = require(make_course("U-1", capacity=2), category).course
    for n, unit in enumerate(["city", "county", "other_city"]):
        UserFactory(username=f"bulk{n}", work_unit=unit_tree[unit], category=category)
    client.force_login(curator)
    response = client.post(reverse("lms_courses_bulk_enrol"),
                           {"course": course.pk, "work_unit": unit_tree["city"].pk}, follow=True)
    assert "2 enrolled, 0 wait-listed" in response.content.decode()
    assert set(Enrolment.objects.values_list("user__username", flat=True)) == {"bulk0", "bulk1"}
    # Staff of the province have profiles too, but are nobody's enrolment.
    client.post(reverse("lms_courses_bulk_enrol"),
                {"course": course.pk, "work_unit": unit_tree["province"].pk})
    assert not Enrolment.objects.filter(user=curator).exists()
    empty = client.post(reverse("lms_courses_bulk_enrol"), {"course": course.pk})
    assert "Choose a work unit, a category, or both." in empty.content.decode()


def test_approvals(client, curator, trainee, category):
    course = require(make_course("AP-1", requires_approval=True), category).course
    enrolment = enrolment_request(user=trainee, course=course)
    client.force_login(curator)
    assert "AP-1" in client.get(reverse("lms_courses_approvals")).content.decode()
    client.post(reverse("lms_courses_approvals"), {"enrolment": enrolment.pk,
                                                  "decision": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_progress_and_export(client, curator, trainee, category, django_assert_max_num_queries):
    course = require(make_course("PR-1", lectures=3), category).course
    enrolment_request(user=trainee, course=course)
    lecture_mark_done(user=trainee, lecture=LecturePage.objects.child_of(course).first())
    client.force_login(curator)
    html = client.get(reverse("lms_courses_progress", args=[course.pk])).content.decode()
    assert "1 / 3" in html
    for n in range(10):
        enrolment_request(user=UserFactory(username=f"p{n}", category=category), course=course)
    with django_assert_max_num_queries(40):
        client.get(reverse("lms_courses_progress", args=[course.pk]))
    export = client.get(reverse("enrolments:index") + "?export=csv")
    assert export.status_code == 200
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "PR-1" in csv_text and "Completion recorded by" in csv_text
    xlsx = client.get(reverse("enrolments:index") + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_instructors_see_their_own_classes_only(client, instructor, trainee, category,
                                               django_assert_max_num_queries):
    mine = require(make_course("MY-1", lectures=2), category).course
    mine.instructors.add(instructor)
    mine.save()  # a page's many-to-many relations are written when it is saved
    other = require(make_course("OT-1", lectures=2), category).course
    enrolment_request(user=trainee, course=mine)
    enrolment_request(user=UserFactory(username="late", category=category), course=other)
    lecture_mark_done(user=trainee, lecture=LecturePage.objects.child_of(mine).first())
    client.force_login(instructor)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("lms_courses_my_classes") in dashboard  # the menu shows "My classes"
    assert reverse("lms_courses_enrolment_import") not in dashboard  # but not staff screens
    with django_assert_max_num_queries(12):
        classes = client.get(reverse("lms_courses_my_classes"))
    html = classes.content.decode()
    assert "MY-1" in html and "OT-1" not in html
    assert reverse("lms_courses_progress", args=[mine.pk]) in html

    progress = client.get(reverse("lms_courses_progress", args=[mine.pk]))
    assert progress.status_code == 200 and "1 / 2" in progress.content.decode()
    # Another instructor's class, and the staff's enrolment lists, stay closed.
    assert client.get(reverse("lms_courses_progress", args=[other.pk])).status_code in (302, 403)
    assert client.get(reverse("enrolments:index")).status_code in (302, 403)


def test_instructor_records_attendance_on_the_progress_screen(client, instructor, curator,
                                                             trainee, category):
    course = require(make_course("OFF-2", hours="3", format="offline"), category).course
    course.instructors.add(instructor)
    course.save()
    other = require(make_course("OFF-3", format="offline"), category).course
    enrolment_request(user=trainee, course=course)
    enrolment_request(user=trainee, course=other)
    absent = UserFactory(username="absent", category=category)
    enrolment_request(user=absent, course=course)
    url = reverse("lms_courses_progress", args=[course.pk])

    client.force_login(instructor)
    assert 'name="trainee"' in client.get(url).content.decode()
    assert "Tick the trainees" in client.post(url, {"action": "record"},
                                              follow=True).content.decode()
    for action in ({}, {"action": "bogus"}):  # no or an unknown action writes nothing
        unknown = client.post(url, {"trainee": [str(trainee.pk)], **action}, follow=True)
        assert "Choose whether to record" in unknown.content.decode()
    assert Enrolment.objects.get(user=trainee, course=course).status == "enrolled"
    response = client.post(url, {"trainee": [str(trainee.pk), "x", "²", "9" * 30, "99999"],
                                 "action": "record"}, follow=True)
    assert "Recorded as completed: 1; already completed: 0." in response.content.decode()
    done = Enrolment.objects.get(user=trainee, course=course)
    assert (done.status, done.completed_by) == ("completed", instructor)
    assert Enrolment.objects.get(user=absent).status == "enrolled"
    assert "recorded by Chen Lixin" in response.content.decode()
    taken_back = client.post(url, {"trainee": [str(trainee.pk)], "action": "revert"},
                             follow=True)
    assert "Recorded completions taken back: 1." in taken_back.content.decode()
    assert Enrolment.objects.get(user=trainee, course=course).status == "enrolled"
    client.post(url, {"trainee": [str(trainee.pk)], "action": "record"})
    # Not their course: refused, and nothing changes.
    refused = client.post(reverse("lms_courses_progress", args=[other.pk]),
                          {"trainee": [str(trainee.pk)], "action": "record"})
    assert refused.status_code in (302, 403)
    assert Enrolment.objects.get(user=trainee, course=other).status == "enrolled"

    client.force_login(curator)  # the training office records any course
    client.post(reverse("lms_courses_progress", args=[other.pk]),
                {"trainee": [str(trainee.pk)], "action": "record"})
    assert Enrolment.objects.get(user=trainee, course=other).status == "completed"
    export = client.get(reverse("enrolments:index") + "?export=csv&course=" + str(course.pk))
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].endswith("Completion recorded by")
    assert any(row.startswith("trainee,") and row.endswith(",instructor") for row in rows)


def test_my_classes_is_closed_to_staff_who_teach_nothing(client, curator, instructor):
    client.force_login(instructor)
    assert client.get(reverse("lms_courses_my_classes")).status_code in (302, 403)
    assert reverse("lms_courses_my_classes") not in (
        client.get(reverse("wagtailadmin_home")).content.decode())
    client.force_login(curator)
    assert client.get(reverse("lms_courses_my_classes")).status_code in (302, 403)


def test_enrolments_are_read_only_in_the_admin(client, curator, trainee, category):
    course = require(make_course("RO-1"), category).course
    enrolment = enrolment_request(user=trainee, course=course)
    client.force_login(curator)
    assert client.get(reverse("enrolments:index")).status_code == 200
    assert client.get(reverse("enrolments:edit", args=[enrolment.pk])).status_code in (302, 403)


@pytest.mark.parametrize("url_name", ["lms_courses_requirements", "lms_courses_bulk_enrol",
                                      "lms_courses_approvals"])
def test_trainees_and_instructors_are_refused(client, trainee, instructor, url_name):
    for user in (trainee, instructor):
        client.force_login(user)
        assert client.get(reverse(url_name)).status_code in (302, 403)


def _upload(text, name="enrol.csv"):
    import io

    handle = io.BytesIO(text.encode())
    handle.name = name
    return handle


def test_enrolment_import_all_or_nothing(client, curator, category):
    require(make_course("IM-1", capacity=1), category)
    UserFactory(username="a1", category=category)
    UserFactory(username="a2", category=category)
    client.force_login(curator)
    bad = client.post(reverse("lms_courses_enrolment_import"), {"file": _upload(
        "username,course code\na1,IM-1\nghost,IM-1\na2,NOPE\na1,im-1\ncurator,IM-1\n")})
    html = bad.content.decode()
    assert "No active trainee has the username “ghost”." in html
    assert "No active trainee has the username “curator”." in html  # staff are not enrolled
    assert "No published course has the code “NOPE”." in html
    assert "Same trainee and course as row 2." in html
    assert not Enrolment.objects.exists()
    good = client.post(reverse("lms_courses_enrolment_import"), {"file": _upload(
        "用户名,课程代码\nA1,im-1\na2,IM-1\n")}, follow=True)  # case does not matter
    assert "1 enrolled, 1 wait-listed" in good.content.decode()
    assert Enrolment.objects.count() == 2


def test_training_menu_is_for_the_training_office(client, curator, instructor):
    client.force_login(curator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for url_name in ("lms_courses_requirements", "enrolments:index", "lms_courses_approvals",
                     "lms_courses_bulk_enrol", "lms_courses_enrolment_import"):
        assert reverse(url_name) in html
    client.force_login(instructor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("lms_courses_requirements") not in html


def test_enrolment_import_refuses_other_files_and_oversize(client, curator, settings):
    make_course("IM-2")
    UserFactory(username="b1")
    client.force_login(curator)
    wrong = client.post(reverse("lms_courses_enrolment_import"),
                        {"file": _upload("username,course code\nb1,IM-2\n", name="list.pdf")})
    assert "Upload a .csv or .xlsx file." in wrong.content.decode()
    settings.LMS_IMPORT_MAX_BYTES = 10
    large = client.post(reverse("lms_courses_enrolment_import"),
                        {"file": _upload("username,course code\nb1,IM-2\n")})
    assert "The file is larger than" in large.content.decode()
    assert not Enrolment.objects.exists()


def test_bad_admin_input_changes_nothing_and_never_500s(client, curator, trainee, category):
    course = require(make_course("BAD-1", requires_approval=True), category).course
    enrolment = enrolment_request(user=trainee, course=course)
    client.force_login(curator)
    for data in ({"enrolment": "abc", "decision": "approve"},
                 {"enrolment": "²", "decision": "approve"},  # isdigit() but not int()
                 {"enrolment": "9" * 30, "decision": "approve"},
                 {"enrolment": "999999", "decision": "approve"},
                 {"enrolment": enrolment.pk},  # no decision: must not count as a refusal
                 {"enrolment": enrolment.pk, "decision": "maybe"}):
        assert client.post(reverse("lms_courses_approvals"), data).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "pending"
    for year in ("-5", "99999", "abc", "²", "9" * 30):
        for url_name, args in (("lms_courses_requirements", []),
                               ("lms_courses_progress", [course.pk])):
            assert client.get(reverse(url_name, args=args), {"year": year}).status_code == 200
        # A save names a year nobody could have chosen: refused, not written into this year.
        response = client.post(reverse("lms_courses_requirements"),
                               {"year": year, f"cell-{course.pk}-{category.pk}": "required"},
                               follow=True)
        assert "Choose a training year within 50 years" in response.content.decode()
    assert list(CourseRequirement.objects.values_list("year", "kind")) == [
        (enrolment.year, "elective")]
    huge = "9" * 30
    response = client.post(reverse("lms_courses_requirements"),
                           {f"cell-{huge}-{category.pk}": "required", f"cell-{course.pk}-²": "x"})
    assert response.status_code == 302
    assert client.get(f"/admin/courses/{huge}/progress/").status_code == 404
    bulk = client.post(reverse("lms_courses_bulk_enrol"), {"course": huge,
                                                           "category": category.pk})
    assert bulk.status_code == 200 and "Select a valid choice" in bulk.content.decode()
    assert Enrolment.objects.count() == 1
