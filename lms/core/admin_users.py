"""Wagtail's user and group admin, held to lms.core's rule: only superusers grant rights."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import bulk_actions
from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users

from lms.core import accounts

User = get_user_model()

# Chinese names live in one field: first_name holds the full name, last_name stays empty.
_ACCOUNT_FIELDS = {User.USERNAME_FIELD, "email", "first_name", "is_superuser", "groups"}


def _full_name_field():
    return forms.CharField(label=_("Full name"), max_length=150, required=True)


def _trainee_groups():
    return Group.objects.filter(name__in=accounts.ASSIGNABLE_GROUP_NAMES).order_by("name")


# --- Forms ------------------------------------------------------------------------------------

# Fields are dropped in __init__, the way Wagtail drops is_superuser when one edits oneself, so
# Wagtail's templates (which name every field) render nothing where a dropped field would be.


class UserCreationForm(wagtail_forms.UserCreationForm):
    """A new account as a superuser creates it: every group, and administrator status."""

    first_name = _full_name_field()

    class Meta(wagtail_forms.UserCreationForm.Meta):
        fields = _ACCOUNT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["last_name"]


class TraineeAccountCreationForm(UserCreationForm):
    """A new account as anyone else creates it: no administrator status, the Trainee group only."""

    class Meta(UserCreationForm.Meta):
        fields = _ACCOUNT_FIELDS - {"is_superuser"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_superuser"]
        self.fields["groups"].queryset = _trainee_groups()
        self.fields["groups"].initial = list(self.fields["groups"].queryset)


class UserEditForm(wagtail_forms.UserEditForm):
    """An account as a superuser edits it (Wagtail drops is_superuser/is_active on oneself)."""

    first_name = _full_name_field()

    class Meta(wagtail_forms.UserEditForm.Meta):
        fields = _ACCOUNT_FIELDS | {"is_active"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["last_name"]


class TraineeAccountEditForm(UserEditForm):
    """An account as anyone else edits it: the Trainee group at most; on oneself, no groups (and,
    as Wagtail has it, no active flag), so nobody widens or locks their own account."""

    class Meta(UserEditForm.Meta):
        fields = (_ACCOUNT_FIELDS - {"is_superuser"}) | {"is_active"}

    def __init__(self, *args, editing_self=False, **kwargs):
        super().__init__(*args, editing_self=editing_self, **kwargs)
        self.fields.pop("is_superuser", None)  # Wagtail dropped it already when editing oneself
        if editing_self:
            del self.fields["groups"]
        else:
            self.fields["groups"].queryset = _trainee_groups()


# --- User views -------------------------------------------------------------------------------


class IndexView(wagtail_users.IndexView):
    """The user list; rows the signed-in user may not manage get no edit or delete link."""

    @cached_property
    def unmanageable_pks(self):
        # Privileged accounts are few (staff, instructors, curators), so one query covers them.
        return set(
            accounts.unmanageable_accounts(actor=self.request.user, queryset=User.objects.all())
            .values_list("pk", flat=True)
        )

    def _may_manage(self, instance):
        return instance.pk == self.request.user.pk or instance.pk not in self.unmanageable_pks

    def get_edit_url(self, instance):
        if self._may_manage(instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if self._may_manage(instance):
            return super().get_delete_url(instance)
        return None


class CreateView(wagtail_users.CreateView):
    """Adding a user: the form offers only the rights the signed-in user may grant."""

    def get_form_class(self):
        if accounts.has_full_rights(self.request.user):
            return UserCreationForm
        return TraineeAccountCreationForm


class EditView(wagtail_users.EditView):
    """Editing a user: refused on accounts the signed-in user may not manage."""

    def dispatch(self, request, *args, **kwargs):
        # One's own name, email and password stay editable; the form decides what else.
        if not self.editing_self and not accounts.may_manage_account(
            actor=request.user, account=self.object
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_delete = self.can_delete and accounts.may_manage_account(
            actor=request.user, account=self.object
        )

    def get_form_class(self):
        if accounts.has_full_rights(self.request.user):
            return UserEditForm
        return TraineeAccountEditForm


class DeleteView(wagtail_users.DeleteView):
    """Deleting a user: refused on accounts the signed-in user may not manage."""

    def dispatch(self, request, *args, **kwargs):
        if not accounts.may_manage_account(actor=request.user, account=self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(wagtail_users.UserViewSet):
    """Wagtail's user admin with the views above (see UsersConfig.user_viewset)."""

    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    # A copy would start from another account's rights; accounts are created from scratch.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        # The views choose per request; these are the superuser forms.
        return UserEditForm if for_update else UserCreationForm


# --- Group views ------------------------------------------------------------------------------


class SuperusersOnlyMixin:
    """Refuse the view (403) to everyone but active superusers, whatever permissions they hold."""

    def dispatch(self, request, *args, **kwargs):
        if not accounts.has_full_rights(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class GroupIndexView(SuperusersOnlyMixin, wagtail_groups.IndexView):
    pass


class GroupCreateView(SuperusersOnlyMixin, wagtail_groups.CreateView):
    pass


class GroupEditView(SuperusersOnlyMixin, wagtail_groups.EditView):
    pass


class GroupDeleteView(SuperusersOnlyMixin, wagtail_groups.DeleteView):
    pass


class GroupHistoryView(SuperusersOnlyMixin, generic.HistoryView):
    pass


class GroupUsageView(SuperusersOnlyMixin, generic.UsageView):
    pass


class GroupViewSet(wagtail_groups.GroupViewSet):
    """Groups carry permissions, so only superusers see or change them."""

    index_view_class = GroupIndexView
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView
    history_view_class = GroupHistoryView
    usage_view_class = GroupUsageView


# --- Bulk actions on the user list --------------------------------------------------------------


class AssignRoleBulkAction(bulk_actions.AssignRoleBulkAction):
    """Putting users in a group grants its permissions: superusers only."""

    def check_perm(self, obj):
        return accounts.has_full_rights(self.request.user)


class SetActiveStateBulkAction(bulk_actions.SetActiveStateBulkAction):
    """(De)activate only the accounts the signed-in user may manage."""

    def check_perm(self, obj):
        return super().check_perm(obj) and accounts.may_manage_account(
            actor=self.request.user, account=obj
        )


class DeleteBulkAction(bulk_actions.DeleteBulkAction):
    """Delete only the accounts the signed-in user may manage."""

    def check_perm(self, obj):
        return super().check_perm(obj) and accounts.may_manage_account(
            actor=self.request.user, account=obj
        )


USER_BULK_ACTIONS = (AssignRoleBulkAction, SetActiveStateBulkAction, DeleteBulkAction)
