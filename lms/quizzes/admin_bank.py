"""The question bank in the Wagtail admin: questions (listed, filtered, written in GIFT or a line
notation, previewed as a trainee sees them, kept as versions) and their categories. Importing a
file of questions and exporting a category are in lms.quizzes.admin_transfer, the question
chooser of the quiz editor in lms.quizzes.admin_question_chooser."""

import html
import random

import django_filters
from django.contrib.admin.utils import quote
from django.db.models import Count, F, ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.models import Tag
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from lms.platform.ids import IdModelChoiceFilter
from lms.quizzes import grading, questions, services
from lms.quizzes.admin_transfer import CategoryExportView, QuestionImportView, bank_url
from lms.quizzes.formatting import render
from lms.quizzes.forms import QuestionForm
from lms.quizzes.models import (
    AttemptAnswer,
    Question,
    QuestionCategory,
    QuestionType,
    Quiz,
    QuizSlot,
)

# Listing --------------------------------------------------------------------------------------


def bank_tags():
    """The tags questions of the bank carry, by name."""
    return Tag.objects.filter(lms_quizzes_questiontag_items__isnull=False).distinct().order_by(
        "name")


class QuestionFilterSet(WagtailFilterSet):
    category = IdModelChoiceFilter(queryset=QuestionCategory.objects.all(),
                                   label=gettext_lazy("Category"))
    qtype = django_filters.ChoiceFilter(choices=QuestionType.choices,
                                        label=gettext_lazy("Type"))
    tag = IdModelChoiceFilter(field_name="tags", queryset=Tag.objects.none(),
                              label=gettext_lazy("Tag"))

    class Meta:
        model = Question
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["tag"].queryset = bank_tags()


def search_questions(queryset, words):
    """Questions whose name or text holds `words` (icontains: Chinese has no spaces)."""
    return queryset.filter(Q(name__icontains=words)
                           | Q(current_version__data__text__icontains=words))


def _tag_names(question):
    return ", ".join(tag.name for tag in question.tags.all())


class QuestionIndexView(generic.IndexView):
    """The bank: a fixed number of queries per page, whatever its size (tags prefetched, the
    version number read with the question)."""

    page_title = gettext_lazy("Question bank")

    def get_base_queryset(self):
        return (Question.objects.select_related("category")
                .annotate(version_number=F("current_version__number"))
                .prefetch_related("tags"))

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_questions(queryset, self.search_query)

    @property
    def chosen_category(self):
        if self.filters is None or not self.filters.is_valid():
            return None
        return self.filters.form.cleaned_data.get("category")

    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("lms_quizzes.add_question"):
            buttons = [*buttons, HeaderButton(_("Import questions"), url=reverse(
                "quiz_bank:import"), icon_name="upload")]
        category = self.chosen_category
        if category is not None:
            buttons = [*buttons, HeaderButton(
                _("Export “%(category)s” to GIFT") % {"category": category},
                url=reverse("quiz_categories:export", args=[category.pk]),
                icon_name="download")]
        return buttons


# Preview --------------------------------------------------------------------------------------

def _percent(fraction):
    return f"{fraction * 100:g}%"


def _typed(text):
    return html.escape(text)


def answer_key(q):
    """Rows (answer HTML, credit, feedback HTML) of what each answer earns and says."""
    fmt = q["format"]
    if q["qtype"] in ("single", "multiple"):
        return [(render(o["text"], fmt), _percent(o["fraction"]), render(o["feedback"], fmt))
                for o in q["options"]]
    if q["qtype"] == "truefalse":
        return [(_("True"), _percent(1 if q["answer"] else 0), render(q["feedback_true"], fmt)),
                (_("False"), _percent(0 if q["answer"] else 1), render(q["feedback_false"], fmt))]
    if q["qtype"] == "short":
        return [(_typed(a["text"]), _percent(a["fraction"]), render(a["feedback"], fmt))
                for a in q["answers"]]
    if q["qtype"] == "numerical":
        rows = []
        for a in q["answers"]:
            if a["value"] is None:
                shown = _("Any other number")
            else:
                shown = f"{a['value']:g}" + (f" ± {a['tolerance']:g}" if a["tolerance"] else "")
            rows.append((shown, _percent(a["fraction"]), render(a["feedback"], fmt)))
        return rows
    if q["qtype"] == "blanks":
        return [(f"[[{b['id']}]] {_typed(a['text'])}", _percent(a["fraction"]),
                 render(a["feedback"], fmt)) for b in q["blanks"] for a in b["answers"]]
    return []


