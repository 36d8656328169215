"""App configuration of lms.security: sign-in hardening and the security audit trail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "lms.security"
    label = "lms_security"
    verbose_name = _("Security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.core.roles import grant
        from lms.security import signals  # noqa: F401  (sign-ins, roles, imports into the trail)

        # The training office reads the trail and lifts lockouts; only superusers change roles.
        grant("curator", ["lms_security.view_securityevent", "lms_security.unlock_account"])
