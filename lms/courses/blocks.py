"""StreamField blocks of lms.courses: what a lecture's body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from lms.video.blocks import VideoBlock


class LectureBody(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(label=_("Text"))
    image = ImageBlock(label=_("Image"))
    document = DocumentChooserBlock(label=_("Document or slides"))
    embed = EmbedBlock(label=_("Embed"))
    video = VideoBlock()