def question_preview(question, data):
    """What the edit screen shows of a version: the question as a trainee sees it (in an order an
    attempt could show), its right answer, each answer's credit and feedback."""
    seen = questions.present(data, questions.layout(data, random.Random(question.pk), True))
    _correct, stated = grading.right_answer(data)
    fmt = data["format"]
    return {"seen": seen, "right_answer": stated, "key": answer_key(data),
            "general_feedback": render(data["general_feedback"], fmt)
            if data.get("general_feedback") else "",
            "grader_info": render(data.get("grader_info") or "", fmt),
            "extra_answers": [pair["answer"] for pair in data.get("pairs", []) if not pair["text"]]}


# Writing questions ----------------------------------------------------------------------------

class QuestionWriteMixin:
    """Saving goes through services.question_save (a new version when what the question asks
    changed); a question the service refuses shows why on the field, and nothing is saved."""

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except questions.QuestionError as refused:
            form.add_error("source", [str(message) for message in refused.messages])
            return self.form_invalid(form)
        return self.save_action()

    def write(self, question=None):
        data = self.form.cleaned_data
        return services.question_save(data=self.form.question_data, category=data["category"],
                                      tags=data["tags"], question=question,
                                      by=self.request.user)


class QuestionCreateView(QuestionWriteMixin, generic.CreateView):
    template_name = "lms_quizzes/admin/question_create.html"

    def save_instance(self):
        question = self.write()
        log(instance=question, action="wagtail.create", user=self.request.user)
        return question


class QuestionCopyView(generic.CopyViewMixin, QuestionCreateView):
    pass


class QuestionEditView(QuestionWriteMixin, generic.EditView):
    template_name = "lms_quizzes/admin/question_edit.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Question.objects.select_related("current_version", "category"),
                                 pk=self.kwargs[self.pk_url_kwarg])

    def save_instance(self):
        before = self.object.current_version_id
        question = self.write(self.object)
        self.new_version = question.current_version_id != before
        log(instance=question, action="wagtail.edit", user=self.request.user,
            content_changed=self.new_version)
        return question

    def get_success_message(self):
        if self.new_version:
            return _("“%(question)s” saved as version %(number)s.") % {
                "question": self.object, "number": self.object.current_version.number}
        return _("“%(question)s” saved; what it asks is unchanged, so it keeps version "
                 "%(number)s.") % {"question": self.object,
                                   "number": self.object.current_version.number}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.object.current_version
        if version is not None:
            context["preview"] = question_preview(self.object, version.data)
        context["versions"] = (self.object.versions.select_related("created_by")
                               .only("number", "created_at", "qtype", "created_by__username",
                                     "created_by__first_name", "created_by__last_name")
                               .order_by("-number"))
        return context


def question_in_use(question):
    """Why a question cannot be deleted (used by quizzes, or answered), or None."""
    quizzes = list(Quiz.objects.filter(slots__question=question).distinct()
                   .values_list("title", flat=True)[:5])
    if quizzes:
        return _("“%(question)s” is in quizzes (%(quizzes)s), so it cannot be deleted; take it "
                 "out of them first.") % {"question": question, "quizzes": ", ".join(quizzes)}
    if AttemptAnswer.objects.filter(version__question=question).exists():
        return _("“%(question)s” has been answered in attempts, so it cannot be deleted: the "
                 "trainees' records show it.") % {"question": question}
    return None


