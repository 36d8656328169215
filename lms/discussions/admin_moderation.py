"""Moderating discussions in the Wagtail admin, for the courses' instructors and the training
office: the queue of flagged posts (and of hidden ones), a post's screen where it is hidden
with a reason, its flags dismissed, or a hidden post restored; and each course's required
participation. Every view checks on the server
that the user moderates the post's course (anything else is a 404); the services check again.

Registered by lms.discussions.wagtail_hooks: ModerationViewSet (URL namespace
"discussion_moderation") and moderation_menu_item()."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateTimeInput

from lms.courses.models import CoursePage
from lms.courses.selectors import courses_overseen_q, oversees_any
from lms.discussions import selectors, services
from lms.discussions.models import ParticipationRule
from lms.platform.admin_screens import AdminScreen, PermissionMenuItem

SHOWS = {"flagged": gettext_lazy("Flagged"), "hidden": gettext_lazy("Hidden")}


class ModerationScreen(AdminScreen, TemplateView):
    header_icon = "warning"

    def has_permission(self, request):
        return oversees_any(request.user)


class ModerationQueueView(ModerationScreen):
    """Flagged posts on the user's courses, most flagged first; or the hidden ones."""

    template_name = "lms_discussions/admin/queue.html"
    page_title = gettext_lazy("Discussion moderation")
    per_page = 30

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show")
        show = show if show in SHOWS else "flagged"
        paginator = WagtailPaginator(selectors.moderation_queue(self.request.user, show=show),
                                     self.per_page)
        page = paginator.get_page(self.request.GET.get("p"))
        return {**super().get_context_data(**kwargs), "page_obj": page, "paginator": paginator,
                "show": show, "shows": SHOWS.items()}


class HideForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why it is hidden"), max_length=500,
                             help_text=gettext_lazy("Its author sees this reason."))


class PostModerationView(ModerationScreen):
    """A post with its thread, author (anonymous or not), flags and what can be done."""

    template_name = "lms_discussions/admin/post.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        self.post_row = (selectors.moderation_queue(request.user, show="any")
                         .filter(pk=self.kwargs["post_id"]).first()
                         if request.user.is_authenticated else None)
        if self.post_row is None:
            raise Http404
        return True

    def get_page_title(self):
        return _("Moderate a post")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("discussion_moderation:index"),
                 "label": _("Discussion moderation")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, **kwargs):
        post = self.post_row
        flags = list(post.flags.select_related("user", "resolved_by").order_by("-created_at"))
        return {**super().get_context_data(**kwargs), "post": post, "flags": flags,
                "form": form or HideForm(), "queue_url": reverse("discussion_moderation:index")}

    def post(self, request, *args, **kwargs):
        post = self.post_row
        action = request.POST.get("action")
        try:
            if action == "hide":
                form = HideForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                services.post_hide(post_id=post.pk, by=request.user,
                                   reason=form.cleaned_data["reason"])
                messages.success(request, _("The post is hidden from trainees."))
            elif action == "dismiss":
                services.flags_dismiss(post_id=post.pk, by=request.user)
                messages.success(request, _("The flags are dismissed; the post stays."))
            elif action == "restore":
                services.post_restore(post_id=post.pk, by=request.user)
                messages.success(request, _("The post is shown again."))
            else:
                messages.error(request, _("Choose what to do with the post."))
                return redirect(request.path)
        except services.DiscussionRefused as refused:
            messages.error(request, refused.message)
            return redirect(request.path)
        return redirect("discussion_moderation:index")


# Required participation ------------------------------------------------------------------------

class ParticipationForm(forms.ModelForm):
    def clean_posts_required(self):
        value = self.cleaned_data["posts_required"]
        if not value:
            raise forms.ValidationError(_("Require at least one post, or remove the requirement."))
        return value

    class Meta:
        model = ParticipationRule
        fields = ["posts_required", "due_at"]
        widgets = {"due_at": AdminDateTimeInput()}


