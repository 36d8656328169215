"""Registers lms.core's admin screens, menu items and URLs with Wagtail."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.core import admin_users, admin_views
from lms.platform.admin_screens import PermissionMenuItem


@hooks.register("register_admin_viewset")
def register_organisation():
    return admin_views.OrganisationGroup()


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("trainee-imports/", admin_views.TraineeImportCreateView.as_view(),
             name="lms_core_trainee_import"),
        path("trainee-imports/<id:pk>/", admin_views.TraineeImportDetailView.as_view(),
             name="lms_core_trainee_import_detail"),
        path("trainee-imports/template.csv", admin_views.trainee_import_template,
             name="lms_core_trainee_import_template"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import trainees"),
        reverse("lms_core_trainee_import"),
        icon_name="upload",
        order=310,
        permission="lms_core.add_traineeimport",
    )


# Replace Wagtail's user bulk actions (same action_type; a later order wins in its registry) with
# ones that apply lms.core's account rule.
for _bulk_action in admin_users.USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", _bulk_action, order=1)
