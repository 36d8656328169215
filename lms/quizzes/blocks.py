"""StreamField blocks of lms.quizzes: a quiz placed in a lecture, taken through <lms-quiz>."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class QuizBlock(blocks.StructBlock):
    """A quiz of the course with an optional heading. The quiz's own rules (window, time limit,
    attempts, review options) apply wherever it is placed; attempts count within the trainee's
    enrolment on the quiz's course."""

    quiz = SnippetChooserBlock("lms_quizzes.Quiz", label=_("Quiz"))
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "lms_quizzes/blocks/quiz.html"


def quizzes_of_other_courses(stream, course_id):
    """The quizzes placed in a StreamField value that belong to a course other than
    `course_id`: trainees of this course could not take them (attempts count on the quiz's own
    course), so the page editor refuses them."""
    return [block.value["quiz"] for block in stream or ()
            if block.block_type == "quiz" and block.value["quiz"] is not None
            and block.value["quiz"].course_id != course_id]
