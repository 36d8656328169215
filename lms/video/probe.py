"""What a source file holds, read with PyAV before anything is encoded: duration, picture size as
shown, rotation, frame rate and whether it has sound. A file that is not a playable video is
refused here with a reason in words, so processing ends `failed` with that reason instead of an
ffmpeg error."""

import os
from dataclasses import dataclass

import av
from django.utils.translation import gettext_lazy as _


class ProbeError(Exception):
    """The source cannot become a lecture video; `reason` says why, for the people who
    uploaded it."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class SourceInfo:
    duration: float  # seconds
    width: int  # as shown: rotation applied
    height: int
    rotation: int  # degrees the picture is turned when shown (0, 90, 180, 270)
    frame_rate: float | None
    has_audio: bool

    @property
    def lines(self):
        """The shorter side of the picture as shown: what "720p" means, for portrait videos
        too."""
        return min(self.width, self.height)

    @property
    def portrait(self):
        return self.height > self.width


def probe(path):
    """The SourceInfo of a local file, or ProbeError with the reason it cannot be used."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        raise ProbeError(_("The file is empty."))
    try:
        container = av.open(path)
    except (av.FFmpegError, UnicodeDecodeError, ValueError):
        raise ProbeError(_("The file is not a video that can be read.")) from None
    with container:
        if not container.streams.video:
            raise ProbeError(_("The file has no picture: upload a video, not a sound file."))
        stream = container.streams.video[0]
        try:
            frame = next(container.decode(stream))
        except (av.FFmpegError, StopIteration):
            raise ProbeError(_("The video's pictures cannot be decoded: the file may be "
                               "damaged or cut short.")) from None
        rotation = int(getattr(frame, "rotation", 0) or 0) % 360
        width, height = frame.width, frame.height
        if rotation in (90, 270):
            width, height = height, width
        duration = _duration(container, stream)
        if not duration or duration <= 0:
            raise ProbeError(_("The video's length cannot be read: the file may be damaged "
                               "or cut short."))
        rate = stream.average_rate or stream.guessed_rate
        return SourceInfo(duration=duration, width=width, height=height, rotation=rotation,
                          frame_rate=float(rate) if rate else None,
                          has_audio=bool(container.streams.audio))


def _duration(container, stream):
    if container.duration:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None
