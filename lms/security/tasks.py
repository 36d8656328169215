"""Celery tasks of lms.security (thin: each calls the model's or a service's function)."""

from celery import shared_task

from lms.security import services
from lms.security.models import SecurityEvent


@shared_task
def purge_expired_events():
    """Remove security events older than the retention period (LMS_AUDIT_RETENTION_DAYS), and
    the rows of sessions past their limits."""
    services.sessions_forget_stale()
    return SecurityEvent.objects.purge_expired()
