"""App configuration of lms.platform."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "lms.platform"
    label = "lms_platform"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The <id:...> URL converter, and the schema extension for Bearer tokens.
        from lms.platform import ids  # noqa: F401
        from lms.platform.api import schema  # noqa: F401
