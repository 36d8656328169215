"""What a signed-in session carries for lms.security, in the session itself so that no request
reads the database for it: when it began, when it was last seen, and what it still owes (a
second factor, a new password). Refreshed from the database at most once a minute."""

import time

from django.conf import settings

STARTED = "lms_security_started"
SEEN = "lms_security_seen"
OWES = "lms_security_owes"  # "two_factor_verify", "two_factor_setup", "password", or absent
# The session key its UserSession row is kept under: Django gives a session a new key on a
# password change (update_session_auth_hash) and the middleware moves the row after it.
TRACKED = "lms_security_key"
SEEN_EVERY = 60  # seconds between two writes of "last seen"

VERIFY = "two_factor_verify"
SETUP = "two_factor_setup"
PASSWORD = "password"


def now():
    return time.time()


def owed(user, *, verified=False):
    """What the account owes before anything else, in order: a second factor (verified in this
    session, or set up when its role requires it), then a new password."""
    from lms.security import services

    if not verified:
        if services.has_two_factor(user):
            return VERIFY
        if services.two_factor_policy(user) == "required":
            return SETUP
    if services.must_change_password(user):
        return PASSWORD
    return ""


def start(request, user):
    moment = now()
    request.session[STARTED] = moment
    request.session[SEEN] = moment
    request.session[OWES] = owed(user)


def settle(request):
    """Recompute what the session owes (after a factor is verified or set up, a password
    changed, or roles changed)."""
    user = request.user
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    request.session[OWES] = owed(user, verified=verified)


def expired(request, moment):
    """"lifetime", "idle" or "" for the session of this request."""
    started = request.session.get(STARTED)
    seen = request.session.get(SEEN)
    if started is None or seen is None:
        return ""
    if moment - started > settings.LMS_SESSION_MAX_HOURS * 3600:
        return "lifetime"
    if moment - seen > settings.LMS_SESSION_IDLE_MINUTES * 60:
        return "idle"
    return ""


def idle_seconds_left(request, moment=None):
    moment = moment or now()
    seen = request.session.get(SEEN, moment)
    started = request.session.get(STARTED, moment)
    return max(0, int(min(settings.LMS_SESSION_IDLE_MINUTES * 60 - (moment - seen),
                          settings.LMS_SESSION_MAX_HOURS * 3600 - (moment - started))))
