"""Migrations 0003-0005 (training years) over data written by the 0002 schema.

Pages are made with today's code first (their tables are the same under 0002 and 0005), then
lms_courses goes back to 0002, enrolments and lecture progress are written with 0002's historical
models, and the migration runs forward. Afterwards the database goes forward to the latest
migrations again so later tests see the full schema.

0004's data step has no reverse (RunPython without reverse_code), so going back is made possible
here, for the length of a test, with a no-op reverse; the tables it touches are empty then.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython

from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import make_course

pytestmark = pytest.mark.django_db(transaction=True)

APP = "lms_courses"
BEFORE = [(APP, "0002_enrolment_completed_by")]
DATA = (APP, "0004_progress_to_enrolments")
AFTER = [(APP, "0005_progress_by_enrolment")]


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def migrator(monkeypatch):
    """Takes lms_courses back to 0002; yields (executor, 0002's apps); on the way out, empties
    the enrolment and progress tables and runs every migration again up to the latest."""
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration(*DATA)
    data_step = next(op for op in migration.operations if isinstance(op, RunPython))
    monkeypatch.setattr(data_step, "reverse_code", RunPython.noop)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        yield executor, executor.loader.project_state(BEFORE).apps
    finally:
        # Should the data step have failed, its rows must not stop the schema going forward.
        with connection.cursor() as cursor:
            for table in ("lms_courses_lectureprogress", "lms_courses_enrolment"):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_forward(executor):
    executor.loader.build_graph()
    executor.migrate(AFTER)
    return executor.loader.project_state(AFTER).apps


def lectures_of(course):
    return list(course.get_children().order_by("path").values_list("pk", flat=True))


@pytest.fixture
def pages(transactional_db):
    """Today's code, before going back: users, an undated and a dated course with lectures
    (asked for before `migrator`, so they are written with today's tables)."""
    names = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")
    users = {name: UserFactory(username=name).pk for name in names}
    return (users, make_course("UND", lectures=3),
            make_course("D27", lectures=2, starts_on=date(2027, 3, 1)))


def test_progress_moves_to_enrolments_and_enrolments_to_their_course_year(pages, migrator):
    users, undated, dated = pages
    u1, u2, u3 = lectures_of(undated)
    d1, d2 = lectures_of(dated)

    executor, old_apps = migrator
    OldEnrolment = old_apps.get_model(APP, "Enrolment")
    OldProgress = old_apps.get_model(APP, "LectureProgress")
    assert "user" in {f.name for f in OldProgress._meta.get_fields()}

    def enrol(name, course, year, status="enrolled", hours="0"):
        return OldEnrolment.objects.create(
            user_id=users[name], course_id=course.pk, year=year, status=status, source="required",
            credited_hours=Decimal(hours)).pk

    def done(name, lecture, when):
        return OldProgress.objects.create(user_id=users[name], lecture_id=lecture,
                                          completed_at=when).pk

    # (1)+(2) alice took the undated course in 2025 and again in 2026. 2025-12-31 17:00 UTC is
    # 2026-01-01 01:00 in Shanghai, so it is a 2026 record; 15:30 UTC (23:30 local) is still 2025.
    alice_2025 = enrol("alice", undated, 2025, "completed", "4")
    alice_2026 = enrol("alice", undated, 2026)
    alice_new_year = done("alice", u1, utc(2025, 12, 31, 17))
    alice_old_year = done("alice", u2, utc(2025, 12, 31, 15, 30))
    # No enrolment of the record's own year: the latest before it.
    bob_2024 = enrol("bob", undated, 2024)
    bob_2026 = enrol("bob", undated, 2026)
    bob_between = done("bob", u1, utc(2025, 5, 1))
    # (3) carol has no enrolment on the course: an orphan record, kept on a withdrawn one.
    carol_orphan = done("carol", u3, utc(2026, 5, 1))
    # (4) dave was put on a course starting in 2027 under the 2026 plan, and did a lecture.
    dave_2026 = enrol("dave", dated, 2026, "completed", "4")
    dave_progress = done("dave", d1, utc(2026, 10, 1))
    # (5) erin has the dated course in 2026 and in 2027: the 2026 one cannot move.
    erin_2026 = enrol("erin", dated, 2026)
    erin_2027 = enrol("erin", dated, 2027)
    erin_in_2026 = done("erin", d1, utc(2026, 9, 1))
    erin_in_2027 = done("erin", d2, utc(2027, 1, 10))
    # An orphan record on the dated course: its history enrolment goes to the course's year.
    frank_orphan = done("frank", d2, utc(2026, 8, 1))
    # Two orphan records of different years: a history enrolment each.
    grace_2025 = done("grace", u1, utc(2025, 4, 1))
    grace_2026 = done("grace", u2, utc(2026, 4, 1))
    # heidi withdrew in 2025 and is on the course in 2026: the place she holds moves to 2027.
    heidi_2025 = enrol("heidi", dated, 2025, "withdrawn")
    heidi_2026 = enrol("heidi", dated, 2026)
    # Requirements of the dated course written into the 2026 grid move to 2027; one already
    # there for the same category is kept and the 2026 one dropped.
    OldRequirement = old_apps.get_model(APP, "CourseRequirement")
    young = CategoryFactory(slug="young").pk
    rural = CategoryFactory(slug="rural").pk
    OldRequirement.objects.create(course_id=dated.pk, category_id=young, year=2026,
                                  kind="required")
    OldRequirement.objects.create(course_id=dated.pk, category_id=rural, year=2026,
                                  kind="elective")
    OldRequirement.objects.create(course_id=dated.pk, category_id=rural, year=2027,
                                  kind="required")
    OldRequirement.objects.create(course_id=undated.pk, category_id=young, year=2026,
                                  kind="elective")

    old_enrolments = dict(OldEnrolment.objects.values_list("pk", "user_id"))
    old_progress = {pk: (user, lecture, at) for pk, user, lecture, at in OldProgress.objects
                    .values_list("pk", "user_id", "lecture_id", "completed_at")}
    old_hours = sorted(OldEnrolment.objects.values_list("pk", "credited_hours"))

    new_apps = migrate_forward(executor)
    Enrolment = new_apps.get_model(APP, "Enrolment")
    LectureProgress = new_apps.get_model(APP, "LectureProgress")
    enrolments = {e.pk: e for e in Enrolment.objects.all()}
    progress = {p.pk: p for p in LectureProgress.objects.all()}

    def holder(progress_pk):
        return enrolments[progress[progress_pk].enrolment_id]

    # (1) the year the lecture was done in, in local time.
    assert holder(alice_new_year).pk == alice_2026
    assert holder(alice_old_year).pk == alice_2025
    # (2) two years of one course: each record on its own year's enrolment.
    assert {p.lecture_id for p in progress.values() if p.enrolment_id == alice_2025} == {u2}
    assert {p.lecture_id for p in progress.values() if p.enrolment_id == alice_2026} == {u1}
    assert holder(bob_between).pk == bob_2024
    assert not LectureProgress.objects.filter(enrolment_id=bob_2026).exists()
    # (3) the orphan is kept, on a new withdrawn enrolment of its year that credits nothing.
    history = holder(carol_orphan)
    assert history.pk not in old_enrolments
    assert (history.user_id, history.course_id, history.year) == (users["carol"], undated.pk, 2026)
    assert history.status == "withdrawn"
    assert history.credited_hours == 0
    assert history.completed_at is None
    # (4) the 2026 enrolment of a course starting in 2027 moved to 2027, its progress with it.
    assert holder(dave_progress).pk == dave_2026
    assert (enrolments[dave_2026].year, enrolments[dave_2026].status) == (2027, "completed")
    assert enrolments[dave_2026].credited_hours == Decimal("4")
    # (5) a collision: erin's 2026 enrolment stays in 2026, each record with its own year.
    assert enrolments[erin_2026].year == 2026
    assert enrolments[erin_2027].year == 2027
    assert holder(erin_in_2026).pk == erin_2026
    assert holder(erin_in_2027).pk == erin_2027
    frank_history = holder(frank_orphan)
    assert frank_history.pk not in old_enrolments
    assert (frank_history.year, frank_history.status) == (2027, "withdrawn")
    grace = {holder(grace_2025).year: holder(grace_2025).pk,
             holder(grace_2026).year: holder(grace_2026).pk}
    assert set(grace) == {2025, 2026} and len(set(grace.values())) == 2
    assert (enrolments[heidi_2026].year, enrolments[heidi_2025].year) == (2027, 2025)
    Requirement = new_apps.get_model(APP, "CourseRequirement")
    assert sorted(Requirement.objects.values_list("course_id", "category_id", "year", "kind")) == (
        sorted([(dated.pk, young, 2027, "required"), (dated.pk, rural, 2027, "required"),
                (undated.pk, young, 2026, "elective")]))
    # The undated course's enrolments keep their years.
    assert [enrolments[pk].year for pk in (alice_2025, alice_2026, bob_2024, bob_2026)] == [
        2025, 2026, 2024, 2026]

    # (6) nothing lost: every record, each on an enrolment of its own user and its lecture's
    # course, done at the same time; every enrolment, with the same credited hours; the only
    # new enrolments are the two history ones.
    assert set(progress) == set(old_progress)
    course_of = {u1: undated.pk, u2: undated.pk, u3: undated.pk, d1: dated.pk, d2: dated.pk}
    for pk, (user, lecture, at) in old_progress.items():
        record = progress[pk]
        assert (record.lecture_id, record.completed_at) == (lecture, at)
        assert (holder(pk).user_id, holder(pk).course_id) == (user, course_of[lecture])
    assert set(old_enrolments) <= set(enrolments)
    assert all(enrolments[pk].user_id == user for pk, user in old_enrolments.items())
    assert set(enrolments) - set(old_enrolments) == {history.pk, frank_history.pk,
                                                     *grace.values()}
    assert sorted((pk, e.credited_hours) for pk, e in enrolments.items()
                  if pk in old_enrolments) == old_hours
