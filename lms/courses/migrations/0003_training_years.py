"""Training years, schema first: the closed-years table, staff assignments recorded on the
enrolment, and lecture progress given an enrolment (filled by 0004, required from 0005).

Three migrations rather than one: on PostgreSQL a table cannot be altered in the transaction
that wrote rows it references (pending foreign-key checks), so the data step runs on its own.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("lms_courses", "0002_enrolment_completed_by"),
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
    ]
