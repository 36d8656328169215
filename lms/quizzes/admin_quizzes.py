"""Quizzes in the Wagtail admin, as a snippet (so a page's StreamField can choose one): who may
do what (the training office everything; instructors the quizzes of the courses they teach),
the listing, editing, deleting and history views, the quiz chooser of the page editor, and the
snippet hooks that keep quizzes trainees have taken and warn of short random draws. The editor's
forms and panels are in lms.quizzes.admin_quiz_editor."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.courses.models import CoursePage
from lms.courses.selectors import may_see_progress
from lms.platform.ids import parse_id
from lms.quizzes.admin_quiz_editor import CourseChoiceFilter, courses_overseen, quiz_panels
from lms.quizzes.models import Attempt, Question, QuestionType, Quiz
from lms.quizzes.selectors import quizzes_overseen

# Who may do what ------------------------------------------------------------------------------

class QuizPermissionPolicy(ModelPermissionPolicy):
    """The model permissions (instructors add, change and view quizzes; the training office
    also deletes them), each limited to the quizzes of the courses the user oversees."""

    def user_has_permission_for_instance(self, user, action, instance):
        return (self.user_has_permission(user, action)
                and may_see_progress(user, instance.course_id))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (self.user_has_any_permission(user, actions)
                and may_see_progress(user, instance.course_id))

    def instances_user_has_any_permission_for(self, user, actions):
        if not user.is_active or not self.user_has_any_permission(user, actions):
            return Quiz.objects.none()
        return quizzes_overseen(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


quiz_permission_policy = QuizPermissionPolicy(Quiz)


def quizzes_for(user):
    return quiz_permission_policy.instances_user_has_any_permission_for(
        user, ["add", "change", "delete", "view"])


# Views ----------------------------------------------------------------------------------------

def _courses_of_request(request):
    if request is None:
        return CoursePage.objects.none()
    return courses_overseen(request.user).order_by("code", "title")


class QuizFilterSet(WagtailFilterSet):
    course = CourseChoiceFilter(queryset=_courses_of_request, label=gettext_lazy("Course"))

    class Meta:
        model = Quiz
        fields = []


class ScopedObjectMixin:
    """A quiz outside the courses the user oversees is refused (403), whatever the URL says."""

    instance_action = "change"

    def get_object(self, queryset=None):
        quiz = super().get_object(queryset)
        if not quiz_permission_policy.user_has_permission_for_instance(
                self.request.user, self.instance_action, quiz):
            raise PermissionDenied
        return quiz


class QuizIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return (quizzes_for(self.request.user).select_related("course")
                .annotate(fixed=Count("slots", filter=Q(slots__question__isnull=False)),
                          drawn=Sum("slots__draw_count", filter=Q(slots__question__isnull=True))))

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(Q(title__icontains=self.search_query)
                               | Q(course__title__icontains=self.search_query))


class QuizCreateView(snippet_views.CreateView):
    pass


class QuizEditView(ScopedObjectMixin, snippet_views.EditView):
    pass


class QuizDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    instance_action = "delete"


def refuse_deleting_records(request, instances):
    """Wagtail's before_delete_snippet hook (the delete view and bulk deletion): quizzes that
    trainees have taken are not deleted, as their attempts would go with them."""
    taken = [quiz for quiz in instances if isinstance(quiz, Quiz)
             and Attempt.objects.filter(quiz=quiz, enrolment__isnull=False).exists()]
    if not taken:
        return None
    messages.error(request, _("Trainees have taken %(quizzes)s, so it cannot be deleted: their "
                              "attempts are training records.") % {
        "quizzes": ", ".join(f"“{quiz}”" for quiz in taken)})
    return redirect("quizzes:list")


def warn_short_draws(request, instance):
    """Wagtail's after_create_snippet / after_edit_snippet hook: say which random places of a
    quiz just saved ask for more questions than their category or tag holds (an attempt then
    gets fewer). One query per random place."""
    if not isinstance(instance, Quiz):
        return None
    slots = list(instance.slots.select_related("draw_category").order_by("position", "pk"))
    fixed = {slot.question_id for slot in slots if slot.question_id}
    for number, slot in enumerate(slots, start=1):
        if slot.question_id:
            continue
        pool = Question.objects.filter(current_version__isnull=False).exclude(
            qtype=QuestionType.DESCRIPTION).exclude(pk__in=fixed)
        if slot.draw_category_id:
            pool = pool.filter(category_id=slot.draw_category_id)
        if slot.draw_tag:
            pool = pool.filter(tags__name=slot.draw_tag)
        available = pool.distinct().count()
        if available < slot.draw_count:
            source = " · ".join(str(part) for part in (slot.draw_category, slot.draw_tag) if part)
            messages.warning(request, _(
                "Question place %(number)d draws %(count)d questions from %(source)s, which holds "
                "%(available)d: attempts will get fewer until the bank has more.") % {
                "number": number, "count": slot.draw_count, "source": source,
                "available": available})
    return None


class ScopedBaseObjectMixin:
    """History and usage of a quiz: only for those who oversee its course (else a 404)."""

    def get_base_object_queryset(self):
        return quizzes_for(self.request.user)


class QuizHistoryView(ScopedBaseObjectMixin, snippet_views.HistoryView):
    pass


class QuizUsageView(ScopedBaseObjectMixin, snippet_views.UsageView):
    pass


def _question_count(quiz):
    return (quiz.fixed or 0) + (quiz.drawn or 0)


# The quiz chooser of the page editor ----------------------------------------------------------

class QuizChooserFilterForm(BaseFilterForm):
    q = forms.CharField(label=gettext_lazy("Search term"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}))

    def filter(self, objects):
        objects = super().filter(objects)
        words = self.cleaned_data.get("q")
        if words:
            objects = objects.filter(Q(title__icontains=words) | Q(course__title__icontains=words))
            self.is_searching, self.search_query = True, words
        return objects


class QuizChooserScope:
    """The chooser lists the quizzes of the courses the user oversees, and chooses no other."""

    filter_form_class = QuizChooserFilterForm

    def dispatch(self, request, *args, **kwargs):
        if not quiz_permission_policy.user_has_any_permission(
                request.user, ["add", "change", "delete", "view"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return quizzes_for(self.request.user).select_related("course")

    @property
    def columns(self):
        return [*super().columns, Column("course", label=_("Course"), accessor="course.title")]


class QuizChooseView(QuizChooserScope, snippet_chooser.ChooseView):
    pass


class QuizChooseResultsView(QuizChooserScope, snippet_chooser.ChooseResultsView):
    pass


class QuizChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        if parse_id(pk) is None:
            raise Http404
        return quizzes_for(self.request.user).get(pk=parse_id(pk))


class QuizChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return quizzes_for(self.request.user).filter(
            pk__in=[pk for pk in map(parse_id, pks) if pk is not None])


class QuizChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = QuizChooseView
    choose_results_view_class = QuizChooseResultsView
    chosen_view_class = QuizChosenView
    chosen_multiple_view_class = QuizChosenMultipleView


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = gettext_lazy("Quizzes")
    admin_url_namespace = "quizzes"
    base_url_path = "quizzes"
    # Shown in the Quizzes menu, not under Snippets.
    menu_item_is_registered = True
    pk_path_converter = "id"
    copy_view_enabled = False
    edit_handler = quiz_panels
    index_view_class = QuizIndexView
    add_view_class = QuizCreateView
    edit_view_class = QuizEditView
    delete_view_class = QuizDeleteView
    history_view_class = QuizHistoryView
    usage_view_class = QuizUsageView
    chooser_viewset_class = QuizChooserViewSet
    filterset_class = QuizFilterSet
    search_fields = ["title"]
    list_per_page = 30
    list_display = [
        TitleColumn("title", label=gettext_lazy("Title"), sort_key="title"),
        Column("course", label=gettext_lazy("Course"), accessor="course.title",
               sort_key="course__title"),
        Column("questions", label=gettext_lazy("Questions"), accessor=_question_count),
        DateColumn("opens_at", label=gettext_lazy("Opens"), sort_key="opens_at"),
        DateColumn("closes_at", label=gettext_lazy("Closes"), sort_key="closes_at"),
        DateColumn("updated_at", label=gettext_lazy("Updated"), sort_key="updated_at"),
    ]
