"""Training years, schema last: lecture progress belongs to its enrolment alone (0004 moved every
record onto one)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("lms_courses", "0004_progress_to_enrolments"),
    ]

    operations = [
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
