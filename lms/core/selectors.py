"""Reads of lms.core: units and their subtrees, active trainees, and the profile behind me/."""

from django.contrib.auth import get_user_model

from lms.core.models import TraineeProfile, WorkUnit
from lms.core.roles import TRAINEE, role_slugs_for


def subtree_of(unit):
    """A unit and every unit below it."""
    return WorkUnit.objects.filter(path__startswith=unit.path)


def active_trainees(*, work_unit=None, category=None):
    """Active accounts with the Trainee role, optionally in a unit's subtree and/or a category
    (staff have profiles and units too, but are nobody's enrolment)."""
    users = get_user_model().objects.filter(is_active=True, groups__name=TRAINEE.group_name)
    if work_unit is not None:
        users = users.filter(trainee_profile__work_unit__in=subtree_of(work_unit))
    if category is not None:
        users = users.filter(trainee_profile__category=category)
    return users.order_by("pk")


def me_context(user):
    """What me/ shows besides the user row: profile, role slugs, supervised units (3 queries)."""
    profile = (
        TraineeProfile.objects.select_related("work_unit", "category").filter(user=user).first()
    )
    return {
        "profile": profile,
        "roles": role_slugs_for(user),
        "supervised_units": list(WorkUnit.objects.filter(supervisors=user).order_by("path")),
    }


def unit_paths(units):
    """Names from the root down to each unit, keyed by unit id, in one query for all of them."""
    units = [unit for unit in units if unit is not None]
    steps = {unit.path[: i * unit.steplen] for unit in units for i in range(1, unit.depth)}
    names = dict(WorkUnit.objects.filter(path__in=steps).values_list("path", "name")) if steps else {}
    return {
        unit.pk: [names[unit.path[: i * unit.steplen]] for i in range(1, unit.depth)
                  if unit.path[: i * unit.steplen] in names] + [unit.name]
        for unit in units
    }
