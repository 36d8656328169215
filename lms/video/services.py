"""Writes of lms.video: a video created from an upload, queued for processing, processed into
its HLS ladder. Only these move a video's status (uploaded → queued → processing → ready |
failed), each move one conditional UPDATE, so a task delivered twice, or one redelivered after
its worker died, never leaves a video half processed or processed twice at once.

Processing works in a temporary folder of its own and copies the outputs into the storage under
a new folder (`videos/<id>/<token>/`) before the video is pointed at it in the same UPDATE that
makes it ready: readers see the old ladder or the new one, never a mix. The source is read
through the storage, so S3-compatible storage works as the local one does.
"""

import contextlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from lms.video import conf, ffmpeg, ladder
from lms.video.models import Video
from lms.video.probe import ProbeError, probe

logger = logging.getLogger(__name__)
Status = Video.Status

# How often the processing percentage is written while ffmpeg runs.
PROGRESS_EVERY_SECONDS = 1.0


class TransientVideoError(Exception):
    """Processing met a passing trouble (the storage, the disk): worth another try."""


def video_create(*, title, file, uploaded_by=None, collection=None, queue=True):
    """A new video from an uploaded file, queued for processing once the transaction
    commits. With queue=False it stays uploaded and no task is sent: the caller processes it
    itself (video_process_now)."""
    video = Video(title=title, uploaded_by=uploaded_by)
    if collection is not None:
        video.collection = collection
    video.original.save(os.path.basename(file.name), file, save=False)
    video.save()
    if queue:
        video_queue(video)
    return video


def video_process_now(video):
    """Process a video here, before returning, rather than by the worker (the demo loader, which
    has no worker to wait for): queued as video_queue does, but no task is sent. Returns what
    video_process returns; raises TransientVideoError as it does."""
    _mark_queued(video)
    return video_process(video.pk)


def video_queue(video):
    """Queue a video for processing (again: the admin's "reprocess" too). The task is sent once
    the transaction commits, so the worker finds the row and the file."""
    from lms.video.tasks import process_video

    _mark_queued(video)
    transaction.on_commit(lambda: process_video.delay(video.pk))


def _mark_queued(video):
    now = timezone.now()
    Video.objects.filter(pk=video.pk).update(status=Status.QUEUED, progress=0, error="",
                                             queued_at=now)
    video.status, video.progress, video.error, video.queued_at = Status.QUEUED, 0, "", now


