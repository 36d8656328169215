"""Writes of watch credit: a trainee's watch of a video opened within their enrolment, the
player's heartbeats turned into seconds really watched, and the lectures and course completed
when enough is watched. Also keeps the index of which lectures show which videos.

A heartbeat carries a signed token naming the watch, the person and the video's length and
fastest rate (issued with the playback addresses), so crediting one reads and writes one row:
no enrolment, lecture or video is read again until the watch is complete.

Why a trainee cannot fake watching: new seconds are credited only up to the wall-clock time
since the previous heartbeat that said "playing", times the video's fastest rate; nothing
accrues while paused or hidden; what was already credited is never credited twice (the watch
keeps the union of intervals); ranges outside the video or nonsensical are dropped.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.courses.models import Enrolment, LecturePage, TrainingYear
from lms.courses.services import lectures_record_done
from lms.video import conf, intervals
from lms.video.models import LectureVideo, Video, VideoWatch

SALT = "lms.video.watch"
STATES = ("playing", "paused", "hidden", "ended")
LEARNING = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
MAX_RANGES = 500


class WatchRefused(Exception):
    """A heartbeat that cannot be taken: `code` for programs, `message` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Heartbeat:
    """What a heartbeat changed: the watch as it now stands and the seconds it credited."""

    watch: VideoWatch
    credited: float
    duration: float


def watch_open(*, enrolment, video):
    """The enrolment's watch of a video, created the first time it is played."""
    watch, _created = VideoWatch.objects.get_or_create(enrolment=enrolment, video=video)
    return watch


def watch_token(watch, video, user):
    return signing.dumps({"w": watch.pk, "u": user.pk, "d": video.duration or 0,
                          "r": float(video.max_playback_rate)}, salt=SALT, compress=True)


def _grant(token, user):
    try:
        grant = signing.loads(token, salt=SALT, max_age=conf.get("LMS_VIDEO_URL_SECONDS"))
    except signing.BadSignature as expired:  # SignatureExpired included
        raise WatchRefused("watch_expired", _(
            "This viewing has expired; load the video again to go on.")) from expired
    if grant.get("u") != user.pk:
        raise WatchRefused("watch_expired", _("This viewing belongs to someone else."))
    return grant


def watch_heartbeat(*, token, user, position, played, state, now=None):
    """Take one heartbeat of the player: `played` is the list of [start, end] ranges it has
    played (all of them or the latest: the union is kept), `state` "playing", "paused",
    "hidden" or "ended". Credits what is new up to what the wall clock allows and completes
    the watch, its lectures and the course when enough is watched. Sent twice, it credits once.
    Raises WatchRefused for an expired or foreign token or nonsense."""
    grant = _grant(token, user)
    if state not in STATES:
        raise WatchRefused("invalid", _("Unknown player state."))
    if not isinstance(position, int | float) or isinstance(position, bool):
        raise WatchRefused("invalid", _("The position must be a number of seconds."))
    if not isinstance(played, list) or len(played) > MAX_RANGES:
        raise WatchRefused("invalid", _("The played ranges must be a list of [start, end] "
                                        "pairs."))
    duration, max_rate = float(grant["d"]), float(grant["r"])
    reported = intervals.clean(played, duration)
    now = now or timezone.now()
    with transaction.atomic():
        # One query: the watch locked, its enrolment, and whether that year has been closed.
        closed = TrainingYear.objects.filter(year=OuterRef("enrolment__year"),
                                             closed_at__isnull=False)
        watch = (VideoWatch.objects.select_for_update(of=("self",)).select_related("enrolment")
                 .annotate(year_closed=Exists(closed)).filter(pk=grant["w"]).first())
        if watch is None or watch.enrolment.status not in LEARNING or watch.year_closed:
            # Deleted meanwhile, the trainee left the course since the token was issued, or
            # the training year was closed: a closed year's progress never changes.
            raise WatchRefused("watch_expired", _("This viewing has ended."))
        budget = ((now - watch.playing_since).total_seconds() * max_rate
                  if watch.playing_since else 0.0)
        watched, credited = intervals.credit(watch.watched, reported, budget=budget)
        watch.watched = watched
        watch.watched_seconds = intervals.total(watched)
        watch.position = min(max(0.0, float(position)), duration)
        watch.last_heartbeat_at = now
        watch.playing_since = now if state == "playing" else None
        newly_complete = (watch.completed_at is None and duration > 0
                          and watch.watched_seconds >= conf.get("LMS_VIDEO_REQUIRED_SHARE") * duration)
        if newly_complete:
            watch.completed_at = now
        watch.save(update_fields=["watched", "watched_seconds", "position", "last_heartbeat_at",
                                  "playing_since", "completed_at"])
        if newly_complete:
            _record_lectures(watch, now)
    return Heartbeat(watch=watch, credited=round(credited, 2), duration=duration)


def _record_lectures(watch, now):
    """Record done the lectures of the watch's course whose every video is now watched. The
    enrolment is locked first, so two videos of one lecture completing at once see each other
    (the second waits, then reads the first's completion)."""
    Enrolment.objects.select_for_update().filter(pk=watch.enrolment_id).first()
    lectures = list(LecturePage.objects.live().child_of(watch.enrolment.course)
                    .filter(videos_shown__video_id=watch.video_id).values_list("pk", flat=True))
    if not lectures:
        return
    needed = {}
    for lecture_id, video_id in LectureVideo.objects.filter(
            lecture_id__in=lectures).values_list("lecture_id", "video_id"):
        needed.setdefault(lecture_id, set()).add(video_id)
    complete = set(VideoWatch.objects.filter(
        enrolment_id=watch.enrolment_id, completed_at__isnull=False,
        video_id__in={v for videos in needed.values() for v in videos})
        .values_list("video_id", flat=True))
    done = [lecture for lecture, videos in needed.items() if videos <= complete]
    if done:
        lectures_record_done(enrolment=watch.enrolment, lecture_ids=done, now=now)


def lecture_videos_sync(lecture):
    """Index the videos a lecture's live body shows (on publish)."""
    wanted = set()
    for block in lecture.body.raw_data:
        if block.get("type") == "video":
            video_id = (block.get("value") or {}).get("video")
            if isinstance(video_id, int):
                wanted.add(video_id)
    with transaction.atomic():
        LectureVideo.objects.filter(lecture=lecture).exclude(video_id__in=wanted).delete()
        known = set(LectureVideo.objects.filter(lecture=lecture).values_list("video_id", flat=True))
        existing = set(Video.objects.filter(pk__in=wanted - known).values_list("pk", flat=True))
        LectureVideo.objects.bulk_create(
            [LectureVideo(lecture=lecture, video_id=pk) for pk in existing],
            ignore_conflicts=True)


def lecture_videos_forget(lecture):
    """An unpublished lecture shows no video."""
    LectureVideo.objects.filter(lecture=lecture).delete()
