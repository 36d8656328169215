"""Template tags of the school's branding: its name, as the admin shows it beside its logo."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def school_name():
    """The school's name (the LMS_SCHOOL_NAME setting), else the product's name in the page's
    language."""
    return getattr(settings, "LMS_SCHOOL_NAME", "") or gettext("Cadre LMS")
