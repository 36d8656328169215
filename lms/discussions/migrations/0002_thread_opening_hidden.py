from django.db import migrations, models


def mark_hidden_openings(apps, schema_editor):
    """Threads whose opening a moderator had already hidden carry the mark from now on."""
    Thread = apps.get_model("lms_discussions", "Thread")
    Post = apps.get_model("lms_discussions", "Post")
    hidden = Post.objects.filter(depth=0, hidden_at__isnull=False).values("thread_id")
    Thread.objects.filter(pk__in=hidden).update(opening_hidden=True)


class Migration(migrations.Migration):

    dependencies = [
        ("lms_discussions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="opening_hidden",
            field=models.BooleanField(default=False, editable=False, verbose_name="opening hidden"),
        ),
        migrations.RunPython(mark_hidden_openings, migrations.RunPython.noop, elidable=True),
    ]
