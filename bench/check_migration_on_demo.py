"""By-hand check of migrations lms_courses 0003-0005 (training years) on a database the old code built.

This is not part of the test suite (tests/lms/courses/test_migration_training_years.py is); it is a check
to run by hand before a release, on a SQLite database made by the code of migration 0002 (the
demo data, say, with some lecture progress):

    .venv/bin/python bench/check_migration_on_demo.py /tmp/olddemo.sqlite3 [--copy PATH] [--load-demo]

The database given is never touched: it is copied (SQLite's backup, so a WAL file is included) to
--copy (default /tmp/demo-copy.sqlite3), and `manage.py migrate` of this checkout runs on the
copy. The figures before and after are printed. The exit status is non-zero when anything is
lost: a lecture-progress row, an enrolment (or its user, course or credited hours), credited
hours in total, or when a progress row ends up on an enrolment of another user or of a course
other than its lecture's. New enrolments may appear only as withdrawn ones crediting nothing
(the history of progress records that had no enrolment). --load-demo then runs this checkout's
`manage.py load_demo_data` on the migrated copy and fails unless it exits 0 and loses nothing.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPLEN = 4  # Wagtail's page paths: four characters per level

# A lecture's course: the page whose path is the lecture's without its last step.
LECTURE_COURSE = f"""
    JOIN wagtailcore_page lp ON lp.id = p.lecture_id
    LEFT JOIN wagtailcore_page cp ON cp.path = substr(lp.path, 1, length(lp.path) - {STEPLEN})
