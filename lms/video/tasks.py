"""Celery tasks of lms.video, on the `video` queue.

Late acknowledgement: a worker that dies mid-transcode leaves the message to be delivered
again, and the next delivery starts the video afresh in a new temporary folder
(services.video_process is idempotent). The broker's visibility timeout is longer than the
task's time limit, LMS_VIDEO_TASK_TIME_LIMIT (config/settings.py); ffmpeg itself is stopped
sooner, after a time derived from the video's length (services.processing_seconds).
"""

import logging

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext_noop

from lms.video import resumable, services
from lms.video.models import Video

logger = logging.getLogger(__name__)
RETRIES = 3


@shared_task(bind=True, queue="video", acks_late=True, reject_on_worker_lost=True,
             max_retries=RETRIES, ignore_result=True,
             time_limit=settings.LMS_VIDEO_TASK_TIME_LIMIT,
             soft_time_limit=settings.LMS_VIDEO_TASK_TIME_LIMIT - 60)
def process_video(self, video_id):
    try:
        services.video_process(video_id)
    except services.TransientVideoError as trouble:
        if self.request.retries >= RETRIES:
            _give_up(video_id, gettext_noop("The processed video could not be stored; try again "
                                            "later."))
            return
        logger.warning("video %s: %s; retrying", video_id, trouble)
        raise self.retry(exc=trouble, countdown=30 * (self.request.retries + 1)) from trouble
    except Exception:
        logger.exception("video %s: processing failed", video_id)
        _give_up(video_id, gettext_noop("Processing failed unexpectedly; the error is in the "
                                        "worker's log. Try processing it again."))
        raise


def _give_up(video_id, reason):
    """`reason`: an English message of the catalogue (Video.reason shows it translated)."""
    Video.objects.filter(pk=video_id, status=Video.Status.PROCESSING).update(
        status=Video.Status.FAILED, error=reason)


@shared_task(ignore_result=True)
def requeue_stuck_videos():
    """Every few minutes (CELERY_BEAT_SCHEDULE): queue again the videos whose processing was
    lost."""
    return services.requeue_stuck()


@shared_task(ignore_result=True)
def expire_uploads():
    """Every hour (CELERY_BEAT_SCHEDULE): remove the resumable uploads past their expiry, and
    their files."""
    return resumable.uploads_expire()
