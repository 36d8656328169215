"""Writes of resumable (tus) uploads: start one, receive its bytes over any number of requests,
turn the complete file into a Video, terminate it, and remove the expired ones with their files.

The bytes received so far are in LMS_VIDEO_UPLOAD_DIR/<id>.part. A request receiving bytes
holds a lease on the upload's row (a token and an end time, taken and renewed by conditional
UPDATEs, no transaction held open while bytes trickle in): a second request at the same time is
refused instead of interleaving its bytes, and a web process that dies mid-request blocks the
upload for LEASE_SECONDS at most. The offset is recorded as bytes arrive, so what arrived before
a dropped connection (or a dead process) is kept and the client resumes from there.
"""

import contextlib
import logging
import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from lms.video import conf, services
from lms.video.models import VideoUpload
from lms.video.sniff import HEAD_BYTES
from lms.video.uploads import check_size, check_upload

logger = logging.getLogger(__name__)

# Bytes read from the request and written at a time: the memory an upload takes, whatever its size.
CHUNK_BYTES = 1024 * 1024
# How long a receiving request holds an upload without renewing, and how often it renews (well
# inside the lease, so that a slow read never lets the lease lapse while bytes are written).
LEASE_SECONDS = 60
RENEW_SECONDS = 10
# Finishing (storing the file as a video) may copy gigabytes to a remote storage: a longer lease.
FINISH_LEASE_SECONDS = 3600


class UploadGone(Exception):
    """The upload expired, or its bytes are lost: the client must start again."""


class UploadBusy(Exception):
    """Another request is receiving this upload's bytes right now."""


class OffsetMismatch(Exception):
    """The client's offset is not where the upload stands (`offset`)."""

    def __init__(self, offset):
        super().__init__(f"the upload stands at {offset}")
        self.offset = offset


class _LeaseLost(Exception):
    """The upload was terminated (or taken over) while this request was receiving."""


def _lost(upload):
    """What to tell a request whose lease was lost: the upload is gone (terminated), or another
    request has it now."""
    if VideoUpload.objects.filter(pk=upload.pk).exists():
        return UploadBusy()
    return VideoUpload.DoesNotExist()


class _PartialFile(File):
    """The received file on disk: FileSystemStorage moves it into place, as it does Django's own
    temporary uploads, rather than copying gigabytes; any other storage streams it."""

    def temporary_file_path(self):
        return self.file.name


def upload_folder():
    return Path(conf.get("LMS_VIDEO_UPLOAD_DIR"))


def partial_path(upload_id):
    """Where the bytes of an upload received so far are."""
    return upload_folder() / f"{upload_id}.part"


def is_expired(upload, now=None):
    """An unfinished upload past its expiry; a finished one stays readable until removed."""
    return upload.video_id is None and upload.expires_at <= (now or timezone.now())


def _expiry(now):
    return now + timedelta(seconds=conf.get("LMS_VIDEO_UPLOAD_EXPIRY_SECONDS"))


