"""The demo loader: idempotent, built through services, accounts that sign in."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from lms.core.models import TraineeCategory, TraineeProfile, WorkUnit

pytestmark = pytest.mark.django_db


def counts():
    return (WorkUnit.objects.count(), TraineeCategory.objects.count(),
            get_user_model().objects.count(), TraineeProfile.objects.count())


def test_load_demo_data_twice_gives_the_same_rows(client):
    call_command("load_demo_data", password="demo-pass-1")
    first = counts()
    call_command("load_demo_data", password="demo-pass-1")
    assert counts() == first
    assert first[0] >= 7 and first[1] == 3 and first[2] >= 13
    slugs = set(TraineeCategory.objects.values_list("slug", flat=True))
    assert slugs == {"department-level", "young-cadres", "rural-secretaries"}
    province = WorkUnit.objects.get(code="JD")
    assert province.get_descendant_count() == first[0] - 1
    kinds = set(WorkUnit.objects.values_list("kind", flat=True))
    assert {"province", "city", "county"} <= kinds


@pytest.mark.parametrize("username,admin", [("admin", True), ("curator", True),
                                            ("instructor", True), ("trainee", False)])
def test_demo_accounts_sign_in(client, username, admin):
    call_command("load_demo_data", password="demo-pass-1")
    response = client.post(reverse("login"), {"username": username, "password": "demo-pass-1"})
    assert response.status_code == 302
    assert client.get(reverse("api-me")).json()["username"] == username
    admin_status = client.get(reverse("wagtailadmin_home")).status_code
    assert (admin_status == 200) is admin


def test_every_category_has_trainees():
    call_command("load_demo_data", password="demo-pass-1")
    for category in TraineeCategory.objects.all():
        assert category.trainees.count() >= 3
