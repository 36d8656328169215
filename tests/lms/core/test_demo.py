"""The demo loader: idempotent, built through services, accounts that sign in."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.urls import reverse

from lms.core import demo
from lms.core.models import TraineeCategory, TraineeProfile, WorkUnit
from lms.core.roles import INSTRUCTOR
from lms.video import demo as video_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the courses' generated covers and the videos
    monkeypatch.setattr(video_demo, "CLIP_SECONDS", 3)  # processed while the demo loads


def load_core():
    """Only this app's part of the demo: what these tests look at, in a fraction of the time."""
    demo.load(password="demo-pass-1", stdout=StringIO())


def counts():
    return (WorkUnit.objects.count(), TraineeCategory.objects.count(),
            get_user_model().objects.count(), TraineeProfile.objects.count())


def test_load_demo_data_twice_gives_the_same_rows(client):
    call_command("load_demo_data", password="demo-pass-1")
    first = counts()
    call_command("load_demo_data", password="demo-pass-1")
    assert counts() == first
    assert first[0] >= 7 and first[1] == 3 and first[2] >= 17
    slugs = set(TraineeCategory.objects.values_list("slug", flat=True))
    assert slugs == {"department-level", "young-cadres", "rural-secretaries"}
    province = WorkUnit.objects.get(code="JD")
    assert province.get_descendant_count() == first[0] - 1
    kinds = set(WorkUnit.objects.values_list("kind", flat=True))
    assert {"province", "city", "county"} <= kinds


@pytest.mark.parametrize("username,admin", [("admin", True), ("curator", True),
                                            ("instructor", True), ("instructor3", True),
                                            ("trainee", False)])
def test_demo_accounts_sign_in(client, username, admin):
    load_core()
    response = client.post(reverse("login"), {"username": username, "password": "demo-pass-1"})
    assert response.status_code == 302
    assert client.get(reverse("api-me")).json()["username"] == username
    admin_status = client.get(reverse("wagtailadmin_home")).status_code
    assert (admin_status == 200) is admin


def test_every_category_has_trainees():
    load_core()
    for category in TraineeCategory.objects.all():
        assert category.trainees.count() >= 3


def test_the_party_schools_instructors_have_names_and_titles():
    load_core()
    instructors = get_user_model().objects.filter(groups__name=INSTRUCTOR.group_name).distinct()
    assert instructors.count() >= 3
    for user in instructors:
        profile = user.trainee_profile
        assert user.get_full_name() and re.search("教授|讲师", profile.position)
        assert profile.work_unit.name == "江东省委党校" and profile.category is None
    # One password for every account, hashed once, and it works for each of them.
    users = list(get_user_model().objects.all())
    assert all(check_password("demo-pass-1", user.password) for user in users)
