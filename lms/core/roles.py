"""The three roles (Trainee, Instructor, Curator) as Django groups with their permissions."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role:
    """A role is a group with a stable name; its label is translated for display."""

    def __init__(self, slug, group_name, label, permissions):
        self.slug = slug
        self.group_name = group_name
        self.label = label
        self.permissions = permissions


ADMIN_ACCESS = "wagtailadmin.access_admin"

TRAINEE = Role("trainee", "Trainee", _("Trainee"), permissions=[])
INSTRUCTOR = Role(
    "instructor",
    "Instructor",
    _("Instructor"),
    permissions=[ADMIN_ACCESS],
)
CURATOR = Role(
    "curator",
    "Curator",
    _("Curator"),
    permissions=[
        ADMIN_ACCESS,
        "lms_core.add_workunit",
        "lms_core.change_workunit",
        "lms_core.delete_workunit",
        "lms_core.view_workunit",
        "lms_core.add_traineecategory",
        "lms_core.change_traineecategory",
        "lms_core.delete_traineecategory",
        "lms_core.view_traineecategory",
        "lms_core.change_traineeprofile",
        "lms_core.view_traineeprofile",
        "lms_core.add_traineeimport",
        "lms_core.view_traineeimport",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
    ],
)

ROLES = [TRAINEE, INSTRUCTOR, CURATOR]
ROLES_BY_SLUG = {role.slug: role for role in ROLES}
ROLES_BY_GROUP = {role.group_name: role for role in ROLES}


def grant(role_slug, permissions):
    """Let another app add the permissions its screens need to a role (call from AppConfig.ready)."""
    role = ROLES_BY_SLUG[role_slug]
    role.permissions = [*role.permissions, *(p for p in permissions if p not in role.permissions)]


def _permissions(names):
    query = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query) if names else Permission.objects.none()


def roles_sync():
    """Create the role groups and grant each the permissions it needs (never removes any).

    Runs after every migrate; permissions of apps not yet migrated are granted on a later run.
    """
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        group.permissions.add(*_permissions(role.permissions))


def role_slugs_for(user):
    """The role slugs of a user, in the order of ROLES (one query)."""
    names = set(user.groups.values_list("name", flat=True))
    return [role.slug for role in ROLES if role.group_name in names]
