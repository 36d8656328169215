"""Celery tasks of lms.discussions: thin, safe to run twice (a notification is mailed once)."""

from celery import shared_task

from lms.discussions import emails


@shared_task(name="lms.discussions.tasks.email_notifications", time_limit=300,
             soft_time_limit=240)
def email_notifications(notification_ids):
    """Mail these new notifications to those who want them at once. Returns mails sent."""
    return emails.send_immediate(notification_ids)


@shared_task(name="lms.discussions.tasks.email_daily_digests", time_limit=1800,
             soft_time_limit=1500)
def email_daily_digests():
    """The daily digest of what is new, for those who chose it. Returns mails sent."""
    return emails.send_daily_digests()
