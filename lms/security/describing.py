"""What the security trail's "What" column says of an event, in the reader's language: made when
the trail is read from the event's structured `detail`, not frozen in the language (or the
field names) of whoever acted when it was written. Kinds without a describer show `summary`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import yesno
from django.utils.translation import gettext as _

from lms.core.roles import ROLES_BY_GROUP


def _groups(names):
    return ", ".join(str(ROLES_BY_GROUP[name].label) if name in ROLES_BY_GROUP else name
                     for name in names)


def _roles(detail):
    parts = []
    if detail.get("added"):
        parts.append(_("added to %(groups)s") % {"groups": _groups(detail["added"])})
    if detail.get("removed"):
        parts.append(_("removed from %(groups)s") % {"groups": _groups(detail["removed"])})
    return "; ".join(parts)


def _field_name(name):
    try:
        return str(get_user_model()._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _rights(detail):
    return "; ".join(
        _("%(right)s: %(before)s → %(after)s") % {
            "right": _field_name(name), "before": yesno(before, _("yes,no")),
            "after": yesno(after, _("yes,no"))}
        for name, (before, after) in sorted(detail.items()))


def _import(detail):
    return _("Trainees from %(file)s: %(created)d new, %(updated)d updated") % {
        "file": detail.get("file") or "—", "created": detail.get("created", 0),
        "updated": detail.get("updated", 0)}


def _export(detail):
    return _("%(what)s (%(format)s, %(rows)s rows)") % {
        "what": detail.get("what", ""), "format": detail.get("format", ""),
        "rows": "?" if detail.get("rows") is None else detail["rows"]}


DESCRIBERS = {"role_changed": _roles, "account_changed": _rights, "import": _import,
              "export": _export}


def describe(event):
    describer = DESCRIBERS.get(event.kind)
    if describer is None or not event.detail:
        return event.summary
    try:
        return describer(event.detail) or event.summary
    except (KeyError, TypeError, ValueError):  # a detail of another shape, kept from before
        return event.summary
