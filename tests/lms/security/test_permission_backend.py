"""The site's permission backend gives exactly Django's ModelBackend's answers, in one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission

from lms.security.backends import PermissionBackend

User = get_user_model()


def perm(name):
    app, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


@pytest.fixture
def people(db):
    office = Group.objects.create(name="Office (test)")
    office.permissions.add(perm("lms_courses.view_enrolment"), perm("lms_courses.add_enrolment"))
    both = User.objects.create_user("both")
    both.groups.add(office)
    both.user_permissions.add(perm("lms_courses.view_enrolment"),  # also the group's
                              perm("wagtailadmin.access_admin"))
    grouped = User.objects.create_user("grouped")
    grouped.groups.add(office)
    own = User.objects.create_user("own")
    own.user_permissions.add(perm("wagtailadmin.access_admin"))
    inactive = User.objects.create_user("inactive", is_active=False)
    inactive.groups.add(office)
    return {"both": both, "grouped": grouped, "own": own, "none": User.objects.create_user("none"),
            "inactive": inactive, "root": User.objects.create_superuser("root")}


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_the_same_permissions_as_djangos_model_backend(people):
    for name, user in people.items():
        ours = PermissionBackend().get_all_permissions(fresh(user))
        assert ours == ModelBackend().get_all_permissions(fresh(user)), name
    assert PermissionBackend().get_all_permissions(fresh(people["both"])) == {
        "lms_courses.view_enrolment", "lms_courses.add_enrolment", "wagtailadmin.access_admin"}
    assert PermissionBackend().get_all_permissions(fresh(people["inactive"])) == set()
    assert PermissionBackend().get_all_permissions(AnonymousUser()) == set()
    # Object permissions are not the model backend's business.
    assert PermissionBackend().get_all_permissions(fresh(people["own"]), obj=people["own"]) == set()


def test_has_perm_reads_once_per_user_object_in_one_query(people, django_assert_num_queries):
    user = fresh(people["grouped"])
    with django_assert_num_queries(1):
        assert user.has_perm("lms_courses.view_enrolment")
        assert not user.has_perm("wagtailadmin.access_admin")
        assert user.has_perms(["lms_courses.add_enrolment", "lms_courses.view_enrolment"])
    people["grouped"].user_permissions.add(perm("wagtailadmin.access_admin"))
    assert not user.has_perm("wagtailadmin.access_admin")  # remembered for the request
    assert fresh(people["grouped"]).has_perm("wagtailadmin.access_admin")


def test_it_is_the_sites_backend(people, settings):
    assert "lms.security.backends.PermissionBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS
    assert fresh(people["own"]).has_perm("wagtailadmin.access_admin")
    assert not fresh(people["none"]).has_perm("wagtailadmin.access_admin")
