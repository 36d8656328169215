"""Training years: progress belongs to the enrolment, enrolments take the course's year, staff
assignments are recorded, and the office can close a year.

The data step moves every lecture-progress record onto an enrolment (the one of the year the
lecture was done in, as the old code required), then moves enrolments of dated courses into the
course's year. Nothing is lost: a record with no enrolment at all (which the old code could not
write) is kept on a withdrawn enrolment of its year, as history that counts towards nothing; an
enrolment whose move would collide with one already in the course's year stays where it is.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

STEPLEN = 4  # Wagtail's page paths: four characters per level
CHUNK = 2000


def _course_of_lecture(Page, lecture_ids):
    paths = dict(Page.objects.filter(pk__in=lecture_ids).values_list("pk", "path"))
    parents = dict(Page.objects.filter(path__in={p[:-STEPLEN] for p in paths.values()})
                   .values_list("path", "pk"))
    return {pk: parents.get(path[:-STEPLEN]) for pk, path in paths.items()}


def _choose(candidates, year):
    """The enrolment of the year the lecture was done in, else the latest before it, else the
    earliest after it. candidates: [(year, id)]."""
    exact = [pk for y, pk in candidates if y == year]
    if exact:
        return exact[0]
    before = sorted((y, pk) for y, pk in candidates if y < year)
    if before:
        return before[-1][1]
    return min(candidates)[1]


def progress_to_enrolments(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Enrolment = apps.get_model("lms_courses", "Enrolment")
    LectureProgress = apps.get_model("lms_courses", "LectureProgress")
    ids = list(LectureProgress.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        rows = list(LectureProgress.objects.filter(pk__in=ids[start:start + CHUNK]))
        course_of = _course_of_lecture(Page, {row.lecture_id for row in rows})
        pairs = {(row.user_id, course_of.get(row.lecture_id)) for row in rows}
        enrolments = {}
        for user_id, course_id, year, pk in Enrolment.objects.filter(
                user_id__in={u for u, _c in pairs},
                course_id__in={c for _u, c in pairs if c}).values_list(
                "user_id", "course_id", "year", "pk"):
            enrolments.setdefault((user_id, course_id), []).append((year, pk))
        for row in rows:
            course_id = course_of.get(row.lecture_id)
            year = timezone.localtime(row.completed_at).year
            candidates = enrolments.get((row.user_id, course_id))
            if candidates:
                row.enrolment_id = _choose(candidates, year)
            else:
                history = Enrolment.objects.create(
                    user_id=row.user_id, course_id=course_id, year=year, status="withdrawn",
                    source="elective", status_changed_at=row.completed_at)
                enrolments[(row.user_id, course_id)] = [(year, history.pk)]
                row.enrolment_id = history.pk
        LectureProgress.objects.bulk_update(rows, ["enrolment"])


def enrolments_to_course_years(apps, schema_editor):
    CoursePage = apps.get_model("lms_courses", "CoursePage")
    Enrolment = apps.get_model("lms_courses", "Enrolment")
    starts = dict(CoursePage.objects.filter(starts_on__isnull=False)
                  .values_list("pk", "starts_on"))
    taken = set(Enrolment.objects.filter(course_id__in=starts)
                .values_list("user_id", "course_id", "year"))
    moves = []
    for pk, user_id, course_id, year in Enrolment.objects.filter(
            course_id__in=starts).values_list("pk", "user_id", "course_id", "year"):
        target = starts[course_id].year
        if year != target and (user_id, course_id, target) not in taken:
            taken.discard((user_id, course_id, year))
            taken.add((user_id, course_id, target))
            moves.append((pk, target))
    for pk, target in moves:
        Enrolment.objects.filter(pk=pk).update(year=target)


def forwards(apps, schema_editor):
    progress_to_enrolments(apps, schema_editor)
    enrolments_to_course_years(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("lms_courses", "0002_enrolment_completed_by"),
        ("wagtailcore", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TrainingYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True,
                                                          verbose_name="training year")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                ("closed_by", models.ForeignKey(blank=True, null=True,
                                                on_delete=django.db.models.deletion.SET_NULL,
                                                related_name="+", to=settings.AUTH_USER_MODEL,
                                                verbose_name="closed by")),
            ],
            options={"verbose_name": "training year", "verbose_name_plural": "training years",
                     "ordering": ["-year"]},
        ),
        migrations.AddField(
            model_name="enrolment",
            name="assigned_by",
            field=models.ForeignKey(blank=True, help_text="The staff member who enrolled the trainee (bulk enrolment or import).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="assigned by"),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="rules_overridden",
            field=models.BooleanField(default=False, help_text="The training office enrolled the trainee although a rule of a trainee's own choice said no (not offered to the category, enrolment closed, a missing prerequisite or a timetable clash).", verbose_name="assigned over the rules"),
        ),
        migrations.AddField(
            model_name="lectureprogress",
            name="enrolment",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="lecture_progress", to="lms_courses.enrolment",
                                    verbose_name="enrolment"),
        ),
        migrations.RunPython(forwards, elidable=False),
        migrations.RemoveConstraint(model_name="lectureprogress",
                                    name="one_progress_per_user_lecture"),
        migrations.RemoveField(model_name="lectureprogress", name="user"),
        migrations.AlterField(
            model_name="lectureprogress",
            name="enrolment",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                    related_name="lecture_progress", to="lms_courses.enrolment",
                                    verbose_name="enrolment"),
        ),
        migrations.AddConstraint(
            model_name="lectureprogress",
            constraint=models.UniqueConstraint(fields=("enrolment", "lecture"),
                                               name="one_progress_per_enrolment_lecture"),
        ),
    ]
