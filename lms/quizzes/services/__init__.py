"""Writes of lms.quizzes, one module per concern; the public services are importable from here.

- bank: questions written, edited (a new version each time) and imported
- attempts: starting, autosaving, submitting, closing attempts whose time ran out
- marking: grading an attempt, essays graded by hand, results, regrading after a key is fixed
"""

from lms.quizzes.services.attempts import (
    answers_save,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
    start_refusal,
)
from lms.quizzes.services.bank import question_save, questions_import
from lms.quizzes.services.common import QuizRefused, ResponsesInvalid
from lms.quizzes.services.marking import answer_grade, attempt_finish, quiz_regrade

__all__ = [
    "QuizRefused", "ResponsesInvalid", "answer_grade", "answers_save", "attempt_finish",
    "attempt_start", "attempt_submit", "attempts_close_overdue", "question_save",
    "questions_import", "quiz_regrade", "start_refusal",
]
