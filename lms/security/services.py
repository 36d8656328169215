"""Writes of lms.security: what a password change brings, sessions, two-factor devices,
lifting lockouts. Each records its event in the audit trail."""

import base64
import datetime
import io
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from lms.security import audit
from lms.security.addresses import client_ip, user_agent
from lms.security.models import AccountSecurity, PasswordHistory, SecurityEvent, UserSession
from lms.security.sessions import TRACKED

Kind = SecurityEvent.Kind
RECOVERY_CODES = 10


def _session_store(session_key=None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


# --- Passwords --------------------------------------------------------------------------------


def password_changed(*, user, keep):
    """After `user` was saved with a new password: keep its hash in the history, owe a change
    when someone else set it, and sign the account out everywhere else (sessions and API
    token). Set in a request by nobody signed in, it is the account holder's own: a reset by
    e-mail link (Wagtail's and Django's reset screens)."""
    request = audit.current_request()
    actor = getattr(request, "user", None) if request is not None else None
    signed_in = actor is not None and actor.is_authenticated
    by_self = request is not None and (not signed_in or actor.pk == user.pk)
    by_staff = signed_in and actor.pk != user.pk
    now = timezone.now()
    with transaction.atomic():
        PasswordHistory.objects.create(user_id=user.pk, password=user.password, created_at=now)
        stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[
            max(keep, 1):]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        defaults = {"password_changed_at": now}
        if by_self:
            defaults["must_change_password"] = False
        elif by_staff:
            defaults["must_change_password"] = True
        AccountSecurity.objects.update_or_create(user_id=user.pk, defaults=defaults)
        keep_key = (request.session.session_key if by_self and signed_in
                    and hasattr(request, "session") else None)
        ended = end_sessions(user=user, keep_session_key=keep_key)
        Token.objects.filter(user_id=user.pk).delete()
        audit.record(Kind.PASSWORD_CHANGED if by_self else Kind.PASSWORD_SET,
                     actor=user if by_self else None, subject=user,
                     detail={"sessions_ended": ended})


def must_change_password(user):
    return AccountSecurity.objects.filter(user_id=user.pk, must_change_password=True).exists()


def owe_password_change(user_ids):
    """Accounts made by an import or by staff change their password at their first sign-in."""
    user_ids = list(user_ids)
    existing = set(AccountSecurity.objects.filter(user_id__in=user_ids)
                   .values_list("user_id", flat=True))
    AccountSecurity.objects.filter(user_id__in=existing).update(must_change_password=True)
    AccountSecurity.objects.bulk_create(
        [AccountSecurity(user_id=pk, must_change_password=True)
         for pk in user_ids if pk not in existing], batch_size=1000)


# --- Sessions ---------------------------------------------------------------------------------


def session_started(*, request, user):
    """Keep a row of the session's sign-in (listed on the account security page), and the key
    it is kept under in the session itself."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "created_at": timezone.now(), "last_seen_at": timezone.now(),
                  "address": client_ip(request), "user_agent": user_agent(request)})
    request.session[TRACKED] = key


def session_rekeyed(*, request):
    """The session has a new key since its row was written (a password change cycles it):
    move the row to it, or write one for a session that has none."""
    key = request.session.session_key
    moved = UserSession.objects.filter(
        session_key=request.session.get(TRACKED, ""), user_id=request.user.pk).update(
        session_key=key, last_seen_at=timezone.now())
    if moved:
        request.session[TRACKED] = key
    else:
        session_started(request=request, user=request.user)


def session_seen(*, session_key):
    UserSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def session_forget(*, session_key):
    UserSession.objects.filter(session_key=session_key).delete()


def live_sessions(user=None, *, now=None):
    """Session rows still within the idle and lifetime limits (of `user`, or everyone's): a
    browser that went away leaves its row behind, and its session ends at its next request."""
    now = now or timezone.now()
    rows = UserSession.objects.filter(
        last_seen_at__gte=now - datetime.timedelta(minutes=settings.LMS_SESSION_IDLE_MINUTES),
        created_at__gte=now - datetime.timedelta(hours=settings.LMS_SESSION_MAX_HOURS))
    return rows if user is None else rows.filter(user_id=user.pk)


def sessions_forget_stale(*, now=None):
    """Drop the rows of sessions past their limits (nightly); returns how many."""
    return UserSession.objects.exclude(pk__in=live_sessions(now=now).values("pk")).delete()[0]


def end_sessions(*, user, keep_session_key=None, only_key=None):
    """End `user`'s sessions (all, all but one, or one); returns how many ended."""
    rows = UserSession.objects.filter(user_id=user.pk)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    if only_key:
        rows = rows.filter(session_key=only_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _session_store(key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def sessions_end_by(*, actor, user, only_key=None, keep_session_key=None):
    """A person ending their own sessions, or staff ending someone's; recorded."""
    ended = end_sessions(user=user, only_key=only_key, keep_session_key=keep_session_key)
    if not only_key:
        Token.objects.filter(user_id=user.pk).delete()
    if ended:
        audit.record(Kind.SESSIONS_ENDED, actor=actor, subject=user, detail={"ended": ended})
    return ended


# --- Two-factor -------------------------------------------------------------------------------


def api_token_recheck(user):
    """An account whose roles now require two-factor sign-in loses the API token it holds: the
    token endpoint gives a new one only with a code (lms.security.checks), and one handed out
    before, without it, would go round that."""
    if two_factor_policy(user) == "required":
        Token.objects.filter(user_id=user.pk).delete()


def two_factor_policy(user):
    """"required", "optional" or "off" for this account, by its roles (LMS_2FA_REQUIRED and
    LMS_2FA_OPTIONAL name role slugs and "superuser")."""
    from lms.core.roles import role_slugs_for

    slugs = set(role_slugs_for(user))
    if user.is_superuser:
        slugs.add("superuser")
    if slugs & set(settings.LMS_2FA_REQUIRED):
        return "required"
    if slugs & set(settings.LMS_2FA_OPTIONAL):
        return "optional"
    return "off"


def has_two_factor(user):
    return user_has_device(user, confirmed=True)


def totp_pending(user):
    """The unconfirmed authenticator being set up (made on first call, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"),
                                           confirmed=False)
    return device


def totp_secret(device):
    """The key in base32, as authenticator apps take it typed in."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device):
    """The set-up QR code as an SVG document (no image library needed)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def totp_confirm(*, user, device, code):
    """Confirm the authenticator with a code from it; returns the recovery codes (shown once)
    or None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed or not device.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_make(user)
        audit.record(Kind.TWO_FACTOR_ENABLED, subject=user)
    return device, codes


def _recovery_codes_make(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_renew(*, user):
    with transaction.atomic():
        codes = _recovery_codes_make(user)
        audit.record(Kind.RECOVERY_CODES, subject=user)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_remove(*, actor, user):
    """Remove an account's authenticator and recovery codes (the holder, when optional for
    them; or a superuser for someone who lost their phone)."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        if removed:
            audit.record(Kind.TWO_FACTOR_DISABLED, actor=actor, subject=user)
    return bool(removed)


def two_factor_check(*, user, code):
    """The confirmed device `code` belongs to (an authenticator code or an unused recovery
    code, which is then spent), or None. Refusals are recorded. The account's devices are
    locked first, so the same code sent twice at once is accepted once: django-otp reads a
    recovery code, or the authenticator's last accepted step, before it spends it."""
    from django_otp import devices_for_user

    code = "".join(str(code or "").split())
    with transaction.atomic():
        list(TOTPDevice.objects.select_for_update().filter(user=user).values_list("pk"))
        list(StaticDevice.objects.select_for_update().filter(user=user).values_list("pk"))
        for device in devices_for_user(user, confirmed=True) if code else ():
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    audit.record(Kind.RECOVERY_CODE_USED, subject=user,
                                 detail={"left": recovery_codes_left(user)})
                return device
        audit.record(Kind.TWO_FACTOR_FAILED, subject=user)
    return None


# --- Lockouts ---------------------------------------------------------------------------------


def lockout_lift(*, actor, username=None, ip_address=None):
    """Lift django-axes lockouts for a username and/or address; returns how many were lifted."""
    from axes.utils import reset

    if not username and not ip_address:
        raise ValueError("Name a username or an address: lifting every lockout is not offered.")
    count = reset(ip=ip_address, username=username)
    if not count:
        return 0
    audit.record(Kind.UNLOCKED, actor=actor, subject_name=username or ip_address or "",
                 detail={"username": username or "", "address": ip_address or "",
                         "lifted": count})
    return count
