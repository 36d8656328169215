"""Marking quizzes in the Wagtail admin, for the courses' instructors and the training office:
the grading queue and its grade screen (the next waiting answer follows each mark saved), and
how a trainee's response is shown (`response_view`, also used by the attempt screen of
lms.quizzes.admin_results, whose screens build on `MarkingScreen`).

Registered by lms.quizzes.wagtail_hooks: GradingViewSet (URL namespace "quiz_grading") for the
"register_admin_viewset" hook, grading_menu_item() in the Quizzes menu. Every view checks on the
server who may see it: instructors see only their courses' quizzes (anything else is a 404).
"""

import re

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.base import ViewSet

from lms.courses.selectors import oversees_any
from lms.platform.admin_screens import AdminScreen, PermissionMenuItem
from lms.platform.ids import parse_id
from lms.quizzes import questions, selectors, services
from lms.quizzes.models import Attempt, AttemptAnswer


def _name(user):
    return user.get_full_name() or user.get_username()


def _paginate(request, items, per_page):
    paginator = WagtailPaginator(items, per_page)
    page = paginator.get_page(request.GET.get("p"))
    return {"page_obj": page, "paginator": paginator,
            "elided_page_range": paginator.get_elided_page_range(page.number)}


class MarkingScreen(AdminScreen, TemplateView):
    """A screen for those who oversee some course's quizzes; `crumbs` lead back up."""

    header_icon = "clipboard-list"
    crumbs = ()

    def has_permission(self, request):
        return oversees_any(request.user)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.crumbs, {"url": "", "label": self.get_page_title()}]


# Grading -----------------------------------------------------------------------------------

def _queue(request):
    """The user's grading queue, of one quiz when ?quiz= names one; (answers, quiz id)."""
    answers = selectors.grading_queue(request.user)
    quiz_id = parse_id(request.GET.get("quiz", ""))
    return (answers.filter(attempt__quiz_id=quiz_id) if quiz_id else answers), quiz_id


class GradingQueueView(MarkingScreen):
    """Answers waiting for a grader on the user's courses, oldest submission first."""

    template_name = "lms_quizzes/admin/marking/queue.html"
    page_title = gettext_lazy("Grading")
    per_page = 50

    def get_context_data(self, **kwargs):
        answers, quiz_id = _queue(self.request)
        everything = selectors.grading_queue(self.request.user)
        quizzes = (everything.values_list("attempt__quiz_id", "attempt__quiz__title",
                                          "attempt__quiz__course__title")
                   .distinct().order_by("attempt__quiz__course__title", "attempt__quiz__title"))
        return {**super().get_context_data(**kwargs), **_paginate(self.request, answers,
                                                                   self.per_page),
                "quiz_id": quiz_id, "quizzes": quizzes}


class GradeForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment for the trainee"), required=False,
                              max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, max_mark, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mark"] = forms.DecimalField(
            label=_("Mark"), min_value=0, max_value=max_mark, max_digits=8, decimal_places=2,
            help_text=_("From 0 to %(max)s.") % {"max": max_mark})
        self.order_fields(["mark", "comment"])


class AnswerGradeView(MarkingScreen):
    """One answer (an essay above all) with the question, the grader's notes and the
    trainee's response; the mark and comment saved go to the trainee's attempt, and the next
    waiting answer follows."""

    template_name = "lms_quizzes/admin/marking/grade.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        self.answer = (AttemptAnswer.objects
                       .select_related("attempt__quiz__course", "attempt__user", "version",
                                       "graded_by")
                       .filter(pk=self.kwargs["answer_id"]).first())
        if self.answer is None or not selectors.may_oversee_attempt(request.user,
                                                                    self.answer.attempt):
            raise Http404
        return True

    def get_page_title(self):
        return _("Grade an answer")

    @property
    def crumbs(self):
        return [{"url": reverse("quiz_grading:index"), "label": _("Grading")}]

    def get_form(self):
        answer = self.answer
        initial = {"mark": answer.mark, "comment": answer.comment}
        data = self.request.POST if self.request.method == "POST" else None
        return GradeForm(data, initial=initial, max_mark=answer.max_mark)

    def get_context_data(self, form=None, **kwargs):
        answer, attempt = self.answer, self.answer.attempt
        data = answer.version.data
        item = {**questions.present(data, answer.layout), "response": answer.response,
                "review": None, "number": answer.position}
        queue, quiz_id = _queue(self.request)
        return {**super().get_context_data(**kwargs), "answer": answer, "attempt": attempt,
                "question": item, "shown": response_view(item),
                "grader_info": questions.render(data.get("grader_info") or "", data["format"]),
                "gradable": attempt.status in (Attempt.Status.SUBMITTED, Attempt.Status.GRADED),
                "form": form or self.get_form(), "waiting": queue.exclude(pk=answer.pk).count(),
                "quiz_id": quiz_id, "next": get_valid_next_url_from_request(self.request),
                "attempt_url": reverse("quiz_results:attempt", args=[attempt.pk])}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                services.answer_grade(answer_id=self.answer.pk, by=request.user,
                                      mark=form.cleaned_data["mark"],
                                      comment=form.cleaned_data["comment"])
            except services.QuizRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                return self._next(request, form.cleaned_data["mark"])
        return self.render_to_response(self.get_context_data(form=form))

    def _next(self, request, mark):
        answer = self.answer
        messages.success(request, _("%(trainee)s: %(mark)s of %(max)s saved.") % {
            "trainee": _name(answer.attempt.user), "mark": mark, "max": answer.max_mark})
        back = get_valid_next_url_from_request(request)
        if back:
            return redirect(back)
        queue, quiz_id = _queue(request)
        following = queue.exclude(pk=answer.pk).first()
        suffix = f"?quiz={quiz_id}" if quiz_id else ""
        if following is None:
            messages.info(request, _("Nothing else is waiting for a grader."))
            return redirect(reverse("quiz_grading:index") + suffix)
        return redirect(reverse("quiz_grading:grade", args=[following.pk]) + suffix)


