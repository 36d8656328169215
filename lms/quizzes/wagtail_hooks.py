"""Registers lms.quizzes' admin screens with Wagtail: the question bank, its categories and
chooser, quizzes as snippets, marking and results, all under one "Quizzes" menu."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lms.platform.admin_screens import PermissionMenuItem
from lms.quizzes.admin_bank import CategoryViewSet, QuestionViewSet
from lms.quizzes.admin_marking import GradingViewSet, grading_menu_item
from lms.quizzes.admin_question_chooser import question_chooser_viewset
from lms.quizzes.admin_quizzes import (
    QuizViewSet,
    quiz_permission_policy,
    refuse_deleting_records,
    warn_short_draws,
)
from lms.quizzes.admin_results import QuizResultsViewSet, results_menu_item
from lms.quizzes.models import Quiz

register_permission_policy(Quiz, quiz_permission_policy)
register_snippet(QuizViewSet)


@hooks.register("register_admin_viewset")
def register_question_bank():
    return [QuestionViewSet(), CategoryViewSet(), question_chooser_viewset]


hooks.register("before_delete_snippet", refuse_deleting_records)
hooks.register("after_create_snippet", warn_short_draws)
hooks.register("after_edit_snippet", warn_short_draws)


@hooks.register("register_admin_viewset")
def register_marking():
    return [GradingViewSet(), QuizResultsViewSet()]


def _sees_quizzes(user):
    return quiz_permission_policy.user_has_any_permission(user, ["add", "change", "delete",
                                                                 "view"])


quizzes_menu = Menu(items=[
    PermissionMenuItem(_("Question bank"), reverse_lazy("quiz_bank:index"), name="question-bank",
                       icon_name="help", order=10, permission="lms_quizzes.view_question"),
    PermissionMenuItem(_("Question categories"), reverse_lazy("quiz_categories:index"),
                       name="question-categories", icon_name="folder-open-inverse", order=20,
                       permission="lms_quizzes.view_questioncategory"),
    PermissionMenuItem(_("Quizzes"), reverse_lazy("quizzes:list"), name="quizzes",
                       icon_name="tasks", order=30, shown_to=_sees_quizzes),
    PermissionMenuItem(_("Import questions"), reverse_lazy("quiz_bank:import"),
                       name="import-questions", icon_name="upload", order=40,
                       permission="lms_quizzes.add_question"),
    # Grading queue and results (their own `order`s place them after these), shown to those
    # who oversee some course's quizzes.
    grading_menu_item(),
    results_menu_item(),
])


@hooks.register("register_admin_menu_item")
def register_quizzes_menu():
    return SubmenuMenuItem(_("Quizzes"), quizzes_menu, name="lms-quizzes", icon_name="tasks",
                           order=320)
