"""The answer to a sign-in refused by django-axes: the same whether or not the account exists,
translated, and as JSON on the API."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException

from lms.platform.api.errors import json_error


def cooloff_minutes():
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def message():
    minutes = cooloff_minutes()
    return ngettext(
        "Too many failed sign-ins. Signing in is paused for %(minutes)d minute; try again "
        "then, or ask the training office to lift the pause.",
        "Too many failed sign-ins. Signing in is paused for %(minutes)d minutes; try again "
        "then, or ask the training office to lift the pause.",
        minutes,
    ) % {"minutes": minutes}


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        super().__init__(detail=message(), code="locked_out")


def lockout_response(request, original_response=None, credentials=None):
    if request.path_info.startswith("/api/"):
        return json_error("locked_out", message(), 429)
    admin = request.path_info.startswith("/admin/")
    return render(request, "lms_security/locked_out.html",
                  {"message": message(), "admin": admin, "title": _("Signing in is paused")},
                  status=429)


class AxesHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER), with one saving: a sign-in that succeeds
    when the lockout check found no failures for it has nothing of its own to reset, so it
    writes nothing. axes otherwise runs two deletes on every sign-in — the expired attempts of
    everyone (also cleared on each failure) and this user's — each an empty write transaction.
    With failures before it, a sign-in resets them as axes does."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        request.lms_axes_failures = failures
        return failures

    def user_logged_in(self, sender, request, user, **kwargs):
        if getattr(request, "lms_axes_failures", None) == 0:
            return
        super().user_logged_in(sender, request, user, **kwargs)
