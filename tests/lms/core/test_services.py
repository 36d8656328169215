"""Services and selectors of lms.core: the unit tree, visibility, roles and profiles."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from lms.core import selectors, services
from lms.core.models import TraineeProfile, WorkUnit
from lms.core.roles import CURATOR, INSTRUCTOR, TRAINEE, role_slugs_for
from tests.lms.core.factories import UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_every_user_gets_a_profile():
    user = UserFactory(username="someone")
    assert TraineeProfile.objects.filter(user=user).count() == 1


def test_unit_paths_in_one_query(unit_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        paths = selectors.unit_paths([unit_tree["county"], unit_tree["other_city"]])
    assert paths[unit_tree["county"].pk] == ["Jiangdong Province", "Jiangcheng City",
                                             "Qingshan District"]
    assert paths[unit_tree["other_city"].pk] == ["Jiangdong Province", "Donghu City"]


def test_move_unit_takes_its_subtree(unit_tree):
    city, county, other = unit_tree["city"], unit_tree["county"], unit_tree["other_city"]
    services.work_unit_update(unit=city, name=city.name, code=city.code, kind=city.kind,
                              parent=other)
    county.refresh_from_db()
    assert county.is_descendant_of(WorkUnit.objects.get(pk=other.pk))
    assert county.get_parent().pk == city.pk


def test_unit_cannot_move_under_itself(unit_tree):
    city = unit_tree["city"]
    with pytest.raises(ValidationError):
        services.work_unit_update(unit=city, name=city.name, code=city.code, kind=city.kind,
                                  parent=unit_tree["county"])
    city.refresh_from_db()
    assert city.get_parent().pk == unit_tree["province"].pk


def test_unit_delete_refuses_children_and_members(unit_tree):
    with pytest.raises(ValidationError):
        services.work_unit_delete(unit=unit_tree["city"])
    UserFactory(username="m", work_unit=unit_tree["county"])
    with pytest.raises(ValidationError):
        services.work_unit_delete(unit=unit_tree["county"])
    assert WorkUnit.objects.count() == 4
    services.work_unit_delete(unit=unit_tree["other_city"])
    assert WorkUnit.objects.count() == 3


def test_role_groups_have_their_permissions():
    curator_group = Group.objects.get(name=CURATOR.group_name)
    codenames = set(curator_group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_workunit", "change_traineeprofile", "add_traineeimport",
            "add_user"} <= codenames
    assert Group.objects.get(name=TRAINEE.group_name).permissions.count() == 0
    # Instructors reach the admin, upload their lectures' videos (changing their own), write
    # questions and categories in the bank, and quizzes of the courses they teach.
    assert set(Group.objects.get(name=INSTRUCTOR.group_name).permissions.values_list(
        "codename", flat=True)) == {
            "access_admin", "add_video", "view_video", "add_question", "change_question",
            "view_question", "add_questioncategory", "view_questioncategory", "add_quiz",
            "change_quiz", "view_quiz"}


def test_roles_reach_permissions(curator, trainee, instructor):
    assert curator.has_perm("lms_core.add_traineeimport")
    assert curator.has_perm("wagtailadmin.access_admin")
    assert instructor.has_perm("wagtailadmin.access_admin")
    assert not instructor.has_perm("lms_core.add_traineeimport")
    assert not trainee.has_perm("wagtailadmin.access_admin")
    assert role_slugs_for(curator) == ["curator"]


def test_profile_update_validates(trainee):
    with pytest.raises(ValidationError):
        services.profile_update(profile=trainee.trainee_profile, phone="call me")
    trainee.trainee_profile.refresh_from_db()
    assert trainee.trainee_profile.phone == ""


def test_category_hours_constraint():
    with pytest.raises(ValidationError):
        services.category_create(name="Bad", slug="bad", annual_required_hours=10,
                                 min_elective_hours=20)


def test_unique_unit_code(unit_tree):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkUnitFactory(code="jd")
