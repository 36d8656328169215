"""Replace Wagtail's placeholder welcome page with the site's HomePage."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("lms_core", "HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get_for_model(Page)
    placeholder = Page.objects.filter(depth=2, content_type=page_type, numchild=0).first()
    path = "00010001"
    if placeholder is not None:
        path = placeholder.path
        placeholder.delete()  # its Site row goes with it and is made again below
    elif Page.objects.filter(path=path).exists():
        return  # a site with its own pages: leave it alone
    home_type, _created = ContentType.objects.get_or_create(app_label="lms_core", model="homepage")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="Cadre LMS",
        draft_title="Cadre LMS",
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale.pk if locale else None,
        live=True,
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk,
                  "site_name": "Cadre LMS"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lms_core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
