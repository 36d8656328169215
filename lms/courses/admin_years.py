"""Wagtail admin screens of training years: the list of years with what each holds, and the
confirmations that close a year (the training office) and reopen one (administrators only)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from lms.courses import selectors, services
from lms.courses.models import (
    CourseRequirement,
    TrainingYear,
    current_training_year,
    plausible_training_year,
)
from lms.platform.admin_screens import AdminScreen


def _closed_by_name(record):
    user = record.closed_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class TrainingYearsView(AdminScreen, TemplateView):
    """Every training year with enrolments, requirements or a record (and this year), newest
    first: open or closed, what it holds, and the way to close (or reopen) it. Three queries
    whatever the number of years."""

    permission = "lms_courses.change_trainingyear"
    template_name = "lms_courses/admin/training_years.html"
    page_title = gettext_lazy("Training years")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summaries = selectors.year_summaries()
        records = {record.year: record
                   for record in TrainingYear.objects.select_related("closed_by")}
        requirement_years = set(CourseRequirement.objects.order_by().values_list("year", flat=True)
                                .distinct())
        this_year = current_training_year()
        years = sorted({this_year, *summaries, *records, *requirement_years}, reverse=True)
        rows = []
        for year in years:
            record = records.get(year)
            closed = record is not None and record.is_closed
            rows.append({
                "year": year, "is_current": year == this_year, "closed": closed,
                "closed_at": record.closed_at if closed else None,
                "closed_by": _closed_by_name(record) if closed else "",
                "summary": summaries.get(year, selectors.YearSummary()),
            })
        context.update({"rows": rows, "may_reopen": self.request.user.is_superuser})
        return context


class YearConfirmView(AdminScreen, TemplateView):
    """A confirmation page for one year (GET) and the change it confirms (POST)."""

    template_name = "lms_courses/admin/training_year_confirm.html"
    header_icon = "date"
    action = ""  # "close" or "reopen"

    def get_year(self):
        year = plausible_training_year(self.kwargs["year"])
        if year is None:
            raise Http404(_("Not a plausible training year."))
        return year

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse_lazy("lms_courses_years"), "label": _("Training years")},
                {"url": "", "label": self.get_page_title()}]

    def already_done(self, year):
        """A message when the year is already as this view would leave it, else None."""
        raise NotImplementedError

    def apply(self, year):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        year = self.get_year()
        message = self.already_done(year)
        if message:
            messages.info(request, message)
            return redirect("lms_courses_years")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        year = self.get_year()
        message = self.already_done(year)
        if message:
            messages.info(request, message)
            return redirect("lms_courses_years")
        try:
            self.apply(year)
        except services.EnrolmentRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, self.done_message(year))
        return redirect("lms_courses_years")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        context.update({"year": year, "action": self.action,
                        "summary": selectors.year_summary(year),
                        "cancel_url": reverse("lms_courses_years")})
        return context


class TrainingYearCloseView(YearConfirmView):
    """The training office closes a year: after that nothing in it changes."""

    permission = "lms_courses.change_trainingyear"
    action = "close"

    def get_page_title(self):
        return _("Close training year %(year)s") % {"year": self.kwargs["year"]}

    def already_done(self, year):
        if services.year_is_closed(year):
            return _("The %(year)s training year is already closed; nothing was changed.") % {
                "year": year}
        return None

    def apply(self, year):
        services.training_year_close(year=year, by=self.request.user)

    def done_message(self, year):
        return _("The %(year)s training year is closed.") % {"year": year}


class TrainingYearReopenView(YearConfirmView):
    """An administrator reopens a closed year, to correct a mistake."""

    action = "reopen"

    def has_permission(self, request):
        return request.user.is_superuser

    def get_page_title(self):
        return _("Reopen training year %(year)s") % {"year": self.kwargs["year"]}

    def already_done(self, year):
        if not services.year_is_closed(year):
            return _("The %(year)s training year is open; nothing was changed.") % {"year": year}
        return None

    def apply(self, year):
        services.training_year_reopen(year=year, by=self.request.user)

    def done_message(self, year):
        return _("The %(year)s training year is open again.") % {"year": year}


def register_log_actions(actions):
    """Labels of the training-year actions in Wagtail's history reports."""
    actions.register_action("lms_courses.close_year", gettext_lazy("Close training year"),
                            gettext_lazy("Training year closed"))
    actions.register_action("lms_courses.reopen_year", gettext_lazy("Reopen training year"),
                            gettext_lazy("Training year reopened"))
