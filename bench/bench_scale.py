"""Seconds of the bulk services at provincial scale, on SQLite and on PostgreSQL in one run.

Importing 20,000 trainees with their plans synced (aim < 60 s), bulk-enrolling a unit subtree of
20,000 (aim < 20 s) and a requirements-grid save reaching 20,000 plans (aim < 20 s), each called
in-process and printed as a ratio of a baseline measured on the same database in the same run:
Django's bulk_create of as many bare rows (auth groups).
"""

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):  # run as `python bench/bench_scale.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.harness.database import postgres_database

FULL_SIZE, QUICK_SIZE = 20000, 500
MAX_IMPORT_ROWS = 20000  # LMS_IMPORT_MAX_ROWS: one import holds no more
AIMS = {"import": 60.0, "bulk enrol": 20.0, "grid save": 20.0}  # seconds, at FULL_SIZE
BASELINE_RUNS = 5  # a shared machine swings by 25 % from one run to the next
BATCH = 1000  # the services write in batches of 1,000 rows; the baseline does the same


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int,
                        default=QUICK_SIZE if harness.quick_mode() else FULL_SIZE,
                        help="trainees imported, enrolled and synced (default %(default)s)")
    parser.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both",
                        help="databases to measure on (default %(default)s)")
    parser.add_argument("--require-postgres", action="store_true",
                        help="fail instead of skipping PostgreSQL when it is unreachable")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # set for the child process
    args = parser.parse_args(argv)
    if not 0 < args.trainees <= MAX_IMPORT_ROWS:
        parser.error(f"--trainees must be between 1 and {MAX_IMPORT_ROWS} (one import's limit)")
    return args


def timed(function):
    """(result, seconds, queries) of one call; queries are counted by an execute wrapper because
    Django's debug cursor would add its own cost (on SQLite it re-quotes every parameter)."""
    from django.db import connection

    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return result, seconds, count[0]


def check(condition, message):
    if not condition:
        raise harness.BenchError(message)


def build_world():
    """A category with 3 required and 3 elective courses out of 10 live ones this year, a
    province → 3 cities → 9 counties tree, and the superuser who uploads and enrols."""
    from django.contrib.auth import get_user_model

    from lms.core import services as core
    from lms.core.models import WorkUnit
    from lms.courses import services
    from lms.courses.models import CourseIndexPage, CoursePage, current_training_year

    category = core.category_create(name="科级干部", slug="section-cadres",
                                    annual_required_hours=Decimal("90"),
                                    min_elective_hours=Decimal("10"))
    province = core.work_unit_create(name="江南省", code="bench-prov", kind=WorkUnit.Kind.PROVINCE)
    counties = []
    for c in range(3):
        city = core.work_unit_create(name=f"城市{c}", code=f"bench-city-{c}",
                                     kind=WorkUnit.Kind.CITY, parent=province)
        counties += [core.work_unit_create(name=f"县{c}{k}", code=f"bench-county-{c}-{k}",
                                           kind=WorkUnit.Kind.COUNTY, parent=city)
                     for k in range(3)]
    catalogue = core.home_page_ensure().add_child(
        instance=CourseIndexPage(title="Courses", slug="courses"))
    courses = [catalogue.add_child(instance=CoursePage(
        title=f"Course S{n:02d}", slug=f"s{n:02d}", code=f"S{n:02d}",
        summary=f"About S{n:02d}: a course of the scale bench.", credit_hours=Decimal("4")))
        for n in range(10)]
    year = current_training_year()
    cells = {(course.pk, category.pk): "required" for course in courses[:3]}
    cells.update({(course.pk, category.pk): "elective" for course in courses[3:6]})
    services.requirements_set(year=year, cells=cells, sync_now=True)
    admin = get_user_model().objects.create_superuser(
        username="bench-admin", email="bench-admin@example.org", password="bench-password-4f1c")
    return SimpleNamespace(category=category, province=province, counties=counties, year=year,
                           elective=courses[3], newly_required=courses[6], admin=admin)


def baseline(n):
    """Median seconds of bulk_create of n bare auth groups (instances built included), the
    cheapest way Django writes n rows; the rows are deleted again after each run."""
    from django.contrib.auth.models import Group

    runs = []
    for _run in range(BASELINE_RUNS):
        _result, seconds, _queries = timed(lambda: Group.objects.bulk_create(
            [Group(name=f"bench-baseline-{i:06d}") for i in range(n)], batch_size=BATCH))
        runs.append(seconds)
        Group.objects.filter(name__startswith="bench-baseline-").delete()
    return statistics.median(runs), runs


def import_trainees(world, n):
    """The trainee list upload: the import record, then the run (eager Celery runs it on the
    record's commit, inside create; the second call finds it finished, as a retry would)."""
    from lms.core import services as core
    from lms.core.models import TraineeImport
    from lms.courses.models import Enrolment

    lines = ["username,full name,work unit,category"] + [
        f"t{i:05d},学员{i:05d},{world.counties[i % len(world.counties)].code},"
        f"{world.category.slug}" for i in range(1, n + 1)]
    content = ("\n".join(lines) + "\n").encode()

    def upload():
        record = core.trainee_import_create(uploaded_by=world.admin, file_name="trainees.csv",
                                            content=content)
        return core.trainee_import_run(import_id=record.pk)

    record, seconds, queries = timed(upload)
    record.refresh_from_db()
    check(record.status == TraineeImport.Status.DONE,
          f"the import ended {record.status}: {record.errors[:3]}")
    check(record.created_count == n, f"the import created {record.created_count}, not {n}")
    required = Enrolment.objects.filter(year=world.year, source=Enrolment.Source.REQUIRED).count()
    check(required == 3 * n, f"{required} required enrolments after the import, not {3 * n}")
    return seconds, queries


