"""Training years, the data: every lecture-progress record onto an enrolment, and enrolments and
requirements of dated courses into the year their course starts.

- A progress record goes to its user's enrolment on the lecture's course of the year it was done
  in (local time; the old code required that enrolment), else the latest earlier one, else the
  earliest. A record with no enrolment at all (which the old code could not write) is kept on a
  withdrawn enrolment of its own year: history that counts for nothing.
- An enrolment of a dated course moves to the course's year unless that would collide with one
  already there, which stays; where several could move, the active one, then the latest, goes.
- A requirement of a dated course moves to the course's year (dropped where that year already
  has one for the course and category), so plan syncs and enrolments agree on the year.

Nothing is deleted but a requirement duplicated by its move. Not reversible.
"""

from django.db import migrations
from django.utils import timezone

STEPLEN = 4  # Wagtail's page paths: four characters per level
CHUNK = 2000
ACTIVE = ("pending", "enrolled", "waitlisted", "completed")


def _course_of_lecture(Page, lecture_ids):
    paths = dict(Page.objects.filter(pk__in=lecture_ids).values_list("pk", "path"))
    parents = dict(Page.objects.filter(path__in={p[:-STEPLEN] for p in paths.values()})
                   .values_list("path", "pk"))
    return {pk: parents.get(path[:-STEPLEN]) for pk, path in paths.items()}


def _choose(candidates, year):
    """The enrolment of `year`, else the latest before it, else the earliest after it.
    candidates: {year: enrolment id}."""
    if year in candidates:
        return candidates[year]
    before = [y for y in candidates if y < year]
    return candidates[max(before) if before else min(candidates)]


def progress_to_enrolments(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Enrolment = apps.get_model("lms_courses", "Enrolment")
    LectureProgress = apps.get_model("lms_courses", "LectureProgress")
    ids = list(LectureProgress.objects.order_by("pk").values_list("pk", flat=True))
    history = set()  # ids of the withdrawn enrolments made here for records without one
    for start in range(0, len(ids), CHUNK):
        rows = list(LectureProgress.objects.filter(pk__in=ids[start:start + CHUNK]))
        course_of = _course_of_lecture(Page, {row.lecture_id for row in rows})
        pairs = {(row.user_id, course_of.get(row.lecture_id)) for row in rows}
        enrolments = {}
        for user_id, course_id, year, pk in Enrolment.objects.filter(
                user_id__in={u for u, _c in pairs},
                course_id__in={c for _u, c in pairs if c}).values_list(
                "user_id", "course_id", "year", "pk"):
            enrolments.setdefault((user_id, course_id), {})[year] = pk
        for row in rows:
            course_id = course_of.get(row.lecture_id)
            year = timezone.localtime(row.completed_at).year
            candidates = enrolments.setdefault((row.user_id, course_id), {})
            only_history = set(candidates.values()) <= history
            if not candidates or (only_history and year not in candidates):
                made = Enrolment.objects.create(
                    user_id=row.user_id, course_id=course_id, year=year, status="withdrawn",
                    source="elective", status_changed_at=row.completed_at)
                history.add(made.pk)
                candidates[year] = made.pk
            row.enrolment_id = _choose(candidates, year)
        LectureProgress.objects.bulk_update(rows, ["enrolment"])


def enrolments_to_course_years(apps, schema_editor):
    CoursePage = apps.get_model("lms_courses", "CoursePage")
    Enrolment = apps.get_model("lms_courses", "Enrolment")
    starts = dict(CoursePage.objects.filter(starts_on__isnull=False)
                  .values_list("pk", "starts_on"))
    rows = list(Enrolment.objects.filter(course_id__in=starts).values_list(
        "pk", "user_id", "course_id", "year", "status"))
    taken = {(user_id, course_id, year) for _pk, user_id, course_id, year, _s in rows}
    # Active places first, then the latest year: the one a trainee is on is the one that moves.
    rows.sort(key=lambda row: (row[4] not in ACTIVE, -row[3], row[0]))
    for pk, user_id, course_id, year, _status in rows:
        target = starts[course_id].year
        if year != target and (user_id, course_id, target) not in taken:
            taken.discard((user_id, course_id, year))
            taken.add((user_id, course_id, target))
            Enrolment.objects.filter(pk=pk).update(year=target)


def requirements_to_course_years(apps, schema_editor):
    CoursePage = apps.get_model("lms_courses", "CoursePage")
    CourseRequirement = apps.get_model("lms_courses", "CourseRequirement")
    starts = dict(CoursePage.objects.filter(starts_on__isnull=False)
                  .values_list("pk", "starts_on"))
    rows = list(CourseRequirement.objects.filter(course_id__in=starts)
                .order_by("-year", "pk").values_list("pk", "course_id", "category_id", "year"))
    taken = {(course_id, category_id, year) for _pk, course_id, category_id, year in rows}
    for pk, course_id, category_id, year in rows:
        target = starts[course_id].year
        if year == target:
            continue
        if (course_id, category_id, target) in taken:
            CourseRequirement.objects.filter(pk=pk).delete()
        else:
            taken.add((course_id, category_id, target))
            CourseRequirement.objects.filter(pk=pk).update(year=target)


def forwards(apps, schema_editor):
    progress_to_enrolments(apps, schema_editor)
    enrolments_to_course_years(apps, schema_editor)
    requirements_to_course_years(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("lms_courses", "0003_training_years"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, elidable=False),
    ]
