"""Admin lists of lms.courses and lms.core: forged filter values are a form error or an empty
list, never a 500; the enrolment list's search finds course titles."""

import pytest

from lms.courses.services import staff_enrol
from tests.lms.courses.factories import make_course

pytestmark = pytest.mark.django_db

# The generic lists (Wagtail ModelViewSets) with filters, of lms/courses and lms/core.
LISTS = ["/admin/enrolments/", "/admin/trainees/", "/admin/work_units/"]

FORGED = [
    "1" * 30,  # beyond 64 bits: SQLite raised OverflowError on the course filter
    "-" + "9" * 30,
    "99999999999999999999",
    "-1",
    "abc",
    "1e100",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits: int() reads 12
    "１２",  # full-width digits
    "\u0000",
]


def _filter_names(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["filters"].form.fields)


@pytest.mark.parametrize("url", LISTS)
def test_forged_filter_values_never_fail(client, curator, url):
    client.force_login(curator)
    names = _filter_names(client, url)
    assert names  # the list has filters to try
    for name in names:
        for value in FORGED:
            response = client.get(url, {name: value})
            assert response.status_code == 200, (url, name, value)


def test_forged_course_id_is_a_form_error(client, curator, trainee):
    course = make_course("F-1")
    staff_enrol(user_ids=[trainee.pk], course=course, by=curator, override_rules=True)
    client.force_login(curator)
    response = client.get("/admin/enrolments/", {"course": "1" * 30})
    assert response.status_code == 200
    assert list(response.context["filters"].form.fields) == ["year", "status", "source", "course"]
    assert "course" in response.context["filters"].errors
    chosen = client.get("/admin/enrolments/", {"course": course.pk})
    assert [e.course_id for e in chosen.context["object_list"]] == [course.pk]


def test_enrolment_search_finds_course_titles(client, curator, trainee):
    rule_of_law = make_course("F-2", title="法治政府建设")
    other = make_course("F-3", title="Data literacy")
    staff_enrol(user_ids=[trainee.pk], course=rule_of_law, by=curator,
                override_rules=True)
    staff_enrol(user_ids=[trainee.pk], course=other, by=curator, override_rules=True)
    client.force_login(curator)
    for query in ["法治", "政府建设", "法治政府建设"]:
        response = client.get("/admin/enrolments/", {"q": query})
        assert response.status_code == 200
        assert [e.course_id for e in response.context["object_list"]] == [rule_of_law.pk], query
    response = client.get("/admin/enrolments/", {"q": "literacy"})
    assert [e.course_id for e in response.context["object_list"]] == [other.pk]