def upload_create(*, owner, length, filename="", title="", collection=None, metadata=None):
    """A new upload of `length` bytes, with an empty file for them. Raises ValidationError
    ("too_large", "empty") for a length that could never be taken."""
    check_size(length)
    filename = os.path.basename(filename.replace("\\", "/"))[:255]
    now = timezone.now()
    title = title.strip() or os.path.splitext(filename)[0] or _("Untitled video")
    upload = VideoUpload(owner=owner, length=length, filename=filename, title=title[:255],
                         collection=collection, metadata=metadata or {}, expires_at=_expiry(now))
    path = partial_path(upload.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.open("xb").close()  # the file first: a row always has one (a file without a row is swept)
    try:
        upload.save()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return upload


def upload_append(*, upload, offset, stream, size):
    """Write `size` bytes read from `stream` (the request body, read in CHUNK_BYTES) at
    `offset`, and make the video once the last byte is in. Returns the upload as it now stands:
    its offset is what was really written (less than asked when the connection dropped), its
    `video` is set when it is complete. Raises OffsetMismatch, UploadBusy, UploadGone,
    VideoUpload.DoesNotExist (terminated meanwhile), and
    ValidationError when the bytes are more than the length ("too_large") or are not a video
    (as check_upload says; the upload is then removed)."""
    now = timezone.now()
    if upload.video_id is not None:
        if offset == upload.length and size == 0:  # a retried last request: nothing to do
            return upload
        raise OffsetMismatch(upload.length)
    if is_expired(upload, now):
        raise UploadGone()
    if offset != upload.offset:
        raise OffsetMismatch(upload.offset)
    if offset + size > upload.length:
        raise ValidationError(_("These bytes go past the end of the upload (%(length)s bytes).")
                              % {"length": upload.length}, code="too_large")
    token = uuid.uuid4()
    _claim(upload, token, now)
    try:
        written = _receive(upload, token, stream, size)
    except _LeaseLost as lost:
        raise _lost(upload) from lost
    try:
        _check_head(upload, before=offset, after=written)
    except ValidationError:
        upload_delete(upload=upload)
        raise
    except BaseException:
        _release(upload, token, written)
        raise
    if written == upload.length:
        return _finish(upload, token)
    _release(upload, token, written)
    return upload


def upload_delete(*, upload):
    """Terminate an upload: its row and its file go (the video it became, if any, stays). A
    request receiving its bytes meanwhile loses its lease and stops."""
    VideoUpload.objects.filter(pk=upload.pk).delete()
    partial_path(upload.pk).unlink(missing_ok=True)


def uploads_expire(*, now=None):
    """Remove the uploads past their expiry (unfinished or finished) that no request is
    receiving, with their files, and the files no upload owns (left by a crash) once as old
    as an expiry. Returns how many uploads were removed. Run hourly (Celery beat)."""
    now = now or timezone.now()
    free = Q(receiver__isnull=True) | Q(receiving_until__lt=now)
    removed = 0
    for pk in list(VideoUpload.objects.filter(free, expires_at__lt=now)
                   .values_list("pk", flat=True)):
        # Again with the conditions: a request may have taken it since the list was read.
        if VideoUpload.objects.filter(free, pk=pk, expires_at__lt=now).delete()[0]:
            partial_path(pk).unlink(missing_ok=True)
            removed += 1
    _remove_strays(now)
    return removed


def _claim(upload, token, now):
    """Take the lease, if the upload is still where the client thinks and nobody holds it."""
    free = Q(receiver__isnull=True) | Q(receiving_until__lt=now)
    taken = VideoUpload.objects.filter(
        free, pk=upload.pk, offset=upload.offset, video__isnull=True, expires_at__gt=now,
    ).update(receiver=token, receiving_until=now + timedelta(seconds=LEASE_SECONDS),
             expires_at=_expiry(now), updated_at=now)
    if taken:
        return
    current = VideoUpload.objects.filter(pk=upload.pk).first()
    if current is None:
        raise VideoUpload.DoesNotExist()
    if is_expired(current, now):
        raise UploadGone()
    if current.video_id is not None or current.offset != upload.offset:
        raise OffsetMismatch(current.offset)
    raise UploadBusy()


def _renew(upload, token, position=None, *, seconds=LEASE_SECONDS):
    """Hold the lease longer and record the offset reached (if given); _LeaseLost if the lease
    is not ours any more."""
    now = timezone.now()
    changes = {"receiving_until": now + timedelta(seconds=seconds), "expires_at": _expiry(now),
               "updated_at": now}
    if position is not None:
        changes["offset"] = position
    if not VideoUpload.objects.filter(pk=upload.pk, receiver=token).update(**changes):
        raise _LeaseLost()


def _release(upload, token, position):
    now = timezone.now()
    upload.offset, upload.expires_at = position, _expiry(now)
    if not VideoUpload.objects.filter(pk=upload.pk, receiver=token).update(
            offset=position, receiver=None, receiving_until=None, expires_at=upload.expires_at,
            updated_at=now):
        raise _lost(upload)


def _receive(upload, token, stream, size):
    """Copy the body into the file from the recorded offset; returns the offset reached. Ends
    early, keeping what arrived, when the client's connection drops."""
    position = upload.offset
    try:
        handle = partial_path(upload.pk).open("r+b")
    except FileNotFoundError:  # its bytes were lost (the upload folder was emptied)
        VideoUpload.objects.filter(pk=upload.pk, receiver=token).delete()
        raise UploadGone() from None
    try:
        with handle:
            on_disk = os.fstat(handle.fileno()).st_size
            if on_disk < position:  # the machine lost what it had written: resume from there
                _release(upload, token, on_disk)
                raise OffsetMismatch(on_disk)
            # Bytes past the recorded offset came from a request that died before recording
            # them: they are not part of the upload.
            handle.seek(position)
            handle.truncate()
            renewed = time.monotonic()
            remaining = size
            while remaining:
                try:
                    chunk = stream.read(min(CHUNK_BYTES, remaining))
                except OSError as dropped:  # UnreadablePostError: the connection broke
                    logger.info("upload %s: the body stopped at %s: %s", upload.pk, position,
                                dropped)
                    break
                if not chunk:
                    logger.info("upload %s: the body ended early at %s", upload.pk, position)
                    break
                if time.monotonic() - renewed >= RENEW_SECONDS:
                    # Only write while the lease is surely ours: after a stalled read it may
                    # have lapsed and been taken by the client's next request.
                    _flush(handle)
                    _renew(upload, token, position)
                    renewed = time.monotonic()
                handle.write(chunk)
                position += len(chunk)
                remaining -= len(chunk)
            _flush(handle)
    except (_LeaseLost, OffsetMismatch, UploadGone):
        raise
    except BaseException:
        # A failed write (a full disk): keep what was written before it; the next request
        # cuts off whatever the failed write left past that.
        with contextlib.suppress(Exception):
            _release(upload, token, position)
        raise
    return position


def _flush(handle):
    handle.flush()
    os.fsync(handle.fileno())


def _check_head(upload, *, before, after):
    """Refuse what is not a video as soon as its first bytes are in, not gigabytes later."""
    enough = min(HEAD_BYTES, upload.length)
    if before < enough <= after:
        with partial_path(upload.pk).open("rb") as handle:
            check_upload(File(handle))


def _finish(upload, token):
    """Make the video from the complete file: checked as any upload is, then stored and
    queued, and the upload pointed at it, in one transaction; the file is then gone."""
    try:
        _renew(upload, token, seconds=FINISH_LEASE_SECONDS)
    except _LeaseLost as lost:  # terminated just as its last bytes arrived
        raise _lost(upload) from lost
    path = partial_path(upload.pk)
    try:
        handle = path.open("rb")
    except FileNotFoundError:  # an earlier attempt moved it, then failed
        upload_delete(upload=upload)
        raise UploadGone() from None
    video = None
    try:
        with handle:
            source = _PartialFile(handle, name=_storage_name(upload))
            check_upload(source)
            with transaction.atomic():
                video = services.video_create(title=upload.title, file=source,
                                              uploaded_by=upload.owner,
                                              collection=upload.collection)
                now = timezone.now()
                if not VideoUpload.objects.filter(pk=upload.pk, receiver=token).update(
                        offset=upload.length, video=video, receiver=None,
                        receiving_until=None, expires_at=_expiry(now), updated_at=now):
                    raise _LeaseLost()  # terminated meanwhile: no video after all
    except ValidationError:
        upload_delete(upload=upload)
        raise
    except _LeaseLost as lost:
        video.original.delete(save=False)
        raise _lost(upload) from lost
    except BaseException:
        if video is not None or not path.exists():
            # The file went into the storage, then the transaction failed: it cannot go on.
            if video is not None:
                video.original.delete(save=False)
            upload_delete(upload=upload)
        else:
            with contextlib.suppress(Exception):
                _release(upload, token, upload.length)  # a PATCH of no bytes finishes it again
        raise
    path.unlink(missing_ok=True)  # moved into the storage already, unless the storage copied it
    upload.offset, upload.video = upload.length, video
    return upload


def _storage_name(upload):
    """The name the source is stored under: the client's file name made safe for a storage."""
    try:
        return get_valid_filename(upload.filename)
    except SuspiciousFileOperation:  # nothing usable left ("", "..")
        return f"upload-{upload.pk}"


def _remove_strays(now):
    """Files of the upload folder no upload owns, once older than an expiry."""
    folder = upload_folder()
    if not folder.is_dir():
        return
    cutoff = (now - timedelta(seconds=conf.get("LMS_VIDEO_UPLOAD_EXPIRY_SECONDS"))).timestamp()
    for entry in os.scandir(folder):
        name, suffix = os.path.splitext(entry.name)
        if suffix != ".part" or not entry.is_file():
            continue
        try:
            upload_id = uuid.UUID(name)
            old = entry.stat().st_mtime < cutoff
        except (ValueError, OSError):
            continue
        if old and not VideoUpload.objects.filter(pk=upload_id).exists():
            Path(entry.path).unlink(missing_ok=True)
