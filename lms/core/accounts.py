"""Who may manage whose account: the one rule every user screen, bulk action and import applies."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q

from lms.core.roles import TRAINEE

# The only groups someone who is not a superuser may put an account in (or take it out of).
ASSIGNABLE_GROUP_NAMES = frozenset({TRAINEE.group_name})


def has_full_rights(user):
    """An active superuser: the only kind of account that may grant rights to anyone."""
    return bool(user.is_active and user.is_superuser)


def privileged_accounts(queryset):
    """The accounts of a user queryset that hold more rights than a trainee: superusers, staff,
    members of any group but Trainee, and holders of permissions granted to them directly."""
    other_groups = Group.objects.filter(user=OuterRef("pk")).exclude(
        name__in=ASSIGNABLE_GROUP_NAMES
    )
    own_permissions = Permission.objects.filter(user=OuterRef("pk"))
    return queryset.filter(
        Q(is_superuser=True) | Q(is_staff=True) | Exists(other_groups) | Exists(own_permissions)
    )


def unmanageable_accounts(*, actor, queryset):
    """The accounts of `queryset` that `actor` may not edit, deactivate, delete or overwrite.

    `actor` may be None (say, the uploader of an import whose account was deleted since): no
    one vouches for the change, so it gets no more rights than a non-superuser.
    """
    if actor is not None and has_full_rights(actor):
        return queryset.none()
    return privileged_accounts(queryset)


def is_privileged(user):
    """Whether an account holds more rights than a trainee, as stored (an unsaved one: as set)."""
    if user.pk is None:
        return bool(user.is_superuser or user.is_staff)
    return privileged_accounts(type(user).objects.filter(pk=user.pk)).exists()


def may_manage_account(*, actor, account):
    """Whether `actor` may edit, deactivate, delete or set the password or email of `account`."""
    return has_full_rights(actor) or not is_privileged(account)
