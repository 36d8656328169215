"""Registers lms.courses' admin screens and menu with Wagtail."""

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from lms.courses import admin_views, admin_years, dashboard, selectors
from lms.courses.models import CoursePage, Enrolment
from lms.platform.admin_screens import PermissionMenuItem

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
        path("courses/<id:course_id>/progress/", admin_views.CourseProgressView.as_view(),
             name="lms_courses_progress"),
        path("courses/my-classes/", admin_views.MyClassesView.as_view(),
             name="lms_courses_my_classes"),
        path("courses/years/", admin_years.TrainingYearsView.as_view(),
             name="lms_courses_years"),
        path("courses/years/<int:year>/close/", admin_years.TrainingYearCloseView.as_view(),
             name="lms_courses_year_close"),
        path("courses/years/<int:year>/reopen/", admin_years.TrainingYearReopenView.as_view(),
             name="lms_courses_year_reopen"),
    ]


# (label, URL name, icon, order, permission that shows it)
TRAINING_SCREENS = [
    (_("Classified training"), "lms_courses_requirements", "table", 10,
     "lms_courses.change_courserequirement"),
    (_("Enrolments"), "enrolments:index", "list-ul", 20, "lms_courses.view_enrolment"),
    (_("Approvals"), "lms_courses_approvals", "tick", 30, "lms_courses.change_enrolment"),
    (_("Enrol a unit or category"), "lms_courses_bulk_enrol", "group", 40,
     "lms_courses.add_enrolment"),
    (_("Import enrolments"), "lms_courses_enrolment_import", "upload", 50,
     "lms_courses.add_enrolment"),
    (_("Training years"), "lms_courses_years", "date", 60, "lms_courses.change_trainingyear"),
]
training_menu = Menu(items=[
    PermissionMenuItem(label, reverse_lazy(url_name), icon_name=icon, order=order,
                       permission=permission)
    for label, url_name, icon, order, permission in TRAINING_SCREENS
])


@hooks.register("register_log_actions")
def register_training_year_log_actions(actions):
    admin_years.register_log_actions(actions)


@hooks.register("register_admin_menu_item")
def register_my_classes():
    # Instructors are not training staff: their classes get a menu item of their own.
    return PermissionMenuItem(_("My classes"), reverse_lazy("lms_courses_my_classes"),
                              icon_name="group", order=240,
                              shown_to=lambda user: bool(selectors.course_ids_taught_by(user)))


@hooks.register("register_admin_menu_item")
def register_training_menu():
    return SubmenuMenuItem(_("Training"), training_menu, icon_name="table", order=250)


@hooks.register("register_page_listing_more_buttons")
def course_progress_button(page, user, next_url=None):
    if page.specific_class is CoursePage and selectors.may_see_progress(user, page.pk):
        yield Button(_("Progress"), reverse("lms_courses_progress", args=[page.pk]),
                     icon_name="list-ul", priority=60)


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(dashboard.panels_for(request.user))
