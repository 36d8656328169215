"""Requests per second of the catalogue API with 2,000 courses and of a course page with ten
lectures seen by an enrolled trainee, each as a ratio of me/ (the yardstick of signed-in
endpoints), and of me/, the course page and a bare Wagtail page (the floor: routing, view
restrictions, session and sign-in, with Wagtail's own one-line template) against the no-op
health/ endpoint, all in the same run."""

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_courses.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

COURSE_COUNT = 2000
AIM = 0.06
CATALOGUE = "/api/v1/courses/"
ME = "/api/v1/me/"


def _course(parent, code, **fields):
    from lms.courses.models import CoursePage

    course = CoursePage(title=fields.pop("title", f"Course {code}"), slug=code.lower(), code=code,
                        summary=f"About {code}: a course of the bench term.", **fields)
    return parent.add_child(instance=course)


def build_term():
    """A category, 2,000 courses (every tenth elective for it), one course with ten lectures and
    class sessions that the measured trainee is enrolled on, built the way the site builds them
    (services and Wagtail's page API). Returns (trainee, course, the trainee's session key)."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from lms.core import services as core
    from lms.courses import demo, services
    from lms.courses.models import ClassSession, CourseIndexPage, LecturePage

    category = core.category_create(name="Young cadres", slug="young-cadres",
                                    annual_required_hours=Decimal("90"),
                                    min_elective_hours=Decimal("30"))
    unit = core.work_unit_create(name="Linhai City", code="linhai")
    trainee = core.trainee_create(username="bench-trainee", full_name="Wang Bench",
                                  password="bench-password-4f1c", work_unit=unit,
                                  category=category)
    catalogue = core.home_page_ensure().add_child(
        instance=CourseIndexPage(title="Courses", slug="courses"))
    cells = {}
    for n in range(COURSE_COUNT):
        course = _course(catalogue, f"B{n:05d}", credit_hours=Decimal("2"))
        if n % 10 == 0:
            cells[(course.pk, category.pk)] = "elective"
        if n % 500 == 0:
            harness.log(f"  {n} courses built")
    course = _course(catalogue, "BENCH-10", title="Ten lectures", capacity=40,
                     credit_hours=Decimal("10"), cover_image=demo._cover("BENCH-10", "Ten lectures",
                                                                          "leadership"))
    course.topics.add("leadership")
    for n, position in enumerate(("Professor of public administration", "Deputy dean")):
        teacher = core.trainee_create(username=f"bench-teacher-{n}", full_name=f"Teacher {n}",
                                      password="bench-password-4f1c", work_unit=unit,
                                      position=position, roles=("instructor",))
        course.instructors.add(teacher)
    course.save()
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for days in (7, 14):
        ClassSession.objects.create(course=course, starts_at=start + timedelta(days=days),
                                    ends_at=start + timedelta(days=days, hours=3))
    for n in range(1, 11):
        course.add_child(instance=LecturePage(title=f"Ten lectures, lecture {n}",
                                              slug=f"lecture-{n}", credit_hours=Decimal("1")))
    cells[(course.pk, category.pk)] = "required"
    services.requirements_set(year=_this_year(), cells=cells, sync_now=True)
    client = Client()
    client.force_login(trainee)
    return trainee, course, client.cookies["sessionid"].value


def build_floor():
    """A bare Wagtail page at the course page's depth (home › floor › page): what serving any
    page costs before the page does anything of its own. Returns its URL."""
    from wagtail.models import Page

    from lms.core import services as core

    above = core.home_page_ensure().add_child(instance=Page(title="Floor", slug="floor"))
    return above.add_child(instance=Page(title="Floor page", slug="page")).url


def _this_year():
    from lms.courses.models import current_training_year

    return current_training_year()


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_courses: {harness.describe_setup(args)}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        env = harness.prepare_database(tmpdir)
        from rest_framework.authtoken.models import Token

        trainee, course, session = build_term()
        floor = build_floor()
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
                harness.Case("me/", ME, api),
                [harness.Case("courses/ (2,000)", CATALOGUE, api),
                 harness.Case("course page (10 lectures)", course.url, browser)],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup,
            )
            comparisons += harness.compare(
                url,
                harness.Case("no-op", harness.HEALTH_PATH),
                [harness.Case("me/", ME, api),
                 # The yardstick for the course page: its ratio to the no-op itself.
                 harness.Case("course page (10 lectures)", course.url, browser),
                 harness.Case("bare Wagtail page (floor)", floor, browser)],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup,
            )
    for comparison in comparisons:
        harness.report_comparison(comparison)
    page = next(c for c in comparisons if c.baseline_name == "no-op"
                and c.name.startswith("course page"))
    print(f"aim ≥ {AIM} (the course page against the no-op): "
          f"{'pass' if page.ratio >= AIM else 'UNDER'}")


if __name__ == "__main__":
    harness.run(main)
