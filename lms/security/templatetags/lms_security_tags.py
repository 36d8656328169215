"""{% session_timeout %}: the idle warning every signed-in page carries."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("lms_security/includes/session_timeout.html", takes_context=True)
def session_timeout(context):
    return {
        "request": context.get("request"),
        "idle_seconds": settings.LMS_SESSION_IDLE_MINUTES * 60,
        "warning_seconds": min(settings.LMS_SESSION_WARNING_MINUTES,
                               settings.LMS_SESSION_IDLE_MINUTES) * 60,
    }
