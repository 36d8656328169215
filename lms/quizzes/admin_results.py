"""Results of quizzes in the Wagtail admin, for the courses' instructors and the training office:
the quizzes they oversee, a quiz's results (attempts, grade spread, per-question statistics,
CSV/XLSX exports), a trainee's attempt in full, and regrading after a question's key was fixed.
Registered by lms.quizzes.wagtail_hooks: QuizResultsViewSet (URL namespace "quiz_results"; a
quiz's results are at reverse("quiz_results:results", args=[quiz.pk])) and results_menu_item().
Built on lms.quizzes.admin_marking's MarkingScreen; every view checks on the server who may see
it: instructors see only their courses' quizzes (anything else is a 404), regrading needs the
right to change the quiz.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet

from lms.courses.selectors import oversees_any
from lms.platform.admin_screens import PermissionMenuItem
from lms.platform.exports import LocalSpreadsheetExport
from lms.quizzes import presenting, reports, selectors, services
from lms.quizzes.admin_marking import MarkingScreen, _name, _paginate, response_view
from lms.quizzes.models import Attempt, AttemptAnswer, Question, Regrade

STATES = {
    "right": gettext_lazy("Right"), "partial": gettext_lazy("Partly right"),
    "wrong": gettext_lazy("Wrong"), "unanswered": gettext_lazy("Not answered"),
    "needs_grading": gettext_lazy("Awaiting grading"),
}


class QuizScreen(MarkingScreen):
    """A screen about one quiz the user oversees (`self.quiz`); any other quiz is a 404."""

    header_icon = "table"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        self.quiz = get_object_or_404(selectors.quizzes_overseen(request.user),
                                      pk=self.kwargs["quiz_id"])
        return True

    @property
    def crumbs(self):
        return [{"url": reverse("quiz_results:index"), "label": _("Quiz results")}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "quiz": self.quiz,
                "results_url": reverse("quiz_results:results", args=[self.quiz.pk])}


# A trainee's attempt ---------------------------------------------------------------------

class AttemptView(MarkingScreen):
    """A trainee's attempt as its graders see it: every question with the response, the mark,
    right or wrong, the feedback, the right answer and the grader's comment."""

    template_name = "lms_quizzes/admin/marking/attempt.html"
    header_icon = "doc-full"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        self.attempt = (Attempt.objects.select_related("quiz__course", "user", "enrolment")
                        .filter(pk=self.kwargs["attempt_id"]).first())
        if self.attempt is None or not selectors.may_oversee_attempt(request.user,
                                                                     self.attempt):
            raise Http404
        return True

    def get_page_title(self):
        return _("%(trainee)s, attempt %(number)s") % {"trainee": _name(self.attempt.user),
                                                        "number": self.attempt.number}

    @property
    def crumbs(self):
        quiz = self.attempt.quiz
        return [{"url": reverse("quiz_results:index"), "label": _("Quiz results")},
                {"url": reverse("quiz_results:results", args=[quiz.pk]), "label": quiz.title}]

    def get_context_data(self, **kwargs):
        detail = presenting.attempt_detail(self.attempt, full=True)
        items = [{**item, "shown": response_view(item),
                  "state_label": STATES.get((item["review"] or {}).get("state"), ""),
                  "grade_url": reverse("quiz_grading:grade", args=[item["slot"]])}
                 for item in detail["questions"]]
        return {**super().get_context_data(**kwargs), "attempt": self.attempt,
                "detail": detail, "items": items, "path": self.request.get_full_path(),
                "gradable": self.attempt.status in (Attempt.Status.SUBMITTED,
                                                    Attempt.Status.GRADED)}


# Results ---------------------------------------------------------------------------------

class QuizIndexView(MarkingScreen):
    """The quizzes the user oversees, with graded and waiting attempts, each to its results."""

    template_name = "lms_quizzes/admin/marking/quizzes.html"
    page_title = gettext_lazy("Quiz results")
    header_icon = "table"
    per_page = 50

    def get_context_data(self, **kwargs):
        quizzes = reports.quizzes_with_counts(self.request.user)
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            quizzes = quizzes.filter(Q(title__icontains=query)
                                     | Q(course__title__icontains=query))
        return {**super().get_context_data(**kwargs), "query": query,
                **_paginate(self.request, quizzes, self.per_page)}


YES_NO = (("", gettext_lazy("Any")), ("yes", gettext_lazy("Passed")),
          ("no", gettext_lazy("Not passed")))
ORDER_CHOICES = (("newest", gettext_lazy("Newest first")), ("oldest", gettext_lazy("Oldest first")),
                 ("highest", gettext_lazy("Highest grade")), ("lowest", gettext_lazy("Lowest grade")),
                 ("trainee", gettext_lazy("Trainee")))


