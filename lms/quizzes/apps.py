"""App configuration of lms.quizzes: the question bank, quizzes, attempts and their grading."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "lms.quizzes"
    label = "lms_quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.core.roles import grant
        from lms.quizzes import criteria  # noqa: F401  (registers the "quizzes" criterion)

        # Instructors write questions and quizzes for their courses and grade essays; the
        # training office manages the whole bank.
        bank = ["lms_quizzes.add_question", "lms_quizzes.change_question",
                "lms_quizzes.view_question", "lms_quizzes.add_quiz", "lms_quizzes.change_quiz",
                "lms_quizzes.view_quiz", "lms_quizzes.view_questioncategory",
                "lms_quizzes.add_questioncategory"]
        grant("instructor", bank)
        grant("curator", [*bank, "lms_quizzes.delete_question", "lms_quizzes.delete_quiz",
                          "lms_quizzes.change_questioncategory",
                          "lms_quizzes.delete_questioncategory"])
