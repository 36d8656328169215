"""Requests per second of the catalogue API with 2,000 courses and of a course page with ten
lectures seen by an enrolled trainee, each as a ratio of the no-op health/ endpoint."""

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_courses.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

COURSE_COUNT = 2000
CATALOGUE = "/api/v1/courses/"


def build_term():
    """A category, 2,000 courses (every tenth elective for it), one course with ten lectures and
    class sessions that the measured trainee is enrolled on. Returns (trainee, course, the
    trainee's session key)."""
    from django.test import Client

    from lms.core import services as core
    from lms.courses import services
    from tests.lms.courses.factories import at, bulk_courses, make_course, require

    category = core.category_create(name="Young cadres", slug="young-cadres",
                                    annual_required_hours=Decimal("90"),
                                    min_elective_hours=Decimal("30"))
    unit = core.work_unit_create(name="Linhai City", code="linhai")
    trainee = core.trainee_create(username="bench-trainee", full_name="Wang Bench",
                                  password="bench-password-4f1c", work_unit=unit,
                                  category=category)
    bulk_courses(COURSE_COUNT, prefix="B")
    from lms.courses.models import CoursePage

    for course in CoursePage.objects.order_by("pk")[::10]:
        require(course, category, "elective")
    course = make_course("BENCH-10", title="Ten lectures", lectures=10, capacity=40,
                         topics=["leadership"], sessions=[(at(7), 3), (at(14), 3)])
    require(course, category, "required")
    services.plan_sync_required(user=trainee)
    client = Client()
    client.force_login(trainee)
    return trainee, course, client.cookies["sessionid"].value


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_courses: {harness.describe_setup(args)}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        env = harness.prepare_database(tmpdir)
        from rest_framework.authtoken.models import Token

        trainee, course, session = build_term()
        token = Token.objects.get_or_create(user=trainee)[0].key
        harness.close_db_connections()
        api = {"Authorization": f"Token {token}"}
        browser = {"Cookie": f"sessionid={session}"}
        with harness.wsgi_server(env, workers=args.workers, threads=args.threads) as url:
            listing = harness.fetch_json(url, CATALOGUE, api)
            if listing.get("count") != COURSE_COUNT + 1:
                raise harness.BenchError(f"catalogue counted {listing.get('count')} courses")
            status, _headers, page = harness.fetch(url, course.url, browser)
            if status != 200 or b"Ten lectures" not in page or b"lecture 10" not in page:
                raise harness.BenchError("the course page did not show the course and lectures")
            comparisons = harness.compare(
                url,
                harness.Case("no-op", harness.HEALTH_PATH),
                [harness.Case("courses/ (2,000)", CATALOGUE, api),
                 harness.Case("course page (10 lectures)", course.url, browser)],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup,
            )
    for comparison in comparisons:
        harness.report_comparison(comparison)


if __name__ == "__main__":
    harness.run(main)