def bulk_enrol(world, n):
    """The bulk enrolment screen: list the province's active trainees, enrol them on an
    elective (listing included, the screen does both)."""
    from lms.core.selectors import active_trainees
    from lms.courses import services
    from lms.courses.models import Enrolment

    def enrol():
        ids = list(active_trainees(work_unit=world.province).values_list("pk", flat=True))
        return services.staff_enrol(user_ids=ids, course=world.elective, by=world.admin)

    result, seconds, queries = timed(enrol)
    placed = result.enrolled + result.waitlisted
    check(placed == n, f"staff_enrol placed {placed} of {n} ({len(result.refused)} refused)")
    stored = Enrolment.objects.filter(course=world.elective, year=world.year).count()
    check(stored == n, f"{stored} enrolments on the elective, not {n}")
    return seconds, queries


def grid_save(world, n):
    """One more required course in the grid, synced now into every plan of the category."""
    from lms.courses import services
    from lms.courses.models import Enrolment

    cells = {(world.newly_required.pk, world.category.pk): "required"}
    _changed, seconds, queries = timed(
        lambda: services.requirements_set(year=world.year, cells=cells, sync_now=True))
    synced = Enrolment.objects.filter(
        course=world.newly_required, year=world.year, source=Enrolment.Source.REQUIRED,
        status=Enrolment.Status.ENROLLED).count()
    check(synced == n, f"{synced} plans got the newly required course, not {n}")
    return seconds, queries


def measure_backend(args):
    """In the child process: one fresh database, migrated, the baseline then the scenarios."""
    n = args.trainees
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        overrides = {"DATABASE_URL": args.database_url} if args.database_url else {}
        harness.prepare_database(tmpdir, overrides=overrides)
        from django.db import connection

        from config.celery import app

        # The import's task runs on commit in this process: no worker, and it is timed. Eager
        # tasks still build (never open) a broker connection, and kombu warns about its host.
        app.conf.task_always_eager = True
        logging.getLogger("kombu.connection").setLevel(logging.ERROR)
        vendor = connection.vendor
        version = (f"SQLite {connection.Database.sqlite_version}" if vendor == "sqlite" else
                   f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}")
        started = time.perf_counter()
        world = build_world()
        harness.log(f"{vendor}: courses, units and requirements built in "
                    f"{time.perf_counter() - started:.1f} s")
        base, runs = baseline(n)
        print(f"{vendor} ({version}), {n:,} trainees. Baseline: bulk_create of {n:,} auth groups "
              f"{base:.3f} s (median of {', '.join(f'{r:.3f}' for r in runs)})", flush=True)
        for key, title, scenario in (
                ("import", f"import {n:,} trainees, plans synced", import_trainees),
                ("bulk enrol", f"bulk-enrol a unit subtree of {n:,}", bulk_enrol),
                ("grid save", f"requirements-grid save reaching {n:,} plans", grid_save)):
            harness.log(f"{vendor}: {title} ...")
            seconds, queries = scenario(world, n)
            # The aims are for 20,000 trainees: a smaller run would pass them and prove nothing.
            aim = f"aim < {AIMS[key]:g} s"
            aim += (": pass" if seconds < AIMS[key] else ": OVER") if n == FULL_SIZE \
                else " at 20,000"
            print(f"  {vendor:<10} {title:<46} {seconds:7.2f} s  {aim:<20} ratio "
                  f"{seconds / base:6.1f}  ({queries} queries)", flush=True)
        harness.close_db_connections()


def run_child(args, database_url=""):
    """Each backend in its own process: Django's settings are read once, at setup."""
    command = [sys.executable, str(Path(__file__).resolve()), "--trainees", str(args.trainees),
               "--database-url", database_url]
    sys.stdout.flush()
    return subprocess.run(command, cwd=harness.REPO_ROOT, check=False).returncode


def main(argv=None):
    args = parse_args(argv)
    if args.database_url is not None:
        return measure_backend(args)
    mode = " (BENCH_QUICK: smoke run, figures are only indicative)" if harness.quick_mode() else ""
    harness.log(f"bench_scale: {args.trainees:,} trainees, service calls timed in-process, "
                f"ratio = seconds / seconds of the bulk_create baseline{mode}")
    failed = []
    if args.backend in ("both", "sqlite") and run_child(args) != 0:
        failed.append("SQLite")
    if args.backend in ("both", "postgresql"):
        try:
            with postgres_database() as url:
                if run_child(args, url) != 0:
                    failed.append("PostgreSQL")
        except harness.BenchError as error:
            if args.require_postgres:
                raise
            print(f"postgresql skipped: {error}", flush=True)
    if failed:
        raise harness.BenchError(f"the run on {' and '.join(failed)} failed (see above)")


if __name__ == "__main__":
    harness.run(main)