def stuck_videos(now=None):
    """Videos whose processing was lost: processing for longer than its limit allows (the
    worker died and the message was not delivered again), or queued for longer than
    LMS_VIDEO_QUEUE_STALE_SECONDS (the message was lost)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=conf.get("LMS_VIDEO_QUEUE_STALE_SECONDS"))
    processing = Video.objects.filter(status=Status.PROCESSING).only(
        "pk", "duration", "processing_started_at")
    late = [video.pk for video in processing if video.processing_started_at is None
            or video.processing_started_at + timedelta(
                seconds=processing_seconds(video.duration or 0) * 3 + 600) < now]
    lost = Video.objects.filter(status=Status.QUEUED, queued_at__lt=stale)
    return list(Video.objects.filter(pk__in=late)) + list(lost)


def requeue_stuck(now=None):
    """Queue the stuck videos again; returns how many. Run every few minutes (Celery beat)."""
    stuck = stuck_videos(now)
    for video in stuck:
        logger.warning("video %s: %s since long, queued again", video.pk, video.status)
        video_queue(video)
    return len(stuck)


def processing_seconds(duration):
    """How long processing a video of this many seconds may take before it is stopped."""
    return conf.get("LMS_VIDEO_TIME_BASE_SECONDS") + conf.get("LMS_VIDEO_TIME_PER_SECOND") * duration


def video_process(video_id):
    """Process a queued video into its ladder, MP4 fallback, poster and thumbnail. Returns the
    video as it ends (ready or failed), or None when there was nothing to do (gone, or not
    queued: a duplicate delivery). Raises TransientVideoError for troubles worth a retry."""
    started = Video.objects.filter(
        pk=video_id, status__in=(Status.QUEUED, Status.PROCESSING)).update(
        status=Status.PROCESSING, progress=0, error="", error_detail="",
        processing_started_at=timezone.now(),
        attempts=F("attempts") + 1)
    if not started:
        return None
    video = Video.objects.get(pk=video_id)
    with tempfile.TemporaryDirectory(prefix=f"cadre-video-{video.pk}-") as work:
        try:
            source = _local_source(video, work)
            info = probe(source)
        except ProbeError as refused:
            return _fail(video, refused.reason)
        except OSError as trouble:
            raise TransientVideoError(str(trouble)) from trouble
        rungs = ladder.plan_ladder(info)
        out = os.path.join(work, "out")
        os.makedirs(out)
        executable = ffmpeg.executable()
        try:
            ffmpeg.run(ladder.hls_command(executable, source, out, info, rungs),
                       duration=info.duration, timeout=processing_seconds(info.duration),
                       on_progress=_progress_writer(video.pk))
            ffmpeg.run(ladder.fallback_command(executable, out, rungs[-1], info),
                       timeout=processing_seconds(0))
            ffmpeg.run(ladder.still_command(executable, source, out, info, rungs[0]),
                       timeout=processing_seconds(0))
        except ffmpeg.FFmpegError as failure:
            logger.warning("video %s: ffmpeg failed: %s", video.pk, failure.detail)
            if failure.timed_out:
                return _fail(video, gettext_noop("Processing took longer than allowed for a "
                                                 "video of this length and was stopped."))
            return _fail(video, gettext_noop("The video could not be converted."),
                         detail=failure.detail)
        try:
            folder = _store_outputs(video, out)
        except OSError as trouble:
            raise TransientVideoError(str(trouble)) from trouble
    return _finish(video, info, rungs, folder)


def _local_source(video, work):
    """A path to the source on this machine: the file itself on local storage, else a copy
    streamed from the storage into the work folder."""
    try:
        return video.original.path
    except NotImplementedError:  # remote storage (S3…): no local path
        local = os.path.join(work, "source" + os.path.splitext(video.original.name)[1])
        with video.original.open("rb") as remote, open(local, "wb") as copy:
            shutil.copyfileobj(remote, copy, length=1024 * 1024)
        return local


def _progress_writer(video_id):
    last = {"at": 0.0, "percent": -1}

    def write(percent):
        now = time.monotonic()
        if percent > last["percent"] and now - last["at"] >= PROGRESS_EVERY_SECONDS:
            Video.objects.filter(pk=video_id, status=Status.PROCESSING).update(progress=percent)
            last.update(at=now, percent=percent)
    return write


def _store_outputs(video, out):
    """Copy every output into a new storage folder for this video; returns the folder."""
    folder = f"videos/{video.pk}/{uuid.uuid4().hex[:12]}"
    for directory, _dirs, files in os.walk(out):
        for name in files:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, out).replace(os.sep, "/")
            with open(path, "rb") as handle:
                stored = default_storage.save(f"{folder}/{relative}", File(handle))
            if stored != f"{folder}/{relative}":  # the storage renamed it: the playlists break
                raise OSError(f"storage renamed {relative} to {stored}")
    return folder


def _finish(video, info, rungs, folder):
    previous = video.output_dir
    done = Video.objects.filter(pk=video.pk, status=Status.PROCESSING).update(
        status=Status.READY, progress=100, error="", output_dir=folder,
        duration=info.duration, width=info.width, height=info.height, rotation=info.rotation,
        frame_rate=info.frame_rate, has_audio=info.has_audio,
        renditions=[rung.as_json() for rung in rungs], processed_at=timezone.now())
    if not done:  # another delivery finished first, or the video was deleted meanwhile
        _delete_folder(folder)
        return None
    if previous and previous != folder:
        _delete_folder(previous)
    return Video.objects.get(pk=video.pk)


def _fail(video, reason, *, detail=""):
    """`reason`: an English message of the catalogue (Video.reason shows it translated)."""
    with translation.override("en"):
        reason = str(reason)
    Video.objects.filter(pk=video.pk, status=Status.PROCESSING).update(
        status=Status.FAILED, error=reason, error_detail=detail, processed_at=timezone.now())
    video.refresh_from_db()
    return video


def _delete_folder(folder):
    """Delete a storage folder and everything under it."""
    directories, files = default_storage.listdir(folder)
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for name in directories:
        _delete_folder(f"{folder}/{name}")
    with contextlib.suppress(NotImplementedError, OSError):  # a local folder left empty
        os.rmdir(default_storage.path(folder))
