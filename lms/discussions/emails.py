"""E-mail of discussion notifications: at once for those who asked for it, or one digest a day.
A mail is written in its reader's language (their admin profile's, else the site's) and names a
post's author only as the reader may know them (never a peer's anonymous post)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext
from wagtail.users.models import UserProfile

from lms.core.templatetags.lms_branding import school_name
from lms.discussions import presenting, selectors
from lms.discussions.models import EmailPreference, Notification

FREQUENCY_DEFAULT = EmailPreference.Frequency.DAILY


def _language(user):
    return UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE


def _where(note):
    """The address of the page the thread is on (the course's page for its board)."""
    page = note.thread.page or note.thread.course
    return page.full_url or ""


def _send(user, notes):
    """One mail to `user` about `notes` (their own notifications); marks them e-mailed."""
    if not user.email or not notes:
        return 0
    with translation.override(_language(user)):
        rows = presenting.notification_list(notes, user)
        for row, note in zip(rows, notes, strict=True):
            row["where"] = _where(note)
        subject = ngettext("%(school)s: %(count)d new notification from discussions",
                           "%(school)s: %(count)d new notifications from discussions",
                           len(rows)) % {
            "school": school_name(), "count": len(rows)}
        body = render_to_string("lms_discussions/email/notifications.txt",
                                {"user": user, "rows": rows, "school": school_name()})
    send_mail(subject, body, None, [user.email])
    Notification.objects.filter(pk__in=[note.pk for note in notes]).update(
        emailed_at=timezone.now())
    return 1


def _pending(users_query):
    """Notifications not yet e-mailed nor read, still shown (a hidden post's are not), for the
    users the query picks, grouped by user."""
    notes = (selectors.notifications_for_all()
             .filter(users_query, emailed_at__isnull=True, read_at__isnull=True)
             .select_related("user", "thread__course", "thread__page"))
    by_user = {}
    for note in notes:
        by_user.setdefault(note.user, []).append(note)
    return by_user


def _wants(frequency):
    chose = Q(user__discussion_email__frequency=frequency)
    if frequency == FREQUENCY_DEFAULT:
        return chose | Q(user__discussion_email__isnull=True)
    return chose


def send_immediate(notification_ids):
    """Mail, each user at once, the notifications of those who chose "at once"."""
    by_user = _pending(Q(pk__in=notification_ids) & _wants(EmailPreference.Frequency.IMMEDIATE))
    return sum(_send(user, notes) for user, notes in by_user.items())


def send_daily_digests():
    """Mail every user who chose the daily digest what is new for them since the last one."""
    by_user = _pending(_wants(EmailPreference.Frequency.DAILY))
    return sum(_send(user, notes) for user, notes in by_user.items())
