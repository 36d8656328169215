"""lms.security's middleware: binds each request to the audit trail, ends idle and over-age
sessions, and holds a signed-in session at the second factor or the password change it owes
before any other screen (site, Wagtail admin and the API alike)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.platform.api.errors import json_error
from lms.security import audit, services, sessions

# Reachable whatever the session owes: signing out, the owed screens themselves, and what any
# page needs to show (static files, translations, the language switch).
ALWAYS_OPEN = ("/accounts/logout/", "/jsi18n/", "/i18n/", "/favicon.ico")


def _open_paths():
    return (*ALWAYS_OPEN, settings.STATIC_URL)


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.bind_request(request)
        try:
            return self.check(request) or self.get_response(request)
        finally:
            audit.unbind(token)

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        if session.session_key and session.get(sessions.TRACKED) != session.session_key:
            services.session_rekeyed(request=request)  # a new key, or no row yet
        moment = sessions.now()
        reason = sessions.expired(request, moment)
        if reason:
            return self.expire(request, reason)
        if sessions.SEEN not in session:
            sessions.start(request, user)  # a session from before this middleware
        elif moment - session[sessions.SEEN] > sessions.SEEN_EVERY:
            session[sessions.SEEN] = moment
            services.session_seen(session_key=session.session_key)
            sessions.settle(request)  # roles may have changed since
        owes = session.get(sessions.OWES, "")
        if owes and not self.open(request, owes):
            return self.hold(request, owes)
        return None

    def open(self, request, owes):
        path = request.path_info
        if path.startswith(_open_paths()):
            return True
        target = {sessions.VERIFY: "two-factor-verify", sessions.SETUP: "two-factor-setup",
                  sessions.PASSWORD: "password-change"}[owes]
        return path == reverse(target)

    def hold(self, request, owes):
        detail, code, target = {
            sessions.VERIFY: (_("Enter the code from your authenticator app to go on."),
                              "two_factor_required", "two-factor-verify"),
            sessions.SETUP: (_("Your role requires two-factor sign-in: set it up to go on."),
                             "two_factor_setup_required", "two-factor-setup"),
            sessions.PASSWORD: (_("You must choose a new password before going on."),
                                "password_change_required", "password-change"),
        }[owes]
        if request.path_info.startswith("/api/"):
            return json_error(code, detail, 403)
        return redirect_to_login(request.get_full_path(), reverse(target))

    def expire(self, request, reason):
        request.lms_session_expired = reason
        logout(request)
        if request.path_info.startswith("/api/"):
            return None  # answered as for anyone signed out
        if reason == "idle":
            text = _("You were signed out after %(minutes)d minutes without activity.") % {
                "minutes": settings.LMS_SESSION_IDLE_MINUTES}
        else:
            text = _("Your session reached its %(hours)d-hour limit: please sign in again.") % {
                "hours": settings.LMS_SESSION_MAX_HOURS}
        messages.info(request, text)
        login = reverse("wagtailadmin_login") if request.path_info.startswith(
            "/admin/") else reverse(settings.LOGIN_URL)
        return redirect_to_login(request.get_full_path(), login)
