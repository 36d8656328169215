"""The site's error pages: JSON `{code, detail}` under /api/, HTML pages elsewhere."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from lms.platform.api.errors import api_server_error, json_error

# status → (API code, page title, message)
ERRORS = {
    400: ("bad_request", gettext_lazy("Bad request"),
          gettext_lazy("The request could not be understood.")),
    403: ("permission_denied", gettext_lazy("Access denied"),
          gettext_lazy("You do not have permission to see this page.")),
    404: ("not_found", gettext_lazy("Page not found"),
          gettext_lazy("There is no page at this address.")),
}


def _error(request, status):
    code, title, message = ERRORS[status]
    if request.path.startswith("/api/"):
        return json_error(code, message, status)
    return render(request, "lms_platform/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400)


def permission_denied(request, exception=None):
    return _error(request, 403)


def page_not_found(request, exception=None):
    return _error(request, 404)


@csrf_exempt  # a POST to a wrong address is a 404, not a CSRF refusal (an HTML page)
def api_not_found(request):
    """The last route under /api/v1/: what handler404 answers there, with DEBUG on as well
    (Django shows its HTML debug page instead of handler404 when no route matches)."""
    return _error(request, 404)


def server_error(request):
    if request.path.startswith("/api/"):
        return api_server_error()
    # No context processors here: the failure may be in one of them.
    return defaults.server_error(request, template_name="lms_platform/500.html")

