"""What lms.security keeps: the append-only audit trail, each account's password history and
standing (a change owed), and the sessions each person has open."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.security.describing import describe


class SecurityEventQuerySet(models.QuerySet):
    """No bulk change or removal: the trail only grows (see `purge_expired`)."""

    def update(self, **kwargs):
        raise PermissionDenied("Security events cannot be changed.")

    def delete(self):
        raise PermissionDenied("Security events cannot be deleted.")

    def purge_expired(self, *, now=None):
        """Remove events older than LMS_AUDIT_RETENTION_DAYS: the retention period's only way
        out of the trail. Returns the number removed."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.LMS_AUDIT_RETENTION_DAYS)
        expired = self.filter(created_at__lt=cutoff)
        deleted, _by_model = models.QuerySet.delete(expired)
        return deleted


class SecurityEvent(models.Model):
    """One event of the security audit trail: who did what, when, from which address."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_OUT = "sign_out", _("Signed out")
        SESSION_EXPIRED = "session_expired", _("Session ended")
        LOCKED_OUT = "locked_out", _("Locked out")
        UNLOCKED = "unlocked", _("Lockout lifted")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_SET = "password_set", _("Password set by staff")
        SESSIONS_ENDED = "sessions_ended", _("Sessions signed out")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor sign-in set up")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor sign-in removed")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Two-factor code refused")
        RECOVERY_CODES = "recovery_codes", _("Recovery codes made")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        ROLE_CHANGED = "role_changed", _("Roles or groups changed")
        ACCOUNT_CHANGED = "account_changed", _("Account rights changed")
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")
        YEAR_CLOSED = "year_closed", _("Training year closed")
        YEAR_REOPENED = "year_reopened", _("Training year reopened")

    class Channel(models.TextChoices):
        SITE = "site", _("Site")
        ADMIN = "admin", _("Admin")
        API = "api", _("API")
        SYSTEM = "system", _("System")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices, db_index=True)
    # Who acted, and whose account it concerns: the names are kept as they were, so the trail
    # still reads right after an account is renamed or removed.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("by (username)"), max_length=150, blank=True)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    subject_name = models.CharField(_("account (username)"), max_length=150, blank=True,
                                    db_index=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    channel = models.CharField(_("through"), max_length=8, choices=Channel.choices,
                               default=Channel.SYSTEM)
    summary = models.CharField(_("what"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject_name or self.actor_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionDenied("Security events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Security events cannot be deleted.")

    def what(self):
        """The event's particulars in the reader's language, made from `detail` (role changes,
        account rights, imports, exports); `summary`, as written, for the other kinds."""
        return describe(self)


class AccountSecurity(models.Model):
    """An account's standing: a password change owed (set by staff or an import)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True,
                                on_delete=models.CASCADE, related_name="security")
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("account security")
        verbose_name_plural = _("account security")
        permissions = [("unlock_account", _("Can lift sign-in lockouts"))]

    def __str__(self):
        return str(self.user)


class PasswordHistory(models.Model):
    """A password an account has had (its hash), to refuse the last N again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in session, so a person (and the staff) can list and end them."""

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last active"), default=timezone.now)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user_id} · {self.address or '?'}"
