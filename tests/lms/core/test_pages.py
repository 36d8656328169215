"""Site pages and the Wagtail admin: home, sign-in, languages, role access to admin screens."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_in_english(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Training for public officials" in html
    assert '<html lang="en">' in html
    assert reverse("login") in html


def test_home_page_in_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "干部教育培训" in html
    assert "Training for public officials" not in html


def test_language_switcher_sets_the_language(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert "干部教育培训" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Training for public officials" in client.get("/").content.decode()


def test_signed_in_home_shows_the_widget(client, trainee):
    client.force_login(trainee)
    html = client.get("/").content.decode()
    assert "<lms-me" in html
    assert "core/widgets/lms-me.js" in html
    assert reverse("javascript-catalog") in html


def test_login_and_logout(client, trainee):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    bad = client.post(reverse("login"), {"username": "trainee", "password": "wrong"})
    assert bad.status_code == 200
    assert "correct username and password" in bad.content.decode()
    good = client.post(reverse("login"), {"username": "trainee", "password": "pass-trainee"})
    assert good.status_code == 302
    assert client.get(reverse("api-me")).json()["username"] == "trainee"
    client.post(reverse("logout"))
    assert client.get(reverse("api-me")).status_code in (401, 403)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "There is no page at this address." in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "work_units:index",
        "work_units:add",
        "trainee_categories:index",
        "trainee_categories:add",
        "trainees:index",
        "lms_core_trainee_import",
    ],
)
def test_curator_reaches_the_organisation_screens(client, curator, trainee, url_name):
    client.force_login(curator)
    assert client.get(reverse(url_name)).status_code == 200


def test_trainee_cannot_enter_the_admin(client, trainee):
    client.force_login(trainee)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("work_units:index") != response["Location"]
    assert client.get(reverse("work_units:index")).status_code in (302, 403)


def test_instructor_sees_the_admin_but_not_organisation(client, instructor):
    client.force_login(instructor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("work_units:index")).status_code in (302, 403)


def test_admin_switches_to_chinese(client, curator):
    client.force_login(curator)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("work_units:index")).content.decode()
    assert "工作单位" in html  # our menu and titles
    assert "仪表板" in html or "搜索" in html  # Wagtail's own strings


def test_curator_creates_and_moves_units_in_the_admin(client, curator, unit_tree):
    from lms.core.models import WorkUnit

    client.force_login(curator)
    response = client.post(reverse("work_units:add"), {
        "name": "Taoqiao Town", "code": "jd-jc-qs-tq", "kind": "township",
        "parent": unit_tree["county"].pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    town = WorkUnit.objects.get(code="jd-jc-qs-tq")
    assert town.get_parent().pk == unit_tree["county"].pk
    # Moving a unit under its own sub-unit is refused with a message, nothing changes.
    city = unit_tree["city"]
    refused = client.post(reverse("work_units:edit", args=[city.pk]), {
        "name": city.name, "code": city.code, "kind": city.kind, "parent": town.pk,
    })
    assert refused.status_code == 200
    city.refresh_from_db()
    assert city.get_parent().pk == unit_tree["province"].pk
    moved = client.post(reverse("work_units:edit", args=[town.pk]), {
        "name": town.name, "code": town.code, "kind": town.kind,
        "parent": unit_tree["other_city"].pk,
    })
    assert moved.status_code == 302
    town.refresh_from_db()
    assert town.get_parent().pk == unit_tree["other_city"].pk


def test_deleting_a_unit_with_sub_units_is_refused(client, curator, unit_tree):
    from lms.core.models import WorkUnit

    client.force_login(curator)
    response = client.post(reverse("work_units:delete", args=[unit_tree["city"].pk]))
    assert response.status_code == 302
    assert WorkUnit.objects.filter(pk=unit_tree["city"].pk).exists()
    assert WorkUnit.objects.count() == 4


def test_unit_list_has_bounded_queries(client, curator, unit_tree, django_assert_max_num_queries):
    from tests.lms.core.factories import WorkUnitFactory

    client.force_login(curator)
    client.get(reverse("work_units:index"))  # warm caches (permissions, site)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("work_units:index"))
    for n in range(30):
        WorkUnitFactory(code=f"extra-{n}", parent=unit_tree["county"])
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get(reverse("work_units:index"))


def test_curator_manages_accounts_and_profiles(client, curator, unit_tree, category):
    from django.contrib.auth import get_user_model

    client.force_login(curator)
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert client.get(reverse("wagtailusers_users:add")).status_code == 200
    new = get_user_model().objects.create_user("newbie", first_name="New Bie")
    profile = new.trainee_profile
    response = client.post(reverse("trainees:edit", args=[profile.pk]), {
        "work_unit": unit_tree["county"].pk, "category": category.pk,
        "position": "Clerk", "rank_level": "staff", "phone": "010-12345678",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    profile.refresh_from_db()
    assert (profile.work_unit, profile.category, profile.rank_level) == (
        unit_tree["county"], category, "staff")


def test_trainee_list_has_bounded_queries(client, curator, unit_tree, category,
                                          django_assert_max_num_queries):
    from tests.lms.core.factories import UserFactory

    client.force_login(curator)
    client.get(reverse("trainees:index"))
    with django_assert_max_num_queries(60) as few:
        assert client.get(reverse("trainees:index")).status_code == 200
    for n in range(25):
        UserFactory(username=f"bulk{n}", work_unit=unit_tree["city"], category=category)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get(reverse("trainees:index"))