class ResultsFilter(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("Any")), *Attempt.Status.choices])
    passed = forms.ChoiceField(label=gettext_lazy("Result"), required=False, choices=YES_NO)
    year = forms.TypedChoiceField(label=gettext_lazy("Training year"), required=False,
                                  coerce=int, empty_value=None)
    ordering = forms.ChoiceField(label=gettext_lazy("Order"), required=False,
                                 choices=ORDER_CHOICES)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def value(self, name):
        """The valid value of one filter; a forged one is ignored, never an error page."""
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None


def _yes_no(value):
    return "" if value is None else (_("Yes") if value else _("No"))


class Spreadsheet(LocalSpreadsheetExport, SpreadsheetExportMixin):
    """Exports of rows (dicts keyed as `list_export`), headed by `export_headings`."""

    def export(self, rows, name):
        self.export_filename = name
        return self.as_spreadsheet(rows, self.request.GET["export"])


class QuizResultsView(Spreadsheet, QuizScreen):
    """A quiz's results: the spread of grades, every trainee's attempt (filtered, paginated,
    exported), per-question statistics with regrades, and past regrades."""

    template_name = "lms_quizzes/admin/marking/results.html"
    per_page = 50
    list_export = ["username", "name", "work_unit", "year", "number", "status", "started_at",
                   "submitted_at", "grade", "passed"]
    export_headings = {
        "username": gettext_lazy("Username"), "name": gettext_lazy("Full name"),
        "work_unit": gettext_lazy("Work unit"), "year": gettext_lazy("Training year"),
        "number": gettext_lazy("Attempt"), "status": gettext_lazy("Status"),
        "started_at": gettext_lazy("Started"), "submitted_at": gettext_lazy("Submitted"),
        "grade": gettext_lazy("Grade (%)"), "passed": gettext_lazy("Passed"),
    }

    def get_page_title(self):
        return self.quiz.title

    def get(self, request, *args, **kwargs):
        if self.is_export:
            attempts = self._attempts(self._filter())
            return self.export((self._row(attempt) for attempt in attempts.iterator(2000)),
                               f"quiz-{self.quiz.pk}-results")
        return super().get(request, *args, **kwargs)

    def _filter(self):
        return ResultsFilter(self.request.GET, years=reports.attempt_years(self.quiz))

    def _attempts(self, form):
        passed = {"yes": True, "no": False}.get(form.value("passed"))
        return reports.quiz_attempts(self.quiz, status=form.value("status"), passed=passed,
                                     year=form.value("year"),
                                     ordering=form.value("ordering") or "newest")

    @staticmethod
    def _row(attempt):
        profile = getattr(attempt.user, "trainee_profile", None)
        unit = profile.work_unit if profile is not None else None
        return {"username": attempt.user.get_username(), "name": attempt.user.get_full_name(),
                "work_unit": str(unit or ""), "year": attempt.enrolment.year,
                "number": attempt.number, "status": attempt.get_status_display(),
                "started_at": attempt.started_at, "submitted_at": attempt.submitted_at,
                "grade": attempt.grade, "passed": _yes_no(attempt.passed)}

    def get_context_data(self, **kwargs):
        quiz, user = self.quiz, self.request.user
        form = self._filter()
        year = form.value("year")
        report = reports.quiz_report(quiz, year=year)
        outdated = reports.outdated_answers(quiz)
        counts = reports.status_counts(quiz, year=year)
        return {**super().get_context_data(**kwargs), "form": form, "report": report,
                **_paginate(self.request, self._attempts(form), self.per_page),
                "counts": [(label, counts[status]) for status, label in Attempt.Status.choices
                           if counts.get(status)],
                "questions": reports.question_rows(quiz, report, outdated),
                "regrades": reports.regrades_of(quiz)[:20],
                "may_regrade": reports.may_change_quiz(user, quiz),
                "statistics_export": reverse("quiz_results:statistics", args=[quiz.pk]),
                "year": year}


class QuizStatisticsExportView(Spreadsheet, QuizScreen):
    """The per-question statistics of a quiz as CSV or XLSX (?export=csv|xlsx)."""

    list_export = ["number", "question", "type", "attempts", "facility", "sd", "discrimination",
                   "flag"]
    export_headings = {
        "number": gettext_lazy("#"), "question": gettext_lazy("Question"),
        "type": gettext_lazy("Type"), "attempts": gettext_lazy("Attempts"),
        "facility": gettext_lazy("Facility (%)"), "sd": gettext_lazy("Standard deviation (%)"),
        "discrimination": gettext_lazy("Discrimination index"), "flag": gettext_lazy("Note"),
    }

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return redirect("quiz_results:results", self.quiz.pk)
        year = ResultsFilter(request.GET, years=reports.attempt_years(self.quiz)).value("year")
        report = reports.quiz_report(self.quiz, year=year)
        rows = reports.question_rows(self.quiz, report, {})

        def rounded(value, places):
            return None if value is None else round(value, places)

        return self.export(
            [{"number": row["number"], "question": row["name"], "type": str(row["qtype"]),
              "attempts": row["attempts"], "facility": rounded(row["facility"], 1),
              "sd": rounded(row["sd"], 1), "discrimination": rounded(row["discrimination"], 2),
              "flag": str(row["flag_text"])} for row in rows],
            f"quiz-{self.quiz.pk}-questions")


