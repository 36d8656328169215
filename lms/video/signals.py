"""Receivers of lms.video: the index of the videos each live lecture shows follows publishing."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from lms.courses.models import LecturePage
from lms.video.watching import lecture_videos_forget, lecture_videos_sync


@receiver(page_published, sender=LecturePage)
def lecture_published(sender, instance, **kwargs):
    lecture_videos_sync(instance)


@receiver(page_unpublished, sender=LecturePage)
def lecture_unpublished(sender, instance, **kwargs):
    lecture_videos_forget(instance)
