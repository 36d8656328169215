"""An instructor's classes in the Wagtail admin, in Chinese: the menu, the list, the progress."""

import pytest

from lms.courses.models import LecturePage
from lms.courses.services import enrolment_request, lecture_mark_done
from tests.e2e.conftest import sign_in
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db(transaction=True)


def test_instructor_follows_their_class_in_chinese(live_server, page, screenshot):
    category = CategoryFactory(name="Young cadres", slug="young-cadres")
    teacher = UserFactory(username="laoshi", first_name="Chen Lixin", roles=("instructor",))
    course = require(make_course("GOV-2", title="Digital government", lectures=4), category).course
    course.instructors.add(teacher)
    course.save()
    require(make_course("LAW-9", title="Someone else's course"), category)
    first = LecturePage.objects.child_of(course).order_by("path").first()
    for n in range(3):
        trainee = UserFactory(username=f"xue{n}", first_name=f"Trainee {n}", category=category)
        enrolment_request(user=trainee, course=course)
        if n == 0:
            lecture_mark_done(user=trainee, lecture=first)

    sign_in(page, live_server.url, "laoshi", "pass-laoshi")
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans",
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="我的班级", exact=True).click()
    page.wait_for_url("**/admin/courses/my-classes/**")
    row = page.locator("tr", has_text="GOV-2")
    assert row.locator("td").nth(2).inner_text() == "3"  # on the course
    assert page.locator("tr", has_text="LAW-9").count() == 0
    screenshot(page, "my-classes-zh")
    row.get_by_role("link", name="学习进度").click()
    page.wait_for_url("**/progress/**")
    assert "1 / 4" in page.locator("tr", has_text="Trainee 0").inner_text()
    # Trainee 1 came to the offline sessions: the instructor records the completion.
    page.locator("tr[data-trainee=xue1] input[type=checkbox]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="记为已完成").click()
    assert "已完成" in page.locator("tr[data-trainee=xue1]").inner_text()
    assert "Chen Lixin" in page.locator("tr[data-trainee=xue1]").inner_text()
    screenshot(page, "class-progress-zh")
