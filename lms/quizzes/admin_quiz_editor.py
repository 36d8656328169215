"""The quiz editor of the Wagtail admin (the panels of lms.quizzes.admin_quizzes' QuizViewSet):
its forms and the checks they make before anything is saved (the course among those the user
oversees, a fixed question or a random draw in each place, the places counted against
LMS_QUIZ_MAX_QUESTIONS, one row of extra time and attempts per trainee), and the courses a user
writes quizzes for (every course for the training office, the courses they teach for an
instructor)."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)

from lms.core.selectors import active_trainees
from lms.courses.models import CoursePage
from lms.courses.selectors import course_ids_taught_by
from lms.platform.ids import IdModelChoiceField, IdModelChoiceFilter, parse_id
from lms.quizzes import conf
from lms.quizzes.admin_question_chooser import question_chooser_viewset
from lms.quizzes.models import Attempt, Question, QuestionCategory, QuizSlot

OFFICE = "lms_courses.view_enrolment"


# The courses a user writes quizzes for --------------------------------------------------------

def courses_overseen(user):
    """The courses whose quizzes this user writes: every course for the training office, the
    courses they teach for an instructor."""
    if user.has_perm(OFFICE):
        return CoursePage.objects.all()
    return CoursePage.objects.filter(pk__in=course_ids_taught_by(user))


# The editor's forms ---------------------------------------------------------------------------

class CourseChoiceField(IdModelChoiceField):
    widget = forms.Select

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}" if obj.code else obj.title


class CourseChoiceFilter(IdModelChoiceFilter):
    field_class = CourseChoiceField


def _person(user):
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class SlotForm(WagtailAdminModelForm):
    """A place of the quiz: a fixed question, or questions drawn from a category and/or tag."""

    question = IdModelChoiceField(queryset=Question.objects.filter(current_version__isnull=False),
                                  required=False, label=gettext_lazy("Question"),
                                  widget=question_chooser_viewset.widget_class)
    draw_category = IdModelChoiceField(queryset=QuestionCategory.objects.all(), required=False,
                                       label=gettext_lazy("From the category"))
    draw_tag = forms.CharField(label=gettext_lazy("Tagged"), required=False, max_length=100)
    draw_count = forms.IntegerField(label=gettext_lazy("How many"), min_value=1, max_value=1000,
                                    initial=1, required=False)
    mark = forms.DecimalField(label=gettext_lazy("Mark"), required=False, min_value=0,
                              max_value=1000, max_digits=8, decimal_places=2, help_text=(
                                  gettext_lazy("Empty: the question's default mark.")))

    def clean_draw_count(self):
        return self.cleaned_data.get("draw_count") or 1

    def clean(self):
        data = super().clean()
        fixed = data.get("question") is not None
        drawn = data.get("draw_category") is not None or bool(data.get("draw_tag"))
        # Said on the question field: a field with an error is left out of the model's own
        # checks, so its constraint does not repeat this in words no instructor reads.
        if not fixed and not drawn and "question" not in self.errors:
            self.add_error("question", _("Choose a question, or a category and/or a tag to "
                                         "draw questions from."))
        if fixed and drawn:
            self.add_error("question", _("Either choose a question or draw from a category or "
                                         "tag, not both: clear one of them."))
        return data


class OverrideForm(WagtailAdminModelForm):
    """Extra time or attempts for one trainee: trainees of the user's courses to choose from
    (every active trainee for the training office)."""

    user = IdModelChoiceField(queryset=get_user_model().objects.none(),
                              label=gettext_lazy("Trainee"))

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        trainees = active_trainees()
        if for_user is not None and not for_user.has_perm(OFFICE):
            trainees = trainees.filter(enrolments__course_id__in=course_ids_taught_by(for_user))
        self.fields["user"].queryset = trainees.distinct().order_by("first_name", "username")
        self.fields["user"].label_from_instance = _person


class FormInlinePanel(InlinePanel):
    """An InlinePanel whose child forms are `form` (given the editing user), in an order the
    editor can change when `orderable`."""

    def __init__(self, relation_name, *args, form=None, orderable=False, **kwargs):
        super().__init__(relation_name, *args, **kwargs)
        self.form, self.orderable = form, orderable

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "form": self.form, "orderable": self.orderable}

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset.update({"form": self.form, "inherit_kwargs": ["for_user"],
                        "can_order": self.orderable})
        return options


def _kept(formset):
    """The child forms that stay (not deleted, not left empty), in the editor's order."""
    if formset.can_order:
        return formset.ordered_forms
    return [form for form in formset.forms
            if not form.cleaned_data.get(DELETION_FIELD_NAME)
            and (form.instance.pk or form.has_changed())]


_CHILD_ID = re.compile(r"(slots|overrides)-\d+-id")


def _child_ids_checked(data):
    """The POST with forged ids of places and extra-time rows blanked (read as new rows):
    modelcluster would raise on an id that is not a number instead of refusing it."""
    if data is None or not any(_CHILD_ID.fullmatch(key) and value and parse_id(value) is None
                               for key, value in data.items()):
        return data
    data = data.copy()
    for key, value in list(data.items()):
        if _CHILD_ID.fullmatch(key) and value and parse_id(value) is None:
            data[key] = ""
    return data