# Regrading --------------------------------------------------------------------------------

class RegradeView(QuizScreen):
    """Regrade a question of the quiz with its current version: what it would change first
    (a dry run, nothing saved), then, confirmed, for real."""

    template_name = "lms_quizzes/admin/marking/regrade.html"
    header_icon = "rotate"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if not reports.may_change_quiz(request.user, self.quiz):
            raise PermissionDenied
        self.question = get_object_or_404(Question, pk=self.kwargs["question_id"],
                                          current_version__isnull=False)
        if not (self.quiz.slots.filter(question=self.question).exists()
                or AttemptAnswer.objects.filter(attempt__quiz=self.quiz,
                                                version__question=self.question).exists()):
            raise Http404
        return True

    def get_page_title(self):
        return _("Regrade “%(question)s”") % {"question": self.question.name}

    @property
    def crumbs(self):
        return [*super().crumbs, {"url": reverse("quiz_results:results", args=[self.quiz.pk]),
                                  "label": self.quiz.title}]

    def get_context_data(self, **kwargs):
        report = services.quiz_regrade(quiz=self.quiz, question=self.question,
                                       by=self.request.user, dry_run=True)
        return {**super().get_context_data(**kwargs), "question": self.question,
                "version": self.question.current_version, "report": report,
                "changes": _with_attempts(report["changes"]),
                "skipped": _with_attempts(report["skipped"])}

    def post(self, request, *args, **kwargs):
        report = services.quiz_regrade(quiz=self.quiz, question=self.question, by=request.user)
        changed = sum(change["changed"] for change in report["changes"])
        for skipped in report["skipped"]:
            messages.warning(request, _("Left as it was: %(trainee)s (%(reason)s).") % {
                "trainee": skipped["user"], "reason": skipped["reason"]})
        if report["regrade"] is None:
            messages.info(request, _("Nothing to regrade: every answer already uses the "
                                     "current version."))
            return redirect("quiz_results:results", self.quiz.pk)
        messages.success(request, _("Regraded %(attempts)s attempts; %(changed)s grades "
                                    "changed.") % {"attempts": len(report["changes"]),
                                                   "changed": changed})
        return redirect("quiz_results:regrade_report", self.quiz.pk, report["regrade"].pk)


def _with_attempts(lines):
    """Report lines with their attempt (for its number and link), in one query."""
    attempts = Attempt.objects.in_bulk([line["attempt"] for line in lines])
    return [{**line, "attempt_row": attempts.get(line["attempt"]),
             "url": reverse("quiz_results:attempt", args=[line["attempt"]])} for line in lines]


class RegradeReportView(QuizScreen):
    """A regrade as it was saved: who did it, with which version, the grades it changed."""

    template_name = "lms_quizzes/admin/marking/regrade_report.html"
    header_icon = "rotate"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        self.regrade = get_object_or_404(
            Regrade.objects.select_related("question", "version", "done_by"),
            pk=self.kwargs["regrade_id"], quiz=self.quiz)
        return True

    def get_page_title(self):
        return _("Regrade of “%(question)s”") % {"question": self.regrade.question.name}

    @property
    def crumbs(self):
        return [*super().crumbs, {"url": reverse("quiz_results:results", args=[self.quiz.pk]),
                                  "label": self.quiz.title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "regrade": self.regrade,
                "changes": _with_attempts(self.regrade.changes)}


# Registration ------------------------------------------------------------------------------

class QuizResultsViewSet(ViewSet):
    name = "quiz_results"
    url_prefix = "quiz-results"
    icon = "table"

    def get_urlpatterns(self):
        return [
            path("", QuizIndexView.as_view(), name="index"),
            path("<id:quiz_id>/", QuizResultsView.as_view(), name="results"),
            path("<id:quiz_id>/questions/", QuizStatisticsExportView.as_view(),
                 name="statistics"),
            path("<id:quiz_id>/regrade/<id:question_id>/", RegradeView.as_view(),
                 name="regrade"),
            path("<id:quiz_id>/regrades/<id:regrade_id>/", RegradeReportView.as_view(),
                 name="regrade_report"),
            path("attempts/<id:attempt_id>/", AttemptView.as_view(), name="attempt"),
        ]


def results_menu_item():
    return PermissionMenuItem(gettext_lazy("Quiz results"), reverse_lazy("quiz_results:index"),
                              name="quiz-results", icon_name="table", order=331,
                              shown_to=oversees_any)