"""


def _hours(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def _columns(db, table):
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def snapshot(path):
    """The figures of one database, old schema (progress by user) or new (by enrolment)."""
    db = sqlite3.connect(path)
    try:
        enrolments = {pk: (user, course, year, status, _hours(hours)) for pk, user, course, year,
                      status, hours in db.execute(
                          "SELECT id, user_id, course_id, year, status, credited_hours "
                          "FROM lms_courses_enrolment")}
        if "enrolment_id" in _columns(db, "lms_courses_lectureprogress"):
            rows = db.execute(
                "SELECT p.id, e.user_id, p.lecture_id, p.completed_at, cp.id, e.course_id, e.id "
                f"FROM lms_courses_lectureprogress p "
                f"JOIN lms_courses_enrolment e ON e.id = p.enrolment_id {LECTURE_COURSE}")
            schema = "0005 (progress by enrolment)"
        else:
            rows = db.execute(
                "SELECT p.id, p.user_id, p.lecture_id, p.completed_at, cp.id, NULL, NULL "
                f"FROM lms_courses_lectureprogress p {LECTURE_COURSE}")
            schema = "0002 (progress by user)"
        progress = {pk: {"user": user, "lecture": lecture, "at": at, "lecture_course": course,
                         "enrolment_course": enrolment_course, "enrolment": enrolment}
                    for pk, user, lecture, at, course, enrolment_course, enrolment in rows}
        total_progress = db.execute("SELECT count(*) FROM lms_courses_lectureprogress").fetchone()[0]
        fk_problems = db.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        db.close()
    return {"schema": schema, "enrolments": enrolments, "progress": progress,
            "progress_rows": total_progress, "fk_problems": fk_problems}


def report(title, snap):
    enrolments = snap["enrolments"]
    print(f"== {title}: schema {snap['schema']}")
    by_year_status = Counter((year, status) for _u, _c, year, status, _h in enrolments.values())
    hours = Counter()
    for _u, _c, year, status, credited in enrolments.values():
        hours[(year, status)] += credited
    for key in sorted(by_year_status):
        print(f"   enrolments {key[0]} {key[1]:<10} {by_year_status[key]:>5}   "
              f"credited hours {hours[key]}")
    print(f"   enrolments in all        {len(enrolments):>5}")
    print(f"   lecture progress rows    {snap['progress_rows']:>5}")
    print(f"   credited hours in all    {sum(hours.values(), Decimal('0'))}")
    if snap["fk_problems"]:
        print(f"   foreign-key problems     {len(snap['fk_problems'])}")


def compare(before, after):
    """The problems found (each a line of text), and prints what moved."""
    problems = []
    old_e, new_e = before["enrolments"], after["enrolments"]
    old_p, new_p = before["progress"], after["progress"]
    if after["progress_rows"] != before["progress_rows"]:
        problems.append(f"lecture progress rows: {before['progress_rows']} before, "
                        f"{after['progress_rows']} after")
    if len(new_p) != after["progress_rows"]:
        problems.append(f"{after['progress_rows'] - len(new_p)} progress rows point at no enrolment")
    for pk, old in old_p.items():
        new = new_p.get(pk)
        if new is None:
            problems.append(f"progress {pk} lost")
            continue
        if (new["user"], new["lecture"], new["at"]) != (old["user"], old["lecture"], old["at"]):
            problems.append(f"progress {pk}: user/lecture/time {old['user'], old['lecture'], old['at']}"
                            f" became {new['user'], new['lecture'], new['at']}")
        if new["enrolment_course"] != new["lecture_course"]:
            problems.append(f"progress {pk} is on enrolment {new['enrolment']} of course "
                            f"{new['enrolment_course']}, its lecture is of course "
                            f"{new['lecture_course']}")
    moved = []
    for pk, (user, course, year, status, credited) in old_e.items():
        if pk not in new_e:
            problems.append(f"enrolment {pk} lost")
            continue
        n_user, n_course, n_year, n_status, n_credited = new_e[pk]
        if (n_user, n_course, n_status, n_credited) != (user, course, status, credited):
            problems.append(f"enrolment {pk}: {(user, course, status, credited)} became "
                            f"{(n_user, n_course, n_status, n_credited)}")
        if n_year != year:
            moved.append(f"enrolment {pk} (user {user}, course {course}, {status}): "
                         f"{year} -> {n_year}")
    added = sorted(set(new_e) - set(old_e))
    for pk in added:
        user, course, year, status, credited = new_e[pk]
        line = f"enrolment {pk} (user {user}, course {course}) {year} {status}, {credited} h"
        print(f"   new history {line}")
        if status != "withdrawn" or credited:
            problems.append(f"new {line}: only withdrawn enrolments crediting nothing may appear")
    for line in moved:
        print(f"   moved {line}")
    old_hours = sum((e[4] for e in old_e.values()), Decimal("0"))
    new_hours = sum((e[4] for e in new_e.values()), Decimal("0"))
    if new_hours != old_hours:
        problems.append(f"credited hours: {old_hours} before, {new_hours} after")
    if after["fk_problems"]:
        problems.append(f"foreign-key check: {after['fk_problems'][:5]}")
    print(f"   progress rows {before['progress_rows']} -> {after['progress_rows']}, enrolments "
          f"{len(old_e)} -> {len(new_e)} ({len(added)} history, {len(moved)} moved to their "
          f"course's year), credited hours {old_hours} -> {new_hours}")
    return problems


def manage(copy, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(copy).resolve()}"}
    print(f"-- manage.py {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env).returncode


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="a SQLite database built by the old code (0002)")
    parser.add_argument("--copy", default="/tmp/demo-copy.sqlite3",
                        help="where the migrated copy goes (default %(default)s)")
    parser.add_argument("--load-demo", action="store_true",
                        help="then run load_demo_data on the migrated copy")
    args = parser.parse_args(argv)
    source, copy = Path(args.database), Path(args.copy)
    if not source.is_file():
        parser.error(f"{source} is not a file")
    if source.resolve() == copy.resolve():
        parser.error("the copy must not be the database given")

    for stale in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        stale.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()

    before = snapshot(copy)
    if not before["schema"].startswith("0002"):
        print(f"{source} is already migrated ({before['schema']}): nothing to check", file=sys.stderr)
        return 2
    report("before", before)
    if before["progress_rows"] == 0:
        print("   (no lecture progress: the data step has nothing to move)")

    if manage(copy, "migrate", "--noinput") != 0:
        print("FAILED: migrate exited non-zero", file=sys.stderr)
        return 1
    after = snapshot(copy)
    report("after migrate", after)
    problems = compare(before, after)

    if args.load_demo:
        status = manage(copy, "load_demo_data")
        if status != 0:
            problems.append(f"load_demo_data exited {status}")
        else:
            loaded = snapshot(copy)
            report("after load_demo_data", loaded)
            lost_progress = set(after["progress"]) - set(loaded["progress"])
            lost_enrolments = set(after["enrolments"]) - set(loaded["enrolments"])
            if lost_progress or lost_enrolments:
                problems.append(f"load_demo_data removed progress {sorted(lost_progress)} and "
                                f"enrolments {sorted(lost_enrolments)}")

    if problems:
        print("FAILED:", *problems, sep="\n   ", file=sys.stderr)
        return 1
    print("OK: nothing lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
