"""Setting up debates and seminars in the Wagtail admin, for the courses' instructors and the
training office: the list of those on the courses they oversee, and a form for each — a debate
(its motion, how sides are given, up to three rounds with their deadlines) and a seminar (its
prompt and how its trainees are grouped). The services decide; a course the user does not
oversee is never offered, and a forged one is refused again by the services."""

import operator
from functools import reduce

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.widgets import AdminDateTimeInput

from lms.courses.models import CoursePage, LecturePage
from lms.courses.selectors import courses_overseen_q
from lms.discussions import services
from lms.discussions.admin_moderation import ModerationScreen
from lms.discussions.models import Debate, DebateRound, SeminarGroup, Thread
from lms.discussions.services.debating import stage

STAGES = {"before": gettext_lazy("Audience voting"), "debating": gettext_lazy("Debating"),
          "after": gettext_lazy("Final vote"), "closed": gettext_lazy("Closed")}


def _places(user):
    """Choices of where a thread may go: each course the user oversees (its board) and its
    lectures, grouped by course."""
    courses = list(CoursePage.objects.filter(courses_overseen_q(user, "pk"))
                   .order_by("code", "title").only("id", "title", "code", "path", "depth"))
    lectures = {}
    below = reduce(operator.or_, (Q(path__startswith=course.path) for course in courses), Q())
    for lecture in (LecturePage.objects.filter(below).only("id", "title", "path", "depth")
                    .order_by("path") if courses else ()):
        lectures.setdefault(lecture.path[:-LecturePage.steplen], []).append(lecture)
    return [(f"{course.code} {course.title}",
             [(f"course:{course.pk}", _("The course's board")),
              *((f"page:{lecture.pk}", lecture.title) for lecture in lectures.get(course.path, []))])
            for course in courses]


class SetupForm(forms.Form):
    place = forms.ChoiceField(label=gettext_lazy("Where"), help_text=gettext_lazy(
        "On a lecture of the course, or on the course's own board."))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Opening text (Markdown)"), widget=forms.Textarea(
        attrs={"rows": 5}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = _places(user)

    def where(self):
        """(course, page or None) of the chosen place."""
        kind, pk = self.cleaned_data["place"].split(":")
        if kind == "course":
            return CoursePage.objects.get(pk=pk), None
        page = LecturePage.objects.get(pk=pk)
        return page.get_parent().specific, page


ROUND_KINDS = (DebateRound.Kind.OPENING, DebateRound.Kind.REBUTTAL, DebateRound.Kind.CLOSING)


class DebateForm(SetupForm):
    motion = forms.CharField(label=gettext_lazy("Motion"), max_length=300)
    side_mode = forms.ChoiceField(label=gettext_lazy("Sides"),
                                  choices=Debate.SideMode.choices,
                                  initial=Debate.SideMode.CHOSEN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in ROUND_KINDS:
            label = DebateRound.Kind(kind).label
            self.fields[f"{kind}_opens"] = forms.DateTimeField(
                label=_("%(round)s open") % {"round": label}, widget=AdminDateTimeInput(),
                required=kind == DebateRound.Kind.OPENING)
            self.fields[f"{kind}_closes"] = forms.DateTimeField(
                label=_("%(round)s close") % {"round": label}, widget=AdminDateTimeInput(),
                required=kind == DebateRound.Kind.OPENING)

    def rounds(self):
        data = self.cleaned_data
        return [{"kind": kind, "opens_at": data[f"{kind}_opens"],
                 "closes_at": data[f"{kind}_closes"]}
                for kind in ROUND_KINDS if data.get(f"{kind}_opens") or data.get(f"{kind}_closes")]


class SeminarForm(SetupForm):
    group_by = forms.ChoiceField(label=gettext_lazy("Groups"), choices=[
        *SeminarGroup.Basis.choices, ("", gettext_lazy("Form them later"))], required=False,
        help_text=gettext_lazy("The course's trainees are placed in a group per trainee "
                               "category or per work unit."))


class SetupListView(ModerationScreen):
    """The debates and seminars of the courses the user oversees, newest first."""

    template_name = "lms_discussions/admin/setup_list.html"
    header_icon = "comment"
    page_title = gettext_lazy("Debates and seminars")
    per_page = 30

    def get_context_data(self, **kwargs):
        threads = (Thread.objects.filter(courses_overseen_q(self.request.user, "course_id"),
                                         kind__in=(Thread.Kind.DEBATE, Thread.Kind.SEMINAR))
                   .select_related("course", "page", "debate")
                   .prefetch_related("debate__rounds", "seminar_groups")
                   .order_by("-created_at", "-pk"))
        paginator = WagtailPaginator(threads, self.per_page)
        page = paginator.get_page(self.request.GET.get("p"))
        now = timezone.now()
        for thread in page:
            if thread.kind == Thread.Kind.DEBATE and hasattr(thread, "debate"):
                thread.stage_label = STAGES[stage(list(thread.debate.rounds.all()), now,
                                                  thread.status)]
            else:
                thread.stage_label = _("%(count)d groups") % {
                    "count": len(thread.seminar_groups.all())}
            thread.where = thread.page or thread.course
        return {**super().get_context_data(**kwargs), "page_obj": page, "paginator": paginator}


class SetupCreateView(ModerationScreen):
    """Base of the two forms: the form, the service call, and the refusal shown on the form."""

    template_name = "lms_discussions/admin/setup_edit.html"
    header_icon = "comment"
    form_class = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("discussion_moderation:setup"),
                 "label": _("Debates and seminars")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, **kwargs):
        form = form or self.form_class(user=self.request.user)
        return {**super().get_context_data(**kwargs), "form": form}

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                thread = self.create(form, *form.where())
            except services.DiscussionRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("“%(title)s” is ready.") % {"title": thread.title})
                return redirect("discussion_moderation:setup")
        return self.render_to_response(self.get_context_data(form=form))


class DebateCreateView(SetupCreateView):
    page_title = gettext_lazy("New debate")
    form_class = DebateForm

    def create(self, form, course, page):
        data = form.cleaned_data
        return services.thread_start(
            course=course, page=page, user=self.request.user, title=data["title"],
            body=data["body"], kind=Thread.Kind.DEBATE,
            debate={"motion": data["motion"], "side_mode": data["side_mode"],
                    "rounds": form.rounds()})


class SeminarCreateView(SetupCreateView):
    page_title = gettext_lazy("New seminar")
    form_class = SeminarForm

    @transaction.atomic  # a seminar whose groups could not be formed is not left behind
    def create(self, form, course, page):
        data = form.cleaned_data
        thread = services.thread_start(course=course, page=page, user=self.request.user,
                                       title=data["title"], body=data["body"],
                                       kind=Thread.Kind.SEMINAR)
        if data["group_by"]:
            services.groups_form(thread_id=thread.pk, by=self.request.user,
                                 basis=data["group_by"])
        return thread
