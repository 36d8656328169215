"""Who may manage whose account: the one rule every user screen, bulk action and import applies."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from wagtail.permission_policies import ModelPermissionPolicy

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


def unmanageable_ids(*, actor):
    """Ids of every account `actor` may not manage, in one query: privileged accounts are few
    (staff, instructors, curators), so lists and bulk actions check rows against this set."""
    if has_full_rights(actor):
        return frozenset()
    return frozenset(privileged_accounts(get_user_model().objects.all())
                     .values_list("pk", flat=True))


def unmanageable_usernames(*, actor, usernames):
    """The lower-cased usernames, among `usernames` compared ignoring case, of existing accounts
    `actor` may not manage (an import must not overwrite their name and email)."""
    keys = {username.lower() for username in usernames if username}
    if not keys:
        return set()
    named = get_user_model().objects.annotate(key=Lower("username")).filter(key__in=keys)
    return set(unmanageable_accounts(actor=actor, queryset=named).values_list("key", flat=True))


def is_privileged(user):
    """Whether a stored account holds more rights than a trainee."""
    return privileged_accounts(type(user).objects.filter(pk=user.pk)).exists()


def may_manage_account(*, actor, account):
    """Whether `actor` may edit, deactivate, delete or set the password or email of `account`."""
    return has_full_rights(actor) or not is_privileged(account)


class SuperusersOnlyPolicy(ModelPermissionPolicy):
    """Wagtail's permission policy for a model only active superusers may see or change (groups:
    they carry permissions), whatever permissions anyone else holds."""

    def user_has_permission(self, user, action):
        return has_full_rights(user)

    def user_has_any_permission(self, user, actions):
        return has_full_rights(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)
