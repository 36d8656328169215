"""What the API's token exchange asks of lms.security after the password: not locked out, the
second factor when the account has one (or must), no password change owed."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from lms.security import services
from lms.security.lockout import LockedOut


def refuse_if_locked_out(request):
    if request is not None and getattr(request, "axes_locked_out", False):
        raise LockedOut()


def token_allowed(*, user, otp):
    if services.has_two_factor(user):
        if not otp:
            raise serializers.ValidationError(
                {"otp": [_("Enter a code from your authenticator app or a recovery code.")]},
                code="otp_required")
        if services.two_factor_check(user=user, code=otp) is None:
            raise serializers.ValidationError(
                {"otp": [_("That code is not right, or has been used.")]}, code="otp_invalid")
    elif services.two_factor_policy(user) == "required":
        raise PermissionDenied(
            _("Your role requires two-factor sign-in: set it up on the site first."),
            code="two_factor_setup_required")
    if services.must_change_password(user):
        raise PermissionDenied(_("You must choose a new password on the site first."),
                               code="password_change_required")
