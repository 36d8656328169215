"""Password rules beyond Django's own (listed in AUTH_PASSWORD_VALIDATORS): character classes,
no reuse of the last N passwords, and what follows a change (Django calls every validator's
`password_changed` when a user with a new password is saved)."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

CLASSES = {
    "lower": lambda c: c.islower(),
    "upper": lambda c: c.isupper(),
    "digit": lambda c: c.isdigit(),
    "symbol": lambda c: not (c.islower() or c.isupper() or c.isdigit() or c.isspace()),
}


def character_classes(password):
    """How many of lower case, upper case, digits and symbols the password uses."""
    return sum(1 for test in CLASSES.values() if any(test(c) for c in password))


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols.
    (Chinese characters count as symbols: neither letters with a case nor digits.)"""

    def __init__(self, min_classes=3):
        self.min_classes = max(1, min(int(min_classes), len(CLASSES)))

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple",
                                  params={"min_classes": self.min_classes})

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(min_classes)d kind of character: lower-case "
            "letters, upper-case letters, digits and symbols.",
            "Your password must mix at least %(min_classes)d of these kinds of character: "
            "lower-case letters, upper-case letters, digits and symbols.",
            self.min_classes,
        ) % {"min_classes": self.min_classes}


class PasswordHistoryValidator:
    """Refuse the account's current password and its previous `history` ones; record each new
    password's hash when it is saved, and act on the change (lms.security.services)."""

    def __init__(self, history=5):
        self.history = max(0, int(history))

    def _previous(self, user):
        from lms.security.models import PasswordHistory

        if user is None or user.pk is None or not self.history:
            return []
        return list(PasswordHistory.objects.filter(user_id=user.pk)
                    .values_list("password", flat=True)[: self.history])

    def validate(self, password, user=None):
        if user is None or user.pk is None or not self.history:
            return
        from django.contrib.auth import get_user_model

        stored = (get_user_model().objects.filter(pk=user.pk)
                  .values_list("password", flat=True).first())
        hashes = [stored, *self._previous(user)] if stored else self._previous(user)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused",
                                  params={"history": self.history})

    def get_help_text(self):
        return ngettext(
            "Your password cannot be the same as your last password.",
            "Your password cannot be the same as any of your last %(history)d passwords.",
            self.history,
        ) % {"history": self.history}

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from lms.security import services

        services.password_changed(user=user, keep=self.history)
