"""App configuration of lms.core."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "lms_core"
    verbose_name = _("People and organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.core import signals  # noqa: F401  (every user gets a profile)

        # Groups and their permissions follow the code after every migrate: once, after the
        # last app's post_migrate, when every app's permissions exist (migrate sends it for
        # every app with models, in order, whichever apps it migrated). A module-level
        # receiver: a function made here would be held weakly and collected at once.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(_sync_roles, sender=last, dispatch_uid="lms_core_roles_sync")


def _sync_roles(sender, **kwargs):
    from lms.core.roles import roles_sync

    roles_sync()


class UsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's users app (label "wagtailusers") with lms.core's user admin and a superusers-only
    policy for groups, so only superusers grant rights. Listed in INSTALLED_APPS in place of
    "wagtail.users"."""

    # Not the config Django picks for "lms.core": that stays CoreConfig.
    default = False
    user_viewset = "lms.core.admin_users.UserViewSet"

    def ready(self):
        super().ready()
        from django.contrib.auth.models import Group
        from wagtail.permissions import register_permission_policy

        from lms.core.accounts import SuperusersOnlyPolicy

        # Groups carry permissions: only superusers see or change them, whatever else anyone
        # holds (Wagtail's group screens and its Groups menu item follow this policy).
        register_permission_policy(Group, SuperusersOnlyPolicy(Group))