# Presenting an attempt ----------------------------------------------------------------------

# Each Chinese, Japanese or Korean character counts as a word, as word counts of those
# languages go; other text counts its runs of letters and digits between spaces.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def word_count(text):
    """The words of an essay: CJK characters one by one, other words between spaces."""
    rest = _CJK.sub(" ", text)
    return len(_CJK.findall(text)) + sum(
        1 for word in rest.split() if any(char.isalnum() for char in word))


def response_view(item):
    """What the trainee answered to one question (presenting.attempt_detail's item, or
    questions.present's with the response), ready for the template: each option, stem, item
    or blank with what was chosen and, when the review has it, what was right. Texts typed by
    the trainee stay text (escaped by the template); an essay is rendered as plain text."""
    response = item.get("response") or {}
    correct = (item.get("review") or {}).get("correct") or {}
    qtype = item["qtype"]
    shown = {"kind": qtype}
    if qtype in ("single", "multiple"):
        chosen = set(response.get("choices") or [response.get("choice")])
        right = set(correct.get("choices") or [correct.get("choice")]) if correct else set()
        shown["options"] = [{"html": option["html"], "chosen": option["id"] in chosen,
                             "right": option["id"] in right if correct else None}
                            for option in item["options"]]
    elif qtype == "truefalse":
        value, key = response.get("value"), correct.get("value")
        shown["options"] = [{"text": label, "chosen": value is flag,
                             "right": (key is flag) if correct else None}
                            for flag, label in ((True, _("True")), (False, _("False")))]
    elif qtype == "matching":
        choices = {choice["id"]: choice["html"] for choice in item["choices"]}
        given, key = response.get("pairs") or {}, correct.get("pairs") or {}
        shown["pairs"] = [{"html": stem["html"], "given": choices.get(given.get(stem["id"])),
                           "right": choices.get(key.get(stem["id"])) if correct else None,
                           "ok": given.get(stem["id"]) == key.get(stem["id"]) if correct
                           else None} for stem in item["stems"]]
    elif qtype == "ordering":
        items = {entry["id"]: entry["html"] for entry in item["items"]}
        shown["order"] = [items[key] for key in response.get("order") or [] if key in items]
    elif qtype == "blanks":
        given, key = response.get("blanks") or {}, correct.get("blanks") or {}
        shown["blanks"] = [{"id": blank["id"], "given": given.get(blank["id"]),
                            "right": key.get(blank["id"]) if correct else None}
                           for blank in item["blanks"]]
    elif qtype in ("short", "numerical"):
        shown["typed"] = response.get("text", response.get("value"))
    elif qtype == "essay":
        text = response.get("text") or ""
        shown["essay"] = questions.render(text, "plain") if text.strip() else ""
        shown["words"] = word_count(text)
    shown["answered"] = bool(response)
    return shown


# Registration ------------------------------------------------------------------------------

class GradingViewSet(ViewSet):
    name = "quiz_grading"
    url_prefix = "quiz-grading"
    icon = "clipboard-list"

    def get_urlpatterns(self):
        return [path("", GradingQueueView.as_view(), name="index"),
                path("<id:answer_id>/", AnswerGradeView.as_view(), name="grade")]


def grading_menu_item():
    return PermissionMenuItem(gettext_lazy("Grading"), reverse_lazy("quiz_grading:index"),
                              name="quiz-grading", icon_name="clipboard-list", order=330,
                              shown_to=oversees_any)
