"""Writing the security audit trail: `record()` from any service, view or signal.

Who acted and from which address come from the request being served (set by
`lms.security.middleware`), unless the caller names them; events from the worker or a command
carry no address and the channel "system"."""

import contextvars

from lms.security.addresses import client_ip, user_agent
from lms.security.models import SecurityEvent

_request = contextvars.ContextVar("lms_security_request", default=None)


def bind_request(request):
    """Make `request` the one events are recorded from; returns the token to `unbind`."""
    return _request.set(request)


def unbind(token):
    _request.reset(token)


def current_request():
    return _request.get()


def channel_of(request):
    if request is None:
        return SecurityEvent.Channel.SYSTEM
    path = request.path_info or ""
    if path.startswith("/api/"):
        return SecurityEvent.Channel.API
    if path.startswith("/admin/"):
        return SecurityEvent.Channel.ADMIN
    return SecurityEvent.Channel.SITE


def _username(user):
    return user.get_username() if user is not None and user.is_authenticated else ""


def record(kind, *, actor=None, subject=None, subject_name="", summary="", detail=None,
           request=None):
    """Append one event. `actor` defaults to the request's signed-in user; `subject` is the
    account the event concerns (the actor's own when not given)."""
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    if subject is None and not subject_name:
        subject = actor
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_name=_username(actor),
        subject=subject,
        subject_name=(subject_name or _username(subject))[:150],
        address=client_ip(request) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        channel=channel_of(request),
        summary=str(summary)[:500],
        detail=detail or {},
    )
