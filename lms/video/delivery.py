"""Protected delivery of a video's files: short-lived signed addresses, and the view that answers
them from the storage (served by Django, handed to nginx with X-Accel-Redirect, or redirected
to the storage's own short-lived address on S3-compatible storage).

An address is `/video-files/<token>/<name>`: the token names the video, its ready folder and
the person it was issued to, and stops working after LMS_VIDEO_URL_SECONDS. The HLS playlists
refer to their variants and segments by relative names, so every file of the ladder is asked
for under the same token and no playlist is rewritten. Checking a token costs no query; the
requester is compared with the person it was issued to, so a copied address is no use to
anyone else (anonymous requesters included), and who may watch is decided once, when the token
is issued (lms.video.selectors.playback_for).
"""

import mimetypes
import os
import re

from django.core import signing
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.views.decorators.http import require_safe
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from lms.platform.api.authentication import BearerTokenAuthentication
from lms.video import conf
from lms.video.ladder import FALLBACK, MASTER, POSTER
from lms.video.models import Caption

SALT = "lms.video.files"
# A file of a ready folder: "master.m3u8", "720p/index.m3u8", "720p/segment_00001.ts"…
FILE_NAME = re.compile(r"^(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_-]+\.[a-z0-9]+$")
CAPTION_NAME = re.compile(r"^captions/([A-Za-z-]+)\.vtt$")
TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".mp4": "video/mp4",
         ".jpg": "image/jpeg", ".vtt": "text/vtt; charset=utf-8"}


def files_token(video, user):
    """A token for this video's current files, for this requester (anonymous ones too: an open
    preview lecture is for anyone)."""
    return signing.dumps({"v": video.pk, "d": video.output_dir, "u": user.pk or 0},
                         salt=SALT, compress=True)


def file_url(token, name):
    return reverse("video-file", args=[token, name])


def playback_urls(video, user):
    """The signed addresses the player needs: {"hls", "mp4", "poster", "captions": {language:
    url}}, or None when the video is not ready."""
    if video.status != video.Status.READY or not video.output_dir:
        return None
    token = files_token(video, user)
    return {
        "hls": file_url(token, MASTER),
        "mp4": file_url(token, FALLBACK),
        "poster": file_url(token, POSTER),
        "captions": {caption.language: file_url(token, f"captions/{caption.language}.vtt")
                     for caption in video.captions.all()},
    }


def _requester(request):
    """The signed-in user, by session or, for apps and scripts, by the API's token (the
    `Authorization` header): the same people the API knows."""
    if request.user.is_authenticated or "HTTP_AUTHORIZATION" not in request.META:
        return request.user
    for authentication in (TokenAuthentication(), BearerTokenAuthentication()):
        try:
            found = authentication.authenticate(request)
        except AuthenticationFailed:
            return request.user
        if found is not None:
            return found[0]
    return request.user


def _storage_name(grant, name):
    captions = CAPTION_NAME.match(name)
    if captions:
        caption = (Caption.objects.filter(video_id=grant["v"], language=captions[1])
                   .only("file").first())
        if caption is None:
            raise Http404
        return caption.file.name
    if not FILE_NAME.match(name) or not grant.get("d"):
        raise Http404
    return f"{grant['d']}/{name}"


@require_safe
def video_file(request, token, name):
    """One file of a video, for the holder of a valid token issued to them."""
    try:
        grant = signing.loads(token, salt=SALT, max_age=conf.get("LMS_VIDEO_URL_SECONDS"))
    except signing.BadSignature:  # SignatureExpired included
        return HttpResponseForbidden("This address has expired or is not valid.",
                                     content_type="text/plain; charset=utf-8")
    if grant.get("u") != (_requester(request).pk or 0):
        return HttpResponseForbidden("This address was issued to someone else.",
                                     content_type="text/plain; charset=utf-8")
    stored = _storage_name(grant, name)
    extension = os.path.splitext(stored)[1].lower()
    content_type = TYPES.get(extension) or mimetypes.guess_type(stored)[0] or "application/octet-stream"
    mode = conf.get("LMS_VIDEO_DELIVERY")
    if mode == "redirect" and extension != ".m3u8":
        # The storage's own address (an S3 presigned URL, short-lived by AWS_QUERYSTRING_EXPIRE).
        # Playlists are never redirected: players resolve their relative names against the
        # address they were read from, which must stay this one.
        return HttpResponseRedirect(default_storage.url(stored))
    if mode == "accel" and extension != ".m3u8":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = conf.get("LMS_VIDEO_ACCEL_PREFIX") + stored
    else:
        response = _serve(request, stored, content_type)
    # Playlists and segments never change in a folder: a new processing makes a new folder.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _serve(request, stored, content_type):
    try:
        size = default_storage.size(stored)
        handle = default_storage.open(stored, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    start, end = _range(request.headers.get("Range", ""), size)
    if start is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    elif start >= size:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    else:
        # One byte range (browsers ask for nothing else of an MP4): seeking in the fallback.
        handle.seek(start)
        response = FileResponse(_limited(handle, end - start + 1), status=206,
                                content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _range(header, size):
    """(start, end) of a single `bytes=a-b` / `bytes=a-` / `bytes=-n` range, or (None, None)."""
    match = re.fullmatch(r"bytes=(\d{0,19})-(\d{0,19})", header.strip())
    if not match or match[1] == match[2] == "":
        return None, None
    if match[1] == "":
        length = int(match[2])
        return max(0, size - length), size - 1
    start = int(match[1])
    end = min(int(match[2]), size - 1) if match[2] else size - 1
    if end < start:
        return None, None
    return start, end


def _limited(handle, length, chunk=64 * 1024):
    try:
        while length > 0:
            data = handle.read(min(chunk, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()
