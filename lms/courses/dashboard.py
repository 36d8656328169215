"""Panels of the admin dashboard: the training office's (hours by category, approvals waiting,
waiting lists, courses starting soon) and an instructor's classes, each shown to whom it
concerns."""

import json

from django.forms import Script
from django.utils.translation import gettext, pgettext
from wagtail.admin.ui.components import Component

from lms.courses import office, selectors
from lms.courses.models import current_training_year

CHART_SCRIPT = "lms_courses/widgets/lms-hours-chart.js"


class DashboardPanel(Component):
    """A dashboard panel shown to users for whom `is_shown_to(user)` is true."""

    @classmethod
    def is_shown_to(cls, user):
        raise NotImplementedError


class OfficePanel(DashboardPanel):
    """A panel of the training office: for those who see the enrolment lists."""

    permission = "lms_courses.view_enrolment"

    @classmethod
    def is_shown_to(cls, user):
        return user.has_perm(cls.permission)


class HoursByCategoryPanel(OfficePanel):
    """This year's hours done against required by trainee category: a chart drawn by the
    <lms-hours-chart> widget and the same numbers as a table."""

    name = "lms_hours_by_category"
    order = 100
    template_name = "lms_courses/admin/dashboard/hours_by_category.html"

    class Media:
        js = [Script(CHART_SCRIPT, type="module")]

    def get_context_data(self, parent_context=None):
        year = current_training_year()
        rows = office.hours_by_category(year)
        chart = {
            "labels": [row.category.name for row in rows],
            "datasets": [
                {"label": gettext("Hours done"), "values": [float(row.done) for row in rows]},
                {"label": gettext("Hours required"),
                 "values": [float(row.required) for row in rows]},
            ],
            "unit": pgettext("unit of training hours", "h"),
        }
        return {"year": year, "rows": rows, "chart_json": json.dumps(chart, ensure_ascii=False)}


class ApprovalsPanel(OfficePanel):
    """How many elective choices wait for the office's approval, and the oldest of them."""

    name = "lms_approvals_waiting"
    order = 110
    permission = "lms_courses.change_enrolment"
    template_name = "lms_courses/admin/dashboard/approvals.html"

    def get_context_data(self, parent_context=None):
        count, oldest = office.approvals_waiting(limit=5)
        return {"count": count, "oldest": oldest}


class WaitingListsPanel(OfficePanel):
    """The courses of this year with trainees on their waiting lists."""

    name = "lms_waiting_lists"
    order = 120
    template_name = "lms_courses/admin/dashboard/waiting_lists.html"
    shown = 10

    def get_context_data(self, parent_context=None):
        year = current_training_year()
        lists = office.waiting_lists(year)
        return {"year": year, "lists": lists[:self.shown],
                "more": max(len(lists) - self.shown, 0)}


class CoursesStartingPanel(OfficePanel):
    """Courses starting in the next two weeks, with their seats taken and capacity."""

    name = "lms_courses_starting"
    order = 130
    template_name = "lms_courses/admin/dashboard/courses_starting.html"

    def get_context_data(self, parent_context=None):
        return {"courses": office.courses_starting(days=14)}


class MyClassesPanel(DashboardPanel):
    """An instructor's classes this year: trainees on each, completed, and the share done."""

    name = "lms_my_classes"
    order = 140
    template_name = "lms_courses/admin/dashboard/my_classes.html"

    @classmethod
    def is_shown_to(cls, user):
        return bool(selectors.course_ids_taught_by(user))

    def get_context_data(self, parent_context=None):
        year = current_training_year()
        courses = selectors.classes_of(parent_context["request"].user, year)
        rows = [(course, office.percent(course.completed, course.on_course)) for course in courses]
        return {"year": year, "rows": rows}


PANELS = [HoursByCategoryPanel, ApprovalsPanel, WaitingListsPanel, CoursesStartingPanel,
          MyClassesPanel]


def panels_for(user):
    """The panels this user is shown, to add to Wagtail's dashboard."""
    return [panel() for panel in PANELS if panel.is_shown_to(user)]
