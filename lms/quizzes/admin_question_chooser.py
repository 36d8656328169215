"""The question chooser of the quiz editor (lms.quizzes.admin_quiz_editor's SlotForm): the bank's
questions that have a version, searched and filtered by category and type, for those who may
see the bank. Registered by lms.quizzes.wagtail_hooks as `question_chooser_viewset`."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from lms.platform.ids import IdModelChoiceField, parse_id
from lms.quizzes.admin_bank import search_questions
from lms.quizzes.models import Question, QuestionCategory, QuestionType


class QuestionChooserFilterForm(BaseFilterForm):
    q = forms.CharField(label=gettext_lazy("Search term"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}))
    category = IdModelChoiceField(queryset=QuestionCategory.objects.all(), required=False,
                                  label=gettext_lazy("Category"),
                                  empty_label=gettext_lazy("All categories"))
    qtype = forms.ChoiceField(choices=[("", gettext_lazy("All types")), *QuestionType.choices],
                              required=False, label=gettext_lazy("Type"))

    def filter(self, objects):
        objects = super().filter(objects)
        data = self.cleaned_data
        if data.get("category"):
            objects = objects.filter(category=data["category"])
        if data.get("qtype"):
            objects = objects.filter(qtype=data["qtype"])
        if data.get("q"):
            objects = search_questions(objects, data["q"])
            self.is_searching, self.search_query = True, data["q"]
        return objects


class BankReaders:
    """Only those who see the bank choose its questions."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("lms_quizzes.view_question"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QuestionListing:
    filter_form_class = QuestionChooserFilterForm
    per_page = 20

    def get_object_list(self):
        return (Question.objects.filter(current_version__isnull=False)
                .select_related("category").only("pk", "name", "qtype", "category__name"))

    @property
    def columns(self):
        return [*super().columns,
                Column("qtype", label=_("Type"), accessor="get_qtype_display"),
                Column("category", label=_("Category"), accessor="category.name")]


class QuestionChooseView(BankReaders, QuestionListing, chooser_views.ChooseView):
    pass


class QuestionChooseResultsView(BankReaders, QuestionListing, chooser_views.ChooseResultsView):
    pass


class QuestionChosenView(BankReaders, chooser_views.ChosenView):
    def get_object(self, pk):
        if parse_id(pk) is None:
            raise Http404
        return super().get_object(parse_id(pk))


class QuestionChosenMultipleView(BankReaders, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects([pk for pk in map(parse_id, pks) if pk is not None])


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = gettext_lazy("Choose a question")
    choose_another_text = gettext_lazy("Choose another question")
    edit_item_text = gettext_lazy("Edit this question")
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    chosen_view_class = QuestionChosenView
    chosen_multiple_view_class = QuestionChosenMultipleView


question_chooser_viewset = QuestionChooserViewSet("question_chooser",
                                                  url_prefix="question-chooser")
