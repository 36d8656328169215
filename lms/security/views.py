"""Site screens of lms.security: the account's security page (two-factor, recovery codes,
sessions), the second-factor step after the password, the password change (owed or chosen),
and the keep-alive the idle warning sends."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from lms.platform.api.errors import json_error
from lms.platform.ids import parse_id
from lms.security import services, sessions
from lms.security.addresses import browser_name
from lms.security.models import UserSession


class CodeForm(forms.Form):
    """An authenticator or recovery code (the templates write the input: includes/code_field)."""

    code = forms.CharField(max_length=32)


def _next(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _verified(request):
    return request.user.is_verified() if hasattr(request.user, "is_verified") else False


@login_required
def security_page(request):
    """The person's own account security: two-factor sign-in, recovery codes, sessions."""
    user = request.user
    current = request.session.session_key
    rows = list(services.live_sessions(user).order_by("-last_seen_at"))
    return render(request, "lms_security/security.html", {
        "policy": services.two_factor_policy(user),
        "has_two_factor": services.has_two_factor(user),
        "codes_left": services.recovery_codes_left(user),
        "sessions": [{"row": row, "current": row.session_key == current,
                      "browser": browser_name(row.user_agent)} for row in rows],
    })


@login_required
def two_factor_setup(request):
    user = request.user
    if services.has_two_factor(user) and not _verified(request):
        return redirect(f"{reverse('two-factor-verify')}?next={reverse('account-security')}")
    device = services.totp_pending(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.totp_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if confirmed is None:
            form.add_error("code", _("That code is not right. Check the time on your phone and "
                                     "enter the code the app shows now."))
        else:
            device, codes = confirmed
            otp_login(request, device)
            sessions.settle(request)
            return render(request, "lms_security/recovery_codes.html",
                          {"codes": codes, "next": _next(request), "first": True})
    return render(request, "lms_security/two_factor_setup.html", {
        "form": form, "qr_svg": services.totp_qr_svg(device),
        "secret": services.totp_secret(device), "next": _next(request, ""),
        "required": services.two_factor_policy(user) == "required",
    })


@login_required
def two_factor_verify(request):
    user = request.user
    if not services.has_two_factor(user):
        # Nothing to verify (the authenticator was removed meanwhile): the session must stop
        # owing it now, not at the next minute's check, or it bounces between here and `next`.
        sessions.settle(request)
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_check(user=user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _("That code is not right, or has been used."))
        else:
            otp_login(request, device)
            sessions.settle(request)
            return redirect(_next(request))
    return render(request, "lms_security/two_factor_verify.html",
                  {"form": form, "next": _next(request, "")})


@login_required
@require_POST
def recovery_codes(request):
    if not services.has_two_factor(request.user) or not _verified(request):
        return redirect("account-security")
    codes = services.recovery_codes_renew(user=request.user)
    return render(request, "lms_security/recovery_codes.html",
                  {"codes": codes, "next": reverse("account-security"), "first": False})


@login_required
@require_POST
def two_factor_remove(request):
    user = request.user
    if services.two_factor_policy(user) == "required":
        messages.error(request, _("Your role requires two-factor sign-in: it cannot be removed."))
    elif not _verified(request):
        messages.error(request, _("Enter a code from your authenticator app first."))
    else:
        services.two_factor_remove(actor=user, user=user)
        sessions.settle(request)
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("account-security")


@login_required
@require_POST
def sessions_end(request):
    """End one of my other sessions, or all of them but this one."""
    current = request.session.session_key
    posted = request.POST.get("session", "")
    row = parse_id(posted)
    key = (UserSession.objects.filter(user=request.user, pk=row)
           .values_list("session_key", flat=True).first() if row is not None else None)
    if posted and key is None:
        messages.error(request, _("That session has already ended."))
        return redirect("account-security")
    if key and key != current:
        ended = services.sessions_end_by(actor=request.user, user=request.user, only_key=key)
    else:
        ended = services.sessions_end_by(actor=request.user, user=request.user,
                                         keep_session_key=current)
    messages.success(request, ngettext("Signed out of %(count)d other session.",
                                       "Signed out of %(count)d other sessions.", ended)
                     % {"count": ended})
    return redirect("account-security")


@require_POST
def keepalive(request):
    """The idle warning's "stay signed in": the middleware has counted this request."""
    if not request.user.is_authenticated:
        return json_error("not_authenticated",
                          _("Your session has ended: please sign in again."), 401)
    request.session[sessions.SEEN] = sessions.now()
    return JsonResponse({"seconds_left": sessions.idle_seconds_left(request)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Choosing a new password: owed after an import or staff set one, or by choice."""

    template_name = "lms_security/password_change.html"
    success_url = reverse_lazy("account-security")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owed"] = self.request.session.get(sessions.OWES) == sessions.PASSWORD
        context["next"] = _next(self.request, "")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.settle(self.request)
        messages.success(self.request, _("Your password has been changed. Your other sessions "
                                         "have been signed out."))
        target = _next(self.request, "")
        return redirect(target) if target else response
