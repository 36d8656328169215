"""lms.video's part in course completion: the "videos watched" criterion, and the rule that a
lecture showing videos is done when they are watched, not when the trainee says so."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.courses import completion
from lms.courses.models import LecturePage
from lms.video.models import LectureVideo, VideoWatch


@completion.criterion("videos", label=gettext_lazy("Videos watched"))
def videos_watched(enrolment):
    """(videos of the course's live lectures watched far enough in this enrolment, all of
    them); each video counts once however many lectures show it."""
    lectures = LecturePage.objects.live().child_of(enrolment.course)
    videos = set(LectureVideo.objects.filter(lecture__in=lectures)
                 .values_list("video_id", flat=True))
    if not videos:
        return 0, 0
    done = VideoWatch.objects.filter(enrolment=enrolment, video_id__in=videos,
                                     completed_at__isnull=False).count()
    return done, len(videos)


@completion.lecture_gate
def watch_the_videos(enrolment, lecture):
    """A lecture showing videos is done by watching them; once they are all watched in this
    enrolment (a video added after it was watched, say), it may be marked by hand too."""
    watched = VideoWatch.objects.filter(enrolment=enrolment, completed_at__isnull=False)
    unwatched = LectureVideo.objects.filter(lecture_id=lecture.pk).exclude(
        video_id__in=watched.values("video_id"))
    if unwatched.exists():
        return _("This lecture is done once you have watched its video: keep playing it and "
                 "your progress is saved as you go.")
    return None
