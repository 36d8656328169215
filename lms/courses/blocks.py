"""StreamField blocks of lms.courses: what a lecture's body is made of, and what a course page
adds below its outline for those on the course (a final quiz, notes)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from lms.quizzes.blocks import QuizBlock
from lms.video.blocks import VideoBlock


class LectureBody(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(label=_("Text"))
    image = ImageBlock(label=_("Image"))
    document = DocumentChooserBlock(label=_("Document or slides"))
    embed = EmbedBlock(label=_("Embed"))
    video = VideoBlock()
    quiz = QuizBlock()


class CourseBody(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(label=_("Text"))
    document = DocumentChooserBlock(label=_("Document or slides"))
    quiz = QuizBlock()
