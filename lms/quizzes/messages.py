"""Messages of the pure quiz modules (parsers, grading): marked for translation where they are
written, translated where they are shown, so those modules need no Django."""

from dataclasses import dataclass, field


def gettext_noop(text):
    """Mark a string for makemessages; it is translated when the Message is shown."""
    return text


@dataclass(frozen=True)
class Message:
    """A translatable sentence with its named %(…)s values; str() gives it in the active
    language (Django's gettext when Django is set up, the English text otherwise)."""

    text: str
    params: dict = field(default_factory=dict)

    def __str__(self):
        try:
            from django.utils.translation import gettext
            text = gettext(self.text)
        except Exception:  # Django absent or not configured: a pure test or a script
            text = self.text
        return text % self.params if self.params else text
