"""Reads of lms.core: who sees which units and trainees, and the profile behind me/."""

from functools import reduce
from operator import or_

from django.db.models import Q

from lms.core.models import TraineeProfile, WorkUnit
from lms.core.roles import CURATOR, role_slugs_for


def is_curator(user):
    return user.is_superuser or user.groups.filter(name=CURATOR.group_name).exists()


def units_supervised_by(user):
    """Every unit a user supervises, with all units below them (one query)."""
    roots = list(WorkUnit.objects.filter(supervisors=user).values_list("path", flat=True))
    if not roots:
        return WorkUnit.objects.none()
    return WorkUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in roots)))


def subtree_of(unit):
    """A unit and every unit below it."""
    return WorkUnit.objects.filter(path__startswith=unit.path)


def trainees_visible_to(user):
    """Profiles a user may see: all for curators, their subtree for supervisors, else their own."""
    profiles = TraineeProfile.objects.select_related("user", "work_unit", "category")
    if is_curator(user):
        return profiles
    units = units_supervised_by(user)
    return profiles.filter(Q(user=user) | Q(work_unit__in=units))


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
