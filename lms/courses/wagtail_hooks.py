"""Registers lms.courses' admin screens and menu with Wagtail."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from lms.core.admin_utils import PermissionMenuItem
from lms.courses import admin_views
from lms.courses.models import CoursePage, Enrolment

register_permission_policy(Enrolment, admin_views.ReadOnlyPolicy(Enrolment))


@hooks.register("register_admin_viewset")
def register_enrolments():
    return admin_views.EnrolmentViewSet()


@hooks.register("register_admin_urls")
def register_course_admin_urls():
    return [
        path("courses/requirements/", admin_views.RequirementsGridView.as_view(),
             name="lms_courses_requirements"),
        path("courses/bulk-enrol/", admin_views.BulkEnrolView.as_view(),
             name="lms_courses_bulk_enrol"),
        path("courses/enrolment-import/", admin_views.EnrolmentImportView.as_view(),
             name="lms_courses_enrolment_import"),
        path("courses/approvals/", admin_views.DecideView.as_view(),
             name="lms_courses_approvals"),
        path("courses/<int:course_id>/progress/", admin_views.CourseProgressView.as_view(),
             name="lms_courses_progress"),
    ]


training_menu = Menu(register_hook_name="register_lms_training_menu_item", construct_hook_name=None)


@hooks.register("register_admin_menu_item")
def register_training_menu():
    return SubmenuMenuItem(_("Training"), training_menu, icon_name="table", order=250)


@hooks.register("register_lms_training_menu_item")
def requirements_item():
    return PermissionMenuItem(_("Classified training"), reverse("lms_courses_requirements"),
                               icon_name="table", order=10,
                               permission="lms_courses.change_courserequirement")


@hooks.register("register_lms_training_menu_item")
def enrolments_item():
    return PermissionMenuItem(_("Enrolments"), reverse("enrolments:index"), icon_name="list-ul",
                               order=20, permission="lms_courses.view_enrolment")


@hooks.register("register_lms_training_menu_item")
def approvals_item():
    return PermissionMenuItem(_("Approvals"), reverse("lms_courses_approvals"), icon_name="tick",
                               order=30, permission="lms_courses.change_enrolment")


@hooks.register("register_lms_training_menu_item")
def bulk_enrol_item():
    return PermissionMenuItem(_("Enrol a unit or category"), reverse("lms_courses_bulk_enrol"),
                               icon_name="group", order=40,
                               permission="lms_courses.add_enrolment")


@hooks.register("register_lms_training_menu_item")
def enrolment_import_item():
    return PermissionMenuItem(_("Import enrolments"), reverse("lms_courses_enrolment_import"),
                               icon_name="upload", order=50,
                               permission="lms_courses.add_enrolment")


@hooks.register("register_page_listing_more_buttons")
def course_progress_button(page, user, next_url=None):
    if page.specific_class is CoursePage and user.has_perm("lms_courses.view_enrolment"):
        yield Button(_("Progress"), reverse("lms_courses_progress", args=[page.pk]),
                     icon_name="list-ul", priority=60)
