"""A quiz placed in a lecture or in a course page's materials must be one of that course: the
page editor refuses another course's quiz with a clear error and saves nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from lms.courses.models import LecturePage
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.factories import make_question, make_quiz

pytestmark = pytest.mark.django_db

REFUSAL = "is a quiz of another course"


@pytest.fixture
def editor(client):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(admin)
    return client


@pytest.fixture
def courses():
    own, other = make_course("QP1", lectures=1), make_course("QP2")
    question = make_question("truefalse")
    return {"own": own, "other": other,
            "own_quiz": make_quiz(own, [question], title="Own quiz"),
            "other_quiz": make_quiz(other, [question], title="Other quiz")}


def lecture_form(quiz, title="Lecture with a quiz", slug="with-a-quiz"):
    return nested_form_data({
        "title": title, "slug": slug, "summary": "", "credit_hours": "0.5",
        "body": streamfield([("quiz", {"quiz": quiz.pk, "heading": "Check"})]),
    })


def test_a_lecture_refuses_another_courses_quiz(editor, courses):
    lecture = LecturePage.objects.child_of(courses["own"]).get()
    url = reverse("wagtailadmin_pages:edit", args=[lecture.pk])
    revisions = lecture.revisions.count()
    refused = editor.post(url, lecture_form(courses["other_quiz"], slug=lecture.slug))
    assert refused.status_code == 200 and REFUSAL in refused.content.decode()
    assert "Other quiz" in refused.content.decode()
    assert lecture.revisions.count() == revisions  # nothing saved, not even a draft
    saved = editor.post(url, lecture_form(courses["own_quiz"], slug=lecture.slug))
    assert saved.status_code == 302
    lecture.refresh_from_db()
    body = lecture.get_latest_revision().as_object().body
    assert [block.value["quiz"].pk for block in body] == [courses["own_quiz"].pk]


def test_a_new_lecture_is_checked_against_the_course_it_is_added_to(editor, courses):
    url = reverse("wagtailadmin_pages:add", args=["lms_courses", "lecturepage",
                                                  courses["own"].pk])
    refused = editor.post(url, lecture_form(courses["other_quiz"]))
    assert refused.status_code == 200 and REFUSAL in refused.content.decode()
    assert not LecturePage.objects.filter(slug="with-a-quiz").exists()
    assert editor.post(url, lecture_form(courses["own_quiz"])).status_code == 302
    assert LecturePage.objects.child_of(courses["own"]).filter(slug="with-a-quiz").exists()


def test_course_materials_take_only_the_courses_own_quizzes(courses):
    from lms.courses.models import CoursePage

    admin = get_user_model().objects.create_superuser("office", "office@example.org", "x")
    form_class = CoursePage.get_edit_handler().get_form_class()

    def materials_errors(quiz):
        data = nested_form_data({"title": "Course QP1", "slug": "qp1", "materials": streamfield(
            [("quiz", {"quiz": quiz.pk, "heading": ""})])})
        form = form_class(data=data, instance=courses["own"], for_user=admin)
        form.is_valid()
        return " ".join(form.errors.get("materials", []))

    assert REFUSAL in materials_errors(courses["other_quiz"])
    assert materials_errors(courses["own_quiz"]) == ""
