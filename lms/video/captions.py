"""Captions: an SRT or WebVTT file read, checked and stored as WebVTT, one per video and
language. Chinese caption files often come in GB18030 (GBK) rather than UTF-8; both are read."""

import io
import re

import webvtt
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from lms.video.models import Caption

MAX_BYTES = 2 * 1024 * 1024  # hours of dialogue; a larger "caption" file is something else
_SRT_TIMING = re.compile(r"\d{1,2}:\d{2}:\d{2},\d{3}\s*-->")


def _text(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The captions are not text in UTF-8 or GB18030."), code="encoding")


def to_webvtt(data):
    """(WebVTT text, number of cues) from the bytes of an SRT or WebVTT file, or
    ValidationError saying what is wrong."""
    if not data.strip():
        raise ValidationError(_("The captions file is empty."), code="empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(_("A captions file may be at most 2 MB."), code="too_large")
    text = _text(data).replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip().startswith("WEBVTT"):
        kind = "vtt"
    elif _SRT_TIMING.search(text):
        kind = "srt"
    else:
        raise ValidationError(_("This is neither an SRT nor a WebVTT captions file."),
                              code="not_captions")
    try:
        parsed = webvtt.from_buffer(io.StringIO(text), format=kind)
    except (webvtt.errors.MalformedFileError, ValueError) as error:
        raise ValidationError(_("The captions cannot be read: %(error)s") % {"error": error},
                              code="malformed") from error
    cues = parsed.captions
    if not cues:
        raise ValidationError(_("The captions file holds no captions."), code="empty")
    for number, cue in enumerate(cues, start=1):
        # In milliseconds: webvtt-py's *_in_seconds are whole seconds, and a short cue
        # (0.2 s → 0.9 s) would look empty.
        if cue.end_time.in_milliseconds() <= cue.start_time.in_milliseconds():
            raise ValidationError(
                _("Caption %(number)s ends before it starts (%(start)s → %(end)s).")
                % {"number": number, "start": cue.start, "end": cue.end}, code="timing")
    return parsed.content, len(cues)


def caption_set(*, video, language, data):
    """Store the captions of `video` in `language` from an uploaded file's bytes, replacing
    those it had in that language. Raises ValidationError and changes nothing when the file
    cannot be used."""
    content, cues = to_webvtt(data)
    with transaction.atomic():
        old = Caption.objects.select_for_update().filter(video=video, language=language).first()
        caption = Caption(video=video, language=language, cue_count=cues)
        caption.file.save(f"video-{video.pk}-{language}.vtt",
                          ContentFile(content.encode("utf-8")), save=False)
        if old is not None:
            old_file = old.file.name
            old.delete()
            transaction.on_commit(lambda: caption.file.storage.delete(old_file))
        caption.save()
    return caption


def caption_delete(caption):
    name = caption.file.name
    caption.delete()
    transaction.on_commit(lambda: caption.file.storage.delete(name))
