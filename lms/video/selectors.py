"""Reads of lms.video: who may watch a video through a lecture, and what the player is given
(signed addresses of its files, its captions, the rules, and the trainee's watch so far)."""

from dataclasses import dataclass

from lms.courses.models import CoursePage, LecturePage
from lms.courses.outline import course_outline
from lms.video import conf, intervals
from lms.video.delivery import playback_urls
from lms.video.models import Video
from lms.video.permissions import may_follow


@dataclass
class Viewing:
    """How a requester may watch a video: through a lecture they may read (`lecture`, with the
    enrolment progress is recorded on, if any), or as someone who sees the library."""

    video: Video
    lecture: LecturePage | None = None
    enrolment: object = None

    @property
    def records_progress(self):
        return self.enrolment is not None


def viewing_for(video, request, lecture_id=None):
    """The Viewing of a video for this request, or None when it may not be watched: through the
    given lecture when it shows the video and the requester may read it (enrolled trainees, the
    course's instructors and staff; anyone for an open preview), else for those who see the
    library (its uploader and staff)."""
    if lecture_id is not None:
        lecture = (LecturePage.objects.live().filter(pk=lecture_id, videos_shown__video=video)
                   .only("id", "path", "depth", "open_preview", "title").first())
        if lecture is not None:
            course = CoursePage.objects.parent_of(lecture).get()
            outline = course_outline(course, request)
            shown = any(item.pk == lecture.pk for item in outline.lectures)
            if shown and outline.may_read_lecture(lecture):
                return Viewing(video, lecture,
                               outline.enrolment if outline.records_progress else None)
    if request.user.is_authenticated and may_follow(request.user, video):
        return Viewing(video)
    return None


def playback_for(viewing, user, watch=None):
    """What the player needs beyond the video's own facts: signed addresses (files, poster,
    captions), the playback rules and, for a trainee recording progress, their watch."""
    video = viewing.video
    urls = playback_urls(video, user)
    captions = [{"language": caption.language, "label": caption.get_language_display(),
                 "cues": caption.cue_count,
                 "url": urls["captions"].get(caption.language) if urls else None}
                for caption in video.captions.all()]
    return {
        "poster": urls["poster"] if urls else None,
        "playback": {"hls": urls["hls"], "mp4": urls["mp4"]} if urls else None,
        "captions": captions,
        "max_playback_rate": float(video.max_playback_rate),
        "lock_seeking": video.lock_seeking,
        "watch": watch_state(watch, video.duration) if watch is not None else None,
    }


def watch_state(watch, duration):
    """A trainee's watch of a video of `duration` seconds as the player and the API show it
    (the detail's `watch` and each heartbeat's answer)."""
    duration = duration or 0
    return {
        "position": round(watch.position, 2),
        "watched": intervals.rounded(watch.watched),
        "watched_seconds": round(watch.watched_seconds, 2),
        "share": round(watch.watched_seconds / duration, 4) if duration else 0,
        "required_share": conf.get("LMS_VIDEO_REQUIRED_SHARE"),
        "completed": watch.completed_at is not None,
    }
