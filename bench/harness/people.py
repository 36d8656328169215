"""What the signed-in benches start from: a trainee enrolled on one online course, and an API
token for them. Django must be set up (harness.prepare_database does it)."""

from .client import fetch_json

ME_PATH = "/api/v1/me/"
TOKEN_PATH = "/api/v1/auth/token/"


def enrolled_trainee(username, password, *, full_name="Wang Bench"):
    """A section-level trainee of a county work unit, enrolled (this training year) on the
    online course "Budget law" (BUD-1, 4 hours) in a catalogue under the home page; returns
    (user, course page)."""
    from decimal import Decimal

    from lms.core import services as people
    from lms.core.models import RankLevel, WorkUnit
    from lms.core.services import home_page_ensure
    from lms.courses.models import CourseIndexPage, CoursePage, Enrolment, course_training_year

    unit = people.work_unit_create(name="Baishui County", code="bench-county",
                                   kind=WorkUnit.Kind.COUNTY)
    category = people.category_create(name="Section-level cadres", slug="section-cadres",
                                      annual_required_hours=Decimal("90"),
                                      min_elective_hours=Decimal("30"))
    user = people.trainee_create(
        username=username, full_name=full_name, password=password, work_unit=unit,
        category=category, position="Deputy section chief", rank_level=RankLevel.SECTION)
    catalogue = home_page_ensure().add_child(instance=CourseIndexPage(title="Courses",
                                                                      slug="courses"))
    course = catalogue.add_child(instance=CoursePage(
        title="Budget law", slug="budget-law", summary="The budget law.", code="BUD-1",
        credit_hours=Decimal("4")))
    Enrolment.objects.create(user=user, course=course, year=course_training_year(course),
                             status=Enrolment.Status.ENROLLED, source="elective")
    return user, course


def token_headers(base_url, username, password):
    """The Authorization header of an API token for this user, from the running server."""
    token = fetch_json(base_url, TOKEN_PATH, method="POST",
                       data={"username": username, "password": password})["token"]
    return {"Authorization": f"Token {token}"}