class QuizForm(WagtailAdminModelForm):
    """The quiz editor: the course among those the user oversees, the rules checked together,
    and the question places counted against LMS_QUIZ_MAX_QUESTIONS."""

    course = CourseChoiceField(queryset=CoursePage.objects.none(), label=gettext_lazy("Course"))
    pass_mark = forms.DecimalField(label=gettext_lazy("Pass mark (%)"), min_value=0,
                                   max_value=100, max_digits=5, decimal_places=2, initial=60)
    time_limit_minutes = forms.IntegerField(
        label=gettext_lazy("Time limit (minutes)"), required=False, min_value=1,
        max_value=100_000, help_text=gettext_lazy("Empty for no limit."))

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_child_ids_checked(data), *args, **kwargs)
        courses = courses_overseen(self.for_user) if self.for_user else CoursePage.objects.none()
        self.fields["course"].queryset = courses.order_by("code", "title")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        course = data.get("course")
        if (self.instance.pk and course is not None and course.pk != self.instance.course_id
                and Attempt.objects.filter(quiz=self.instance, enrolment__isnull=False).exists()):
            # Its attempts belong to enrolments on the first course: they cannot follow.
            self.add_error("course", _(
                "Trainees have taken this quiz on its course, so it stays there; make a new "
                "quiz for the other course."))
        return data

    def is_valid(self):
        valid = super().is_valid()
        if valid and "slots" in self.formsets:
            problems = self.slot_problems(_kept(self.formsets["slots"]))
            for problem in problems:
                self.add_error(None, problem)
            valid = not problems
        if valid and "overrides" in self.formsets:
            problems = self.override_problems(_kept(self.formsets["overrides"]))
            for problem in problems:
                self.add_error(None, problem)
            valid = not problems
        return valid

    def slot_problems(self, forms_kept):
        problems, seen = [], set()
        total = 0
        for form in forms_kept:
            question = form.cleaned_data.get("question")
            if question is not None:
                total += 1
                if question.pk in seen:
                    problems.append(_("“%(question)s” is in the quiz twice; keep one place "
                                      "for it.") % {"question": question})
                seen.add(question.pk)
            else:
                total += form.cleaned_data.get("draw_count") or 0
        limit = conf.get("LMS_QUIZ_MAX_QUESTIONS")
        if total > limit:
            problems.append(_("The quiz would hold %(count)d questions; a quiz holds at most "
                              "%(limit)d.") % {"count": total, "limit": limit})
        return problems

    def override_problems(self, forms_kept):
        problems, seen = [], set()
        for form in forms_kept:
            user = form.cleaned_data.get("user")
            if user is not None and user.pk in seen:
                problems.append(_("%(trainee)s has two rows of extra time and attempts; keep "
                                  "one.") % {"trainee": _person(user)})
            if user is not None:
                seen.add(user.pk)
        return problems

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        quiz = super().save(commit=commit)
        if commit and "slots" in self.formsets:
            # QuizSlot has no sort_order_field: the places are numbered here, in the order the
            # editor left them.
            for position, form in enumerate(_kept(self.formsets["slots"]), start=1):
                if form.instance.pk and form.instance.position != position:
                    QuizSlot.objects.filter(pk=form.instance.pk).update(position=position)
        return quiz


def _review_row(moment, heading):
    return FieldRowPanel([FieldPanel(f"review_{moment}_{part}")
                          for part in ("score", "correctness", "feedback", "answers")],
                         heading=heading)


quiz_panels = ObjectList([
    MultiFieldPanel([FieldPanel("course"), FieldPanel("title"), FieldPanel("intro"),
                     FieldPanel("required_for_completion")], heading=gettext_lazy("Quiz")),
    MultiFieldPanel([
        FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("time_limit_minutes")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading_method")]),
        FieldPanel("overdue_handling"),
        FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
    ], heading=gettext_lazy("Rules")),
    MultiFieldPanel([
        _review_row("during", gettext_lazy("During the attempt")),
        _review_row("after", gettext_lazy("Right after submitting")),
        _review_row("closed", gettext_lazy("After the quiz closes")),
    ], heading=gettext_lazy("What trainees see when they review an attempt")),
    FormInlinePanel("slots", form=SlotForm, orderable=True, panels=[
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("draw_category"), FieldPanel("draw_tag"),
                       FieldPanel("draw_count")],
                      heading=gettext_lazy("…or questions drawn at random for each attempt")),
        FieldPanel("mark"),
    ], heading=gettext_lazy("Questions"), label=gettext_lazy("question place"),
        help_text=gettext_lazy("Each place holds a question of the bank, or questions drawn at "
                               "random for each attempt from a category and/or a tag.")),
    FormInlinePanel("overrides", form=OverrideForm, panels=[
        FieldPanel("user"),
        FieldRowPanel([FieldPanel("extra_minutes"), FieldPanel("extra_attempts")]),
    ], heading=gettext_lazy("Extra time and attempts"), label=gettext_lazy("trainee")),
], base_form_class=QuizForm)
