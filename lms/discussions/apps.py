"""App configuration of lms.discussions: threads on course and lecture pages, posts, votes,
moderation, subscriptions and notifications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "lms.discussions"
    label = "lms_discussions"
    verbose_name = _("Discussions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.discussions import criteria  # noqa: F401  (registers "participation")
