"""Site views of lms.core: sign-in and error pages (JSON under /api/, HTML elsewhere)."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from lms.core.api.errors import api_not_found, api_server_error, json_error


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


def _is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return json_error("bad_request", _("The request could not be understood."), 400)
    return defaults.bad_request(request, exception, template_name="core/400.html")


def permission_denied(request, exception=None):
    if _is_api(request):
        return json_error("permission_denied",
                          _("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception, template_name="core/403.html")


def page_not_found(request, exception=None):
    if _is_api(request):
        return api_not_found()
    return render(request, "core/404.html", status=404)


def server_error(request):
    if _is_api(request):
        return api_server_error()
    return defaults.server_error(request, template_name="core/500.html")
