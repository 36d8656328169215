"""One error format for the whole API: {"code": stable word, "detail": translated text}."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def _first_message(data):
    if isinstance(data, list) and data:
        return _first_message(data[0])
    if isinstance(data, dict) and data:
        return _first_message(next(iter(data.values())))
    return str(data)


def _codes(detail):
    """The first error code of a (possibly nested) DRF error detail."""
    if isinstance(detail, list) and detail:
        return _codes(detail[0])
    if isinstance(detail, dict) and detail:
        return _codes(next(iter(detail.values())))
    return getattr(detail, "code", None)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # A service's refusal carries a stable code (e.g. "enrolment_closed"); keep it.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages,
            code=getattr(exc, "code", None),
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        if isinstance(exc.detail, dict) and len(exc.detail) == 1 and (
                set(exc.detail) & {api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS}):
            # Only errors of the whole request (a form's clean(), a serializer's validate()).
            exc.detail = next(iter(exc.detail.values()))
        if isinstance(exc.detail, dict):
            body = {"code": "invalid", "detail": _("The submitted data is not valid."),
                    "errors": exc.detail}
        else:
            body = {"code": _codes(exc.detail) or "invalid", "detail": _first_message(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = {"code": getattr(detail, "code", None) or getattr(exc, "default_code", "error"),
                "detail": str(detail)}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            body["retry_after"] = int(exc.wait)
    response.data = body
    return response


def json_error(code, detail, status_code):
    # Chinese as written, like DRF's own responses (UNICODE_JSON), not as \u escapes.
    return JsonResponse({"code": code, "detail": str(detail)}, status=status_code,
                        json_dumps_params={"ensure_ascii": False})


def api_server_error():
    return json_error(
        "server_error",
        _("Something went wrong on the server. The error has been logged."),
        status.HTTP_500_INTERNAL_SERVER_ERROR,
    )



class RefusedError(exceptions.APIException):
    """A service's Refused (lms.platform.refusals), answered with its status and stable code."""

    def __init__(self, refused):
        self.status_code = refused.status
        super().__init__(refused.message, code=refused.code)
