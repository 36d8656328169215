"""Wagtail's user admin held to lms.core's rule: only superusers grant rights (groups are kept to
superusers by accounts.SuperusersOnlyPolicy, registered in UsersConfig)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import bulk_actions
from wagtail.users.views import users as wagtail_users

from lms.core import accounts
from lms.core.roles import ROLES_BY_GROUP

User = get_user_model()


def _trainee_groups():
    return Group.objects.filter(name__in=accounts.ASSIGNABLE_GROUP_NAMES).order_by("name")


# --- Forms ------------------------------------------------------------------------------------

# Fields are dropped in __init__, the way Wagtail drops is_superuser when one edits oneself: a
# ModelForm saves only the fields it has, so a forged value for a dropped field changes nothing.


def _group_label(group):
    role = ROLES_BY_GROUP.get(group.name)
    return str(role.label) if role else group.name


class AccountFormMixin:
    """Chinese names live in one field: first_name holds the full name, last_name stays empty.
    Roles are shown by their translated labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = forms.CharField(label=_("Full name"), max_length=150)
        del self.fields["last_name"]
        self.fields["username"].help_text = _("Required. Letters, digits and @/./+/-/_ only.")
        if "groups" in self.fields:
            self.fields["groups"].label_from_instance = _group_label


class TraineeRightsMixin:
    """What someone who is not a superuser may set: no administrator status, the Trainee group
    at most, and on their own account no groups at all."""

    def __init__(self, *args, editing_self=False, **kwargs):
        if editing_self:
            kwargs["editing_self"] = True
        super().__init__(*args, **kwargs)
        if "is_superuser" in self.fields:  # Wagtail drops it on one's own account
            # Shown, but disabled: a disabled field keeps its initial value whatever is posted.
            self.fields["is_superuser"].disabled = True
            self.fields["is_superuser"].help_text = _("Only an administrator can grant this.")
        if editing_self:
            del self.fields["groups"]
        else:
            self.fields["groups"].queryset = _trainee_groups()


class UserCreationForm(AccountFormMixin, wagtail_forms.UserCreationForm):
    """A new account as a superuser creates it: every group, and administrator status."""


class TraineeAccountCreationForm(TraineeRightsMixin, UserCreationForm):
    """A new account as anyone else creates it, in the Trainee group unless unticked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].initial = list(self.fields["groups"].queryset)


class UserEditForm(AccountFormMixin, wagtail_forms.UserEditForm):
    """An account as a superuser edits it (Wagtail drops is_superuser/is_active on oneself)."""


class TraineeAccountEditForm(TraineeRightsMixin, UserEditForm):
    """An account as anyone else edits it."""


def form_for(user, *, for_update):
    """The user form `user` may fill in: everything for superusers, trainee rights otherwise."""
    if accounts.has_full_rights(user):
        return UserEditForm if for_update else UserCreationForm
    return TraineeAccountEditForm if for_update else TraineeAccountCreationForm


# --- User views -------------------------------------------------------------------------------


class RefuseUnmanageableMixin:
    """Refuse (403) a view of an account the signed-in user may not manage."""

    def dispatch(self, request, *args, **kwargs):
        if not self.may_manage(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def may_manage(self, request):
        return accounts.may_manage_account(actor=request.user, account=self.object)


class IndexView(wagtail_users.IndexView):
    """The user list; rows the signed-in user may not manage get no edit or delete link."""

    @cached_property
    def unmanageable_ids(self):
        return accounts.unmanageable_ids(actor=self.request.user) - {self.request.user.pk}

    def get_edit_url(self, instance):
        return None if instance.pk in self.unmanageable_ids else super().get_edit_url(instance)

    def get_delete_url(self, instance):
        return None if instance.pk in self.unmanageable_ids else super().get_delete_url(instance)


class CreateView(wagtail_users.CreateView):
    """Adding a user: the form offers only the rights the signed-in user may grant."""

    def get_form_class(self):
        return form_for(self.request.user, for_update=False)


class EditView(RefuseUnmanageableMixin, wagtail_users.EditView):
    """Editing a user: refused on accounts the signed-in user may not manage, except their own
    (name, email and password; the form leaves out everything that widens rights)."""

    def may_manage(self, request):
        return self.editing_self or super().may_manage(request)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # No Delete button on the edit page of an account that may not be deleted.
        self.can_delete = self.can_delete and accounts.may_manage_account(
            actor=request.user, account=self.object
        )

    def get_form_class(self):
        return form_for(self.request.user, for_update=True)


class DeleteView(RefuseUnmanageableMixin, wagtail_users.DeleteView):
    """Deleting a user: refused on accounts the signed-in user may not manage."""


class UserViewSet(wagtail_users.UserViewSet):
    """Wagtail's user admin with the views above (see UsersConfig.user_viewset)."""

    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    # A copy would start from another account's rights; accounts are created from scratch.
    copy_view_enabled = False
    # Wagtail's forms with one full-name field (its templates also name last_name).
    create_template_name = "lms_core/admin/users/create.html"
    edit_template_name = "lms_core/admin/users/edit.html"

    def get_form_class(self, for_update=False):
        # The views choose per request; any other view gets the narrowest forms.
        return TraineeAccountEditForm if for_update else TraineeAccountCreationForm


# --- Bulk actions on the user list --------------------------------------------------------------


class AssignRoleBulkAction(bulk_actions.AssignRoleBulkAction):
    """Putting users in a group grants its permissions: superusers only."""

    def check_perm(self, obj):
        return accounts.has_full_rights(self.request.user)


class ManageableOnlyMixin:
    """Act only on the accounts the signed-in user may manage (one query for the whole batch)."""

    @cached_property
    def unmanageable_ids(self):
        return accounts.unmanageable_ids(actor=self.request.user)

    def check_perm(self, obj):
        return super().check_perm(obj) and obj.pk not in self.unmanageable_ids


class SetActiveStateBulkAction(ManageableOnlyMixin, bulk_actions.SetActiveStateBulkAction):
    """(De)activate only the accounts the signed-in user may manage."""


class DeleteBulkAction(ManageableOnlyMixin, bulk_actions.DeleteBulkAction):
    """Delete only the accounts the signed-in user may manage."""


USER_BULK_ACTIONS = (AssignRoleBulkAction, SetActiveStateBulkAction, DeleteBulkAction)
