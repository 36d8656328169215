"""The words of enrolment refusals: dates as people read them, and the one withdrawal rule
(rules.withdrawal_refusal) as a trainee reads it on the course page, in the API's error and in
the service's refusal."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def when(moment):
    """A date and time as people read it in messages: the site's time zone, the language's
    format (2 Dec 2026, 08:30 / 2026年12月2日 08:30)."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def withdrawal_message(code, course):
    """Why the trainee may not drop `course`, for a code of rules.withdrawal_refusal."""
    messages = {
        "not_enrolled": _("You are not enrolled on “%(course)s”."),
        "already_completed": _("You have already completed “%(course)s”."),
        "required_course": _("“%(course)s” is required for your category and cannot be "
                             "dropped."),
        "assigned_by_office": _("The training office put you on “%(course)s”; ask them if you "
                                "need to leave it."),
        "withdrawal_closed": _("The deadline to withdraw from “%(course)s” was %(date)s."),
        "year_closed": _("The training year of “%(course)s” is closed: nothing in it can "
                         "change any more."),
    }
    closes_at = course.withdrawal_closes_at()
    date = when(closes_at) if closes_at else ""
    return messages[code] % {"course": course.title, "date": date}