class RefusedDeleteMixin:
    """A delete the database would refuse (PROTECT) is explained instead of failing."""

    def in_use(self):
        raise NotImplementedError

    def refuse(self, reason):
        messages.error(self.request, reason)
        return redirect(reverse(self.edit_url_name, args=[quote(self.object.pk)])
                        if self.edit_url_name else reverse(self.index_url_name))

    def get(self, request, *args, **kwargs):
        reason = self.in_use()
        return self.refuse(reason) if reason else super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        reason = self.in_use()
        if reason:
            return self.refuse(reason)
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            return self.refuse(_("“%(object)s” is in use, so it cannot be deleted.")
                               % {"object": self.object})


class QuestionDeleteView(RefusedDeleteMixin, generic.DeleteView):
    def in_use(self):
        return question_in_use(self.object)


class QuestionViewSet(ModelViewSet):
    model = Question
    name = "quiz_bank"
    url_prefix = "question-bank"
    icon = "help"
    menu_label = gettext_lazy("Question bank")
    add_to_admin_menu = False
    pk_path_converter = "id"
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    copy_view_class = QuestionCopyView
    delete_view_class = QuestionDeleteView
    filterset_class = QuestionFilterSet
    # Matched with icontains in QuestionIndexView (a Chinese word inside a longer text).
    search_fields = ["name"]
    list_per_page = 30
    add_to_reference_index = False
    list_display = [
        TitleColumn("name", label=gettext_lazy("Name"), sort_key="name"),
        Column("qtype", label=gettext_lazy("Type"), accessor="get_qtype_display",
               sort_key="qtype"),
        Column("category", label=gettext_lazy("Category"), accessor="category.name",
               sort_key="category__name"),
        Column("tags", label=gettext_lazy("Tags"), accessor=_tag_names),
        Column("version_number", label=gettext_lazy("Version")),
        DateColumn("updated_at", label=gettext_lazy("Updated"), sort_key="updated_at"),
    ]

    def get_form_class(self, for_update=False):
        return QuestionForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("import/", QuestionImportView.as_view(), name="import")]


# Categories -----------------------------------------------------------------------------------

class CategoryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return QuestionCategory.objects.annotate(question_count=Count("questions"))

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance),
                MenuItem(_("Questions"), url=bank_url(instance), icon_name="help", priority=5),
                MenuItem(_("Export to GIFT"), url=reverse("quiz_categories:export",
                                                          args=[instance.pk]),
                         icon_name="download", priority=40),
                MenuItem(_("Export to Moodle XML"), url=reverse(
                    "quiz_categories:export", args=[instance.pk]) + "?format=xml",
                    icon_name="download", priority=41)]


def category_in_use(category):
    count = category.questions.count()
    if count:
        return ngettext(
            "“%(category)s” still holds %(count)d question, so it cannot be deleted; move or "
            "delete it first.",
            "“%(category)s” still holds %(count)d questions, so it cannot be deleted; move or "
            "delete them first.", count) % {"category": category, "count": count}
    if QuizSlot.objects.filter(draw_category=category).exists():
        return _("Quizzes draw questions from “%(category)s”, so it cannot be deleted.") % {
            "category": category}
    return None


class CategoryDeleteView(RefusedDeleteMixin, generic.DeleteView):
    def in_use(self):
        return category_in_use(self.object)


class CategoryViewSet(ModelViewSet):
    model = QuestionCategory
    name = "quiz_categories"
    url_prefix = "question-categories"
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Question categories")
    add_to_admin_menu = False
    pk_path_converter = "id"
    index_view_class = CategoryIndexView
    delete_view_class = CategoryDeleteView
    form_fields = ["name", "description"]
    search_fields = ["name"]
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["name", "description",
                    Column("question_count", label=gettext_lazy("Questions"),
                           sort_key="question_count")]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("<id:pk>/export/", CategoryExportView.as_view(), name="export")]