class ParticipationListView(ModerationScreen):
    """The courses the user oversees, each with its required participation (if any)."""

    template_name = "lms_discussions/admin/participation_list.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Required participation")
    per_page = 50

    def get_context_data(self, **kwargs):
        courses = (CoursePage.objects.filter(courses_overseen_q(self.request.user, "pk"))
                   .select_related("participation_rule").order_by("code", "title"))
        paginator = WagtailPaginator(courses, self.per_page)
        return {**super().get_context_data(**kwargs),
                "page_obj": paginator.get_page(self.request.GET.get("p")),
                "paginator": paginator}


class ParticipationEditView(ModerationScreen):
    """Set (or take away) a course's required participation: for its instructors and the
    training office; another course is a 404."""

    template_name = "lms_discussions/admin/participation_edit.html"
    header_icon = "tasks"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        self.course = CoursePage.objects.filter(pk=self.kwargs["course_id"]).first()
        if self.course is None or not selectors.may_moderate(request.user, self.course.pk):
            raise Http404
        return True

    def get_page_title(self):
        return _("Required participation: %(course)s") % {"course": self.course.title}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("discussion_moderation:participation"),
                 "label": _("Required participation")},
                {"url": "", "label": self.course.title}]

    def get_context_data(self, form=None, **kwargs):
        rule = ParticipationRule.objects.filter(course=self.course).first()
        form = form or ParticipationForm(instance=rule)
        return {**super().get_context_data(**kwargs), "form": form, "rule": rule,
                "course": self.course}

    def post(self, request, *args, **kwargs):
        rule = ParticipationRule.objects.filter(course=self.course).first()
        if request.POST.get("action") == "remove":
            if rule is not None:
                rule.delete()
            messages.success(request, _("The course no longer requires participation."))
            return redirect("discussion_moderation:participation")
        form = ParticipationForm(request.POST, instance=rule)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.instance.course = self.course
        form.save()
        messages.success(request, _("Required participation saved."))
        return redirect("discussion_moderation:participation")


# Registration ----------------------------------------------------------------------------------

class ModerationViewSet(ViewSet):
    name = "discussion_moderation"
    url_prefix = "discussion-moderation"
    icon = "warning"

    def get_urlpatterns(self):
        return [path("", ModerationQueueView.as_view(), name="index"),
                path("<id:post_id>/", PostModerationView.as_view(), name="post"),
                path("participation/", ParticipationListView.as_view(), name="participation"),
                path("participation/<id:course_id>/", ParticipationEditView.as_view(),
                     name="participation_edit"),
                *setup_urls()]


def setup_urls():
    from lms.discussions import admin_setup

    return [path("setup/", admin_setup.SetupListView.as_view(), name="setup"),
            path("setup/debate/", admin_setup.DebateCreateView.as_view(), name="debate_new"),
            path("setup/seminar/", admin_setup.SeminarCreateView.as_view(), name="seminar_new")]


def moderation_menu_item():
    """"Discussions" in the admin menu: the moderation queue and required participation."""
    return SubmenuMenuItem(gettext_lazy("Discussions"), Menu(items=[
        PermissionMenuItem(gettext_lazy("Moderation"), reverse_lazy("discussion_moderation:index"),
                           name="discussion-moderation", icon_name="warning", order=10,
                           shown_to=oversees_any),
        PermissionMenuItem(gettext_lazy("Debates and seminars"),
                           reverse_lazy("discussion_moderation:setup"),
                           name="discussion-setup", icon_name="comment", order=15,
                           shown_to=oversees_any),
        PermissionMenuItem(gettext_lazy("Required participation"),
                           reverse_lazy("discussion_moderation:participation"),
                           name="discussion-participation", icon_name="tasks", order=20,
                           shown_to=oversees_any),
    ]), name="lms-discussions", icon_name="comment", order=340)
