"""Watching a video in a lecture: who is given its signed addresses, the files behind them,
heartbeats credited no faster than the wall clock, and the lecture and course completed."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from lms.courses.models import Enrolment, LectureProgress, course_training_year
from lms.video.models import Caption, LectureVideo, Video, VideoWatch
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course

pytestmark = pytest.mark.django_db

PLAYLIST = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def video(instructor):
    """A ready video of 100 s whose folder holds a playlist, a segment and the MP4."""
    folder = "videos/1/abc"
    for name, content in [("master.m3u8", PLAYLIST), ("360p/index.m3u8", "#EXTM3U\n"),
                          ("360p/segment_00000.ts", b"\x47" * 188 * 4),
                          ("fallback.mp4", bytes(range(256)) * 4), ("poster.jpg", b"\xff\xd8")]:
        default_storage.save(f"{folder}/{name}", ContentFile(content))
    video = Video.objects.create(title="The budget law", original="videos/originals/x.mp4",
                                 status=Video.Status.READY, output_dir=folder, duration=100,
                                 uploaded_by=instructor, max_playback_rate=2)
    Caption.objects.create(video=video, language="zh-hans", cue_count=1, file=default_storage.save(
        "videos/captions/c.vtt", ContentFile("WEBVTT\n\n00:00.000 --> 00:02.000\n预算法\n")))
    return video


def show(lecture, *videos):
    lecture.body = [("video", {"video": v, "heading": ""}) for v in videos]
    lecture.save_revision().publish()


@pytest.fixture
def course(video):
    course = make_course("LAW-1", lectures=2)
    show(course.get_children().specific().first(), video)
    return course


@pytest.fixture
def lecture(course):
    return course.get_children().specific().first()


def enrol(user, course, status=Enrolment.Status.ENROLLED):
    return Enrolment.objects.create(user=user, course=course, status=status,
                                    year=course_training_year(course), source="elective")


def detail(client, video, lecture=None):
    return client.get(f"/api/v1/videos/{video.pk}/" + (f"?lecture={lecture.pk}" if lecture else ""))


def beat(client, watch, *, played, state="playing", position=None):
    return client.post(watch["heartbeat"]["url"], {
        "token": watch["heartbeat"]["token"], "played": played, "state": state,
        "position": played[-1][1] if position is None and played else (position or 0),
        "rate": 1}, format="json")


def test_publishing_a_lecture_indexes_its_videos(lecture, video):
    assert list(LectureVideo.objects.values_list("lecture_id", "video_id")) == [
        (lecture.pk, video.pk)]
    show(lecture)  # the video taken out
    assert not LectureVideo.objects.exists()
    show(lecture, video)
    lecture.unpublish()
    assert not LectureVideo.objects.exists()


def test_an_enrolled_trainee_gets_signed_addresses_and_a_watch(api_client, trainee, lecture,
                                                                course, video):
    enrol(trainee, course)
    api_client.force_authenticate(trainee)
    body = detail(api_client, video, lecture).json()
    assert body["playback"]["hls"].startswith("/video-files/")
    assert body["playback"]["hls"].endswith("/master.m3u8")
    assert body["captions"][0]["language"] == "zh-hans" and body["captions"][0]["url"]
    assert body["watch"]["watched"] == [] and body["watch"]["required_share"] == 0.95
    assert body["max_playback_rate"] == 2.0 and body["lock_seeking"] is False
    assert "error_detail" not in body  # processing details are for the library's people
    assert VideoWatch.objects.get().enrolment.user == trainee


@pytest.mark.parametrize("who", ["anonymous", "stranger", "waitlisted"])
def test_those_not_on_the_course_get_no_addresses(api_client, lecture, course, video, who):
    if who != "anonymous":
        user = UserFactory(username="someone", roles=("trainee",))
        if who == "waitlisted":
            enrol(user, course, Enrolment.Status.WAITLISTED)
        api_client.force_authenticate(user)
    response = detail(api_client, video, lecture)
    assert response.status_code in (401, 403)
    assert "playback" not in response.json()
    assert not VideoWatch.objects.exists()


def test_a_lecture_that_does_not_show_the_video_gives_no_access(api_client, trainee, course,
                                                                 video):
    enrol(trainee, course)
    other = course.get_children().specific().last()  # shows no video
    api_client.force_authenticate(trainee)
    assert detail(api_client, video, other).status_code == 403


def test_instructors_and_open_previews_watch_without_credit(api_client, client, instructor,
                                                            lecture, course, video):
    course.instructors.add(instructor)
    api_client.force_authenticate(instructor)
    body = detail(api_client, video, lecture).json()
    assert body["playback"] and body["watch"] is None
    lecture.open_preview = True
    lecture.save_revision().publish()
    anonymous = detail(client, video, lecture)
    assert anonymous.status_code == 200 and anonymous.json()["watch"] is None
    assert client.get(anonymous.json()["playback"]["hls"]).status_code == 200
    assert not VideoWatch.objects.exists()


def test_the_signed_addresses_serve_the_files_to_their_holder_only(api_client, client, trainee,
                                                                   lecture, course, video):
    enrol(trainee, course)
    client.force_login(trainee)
    body = detail(client, video, lecture).json()
    master = client.get(body["playback"]["hls"])
    assert master.status_code == 200
    assert master["Content-Type"] == "application/vnd.apple.mpegurl"
    assert b"".join(master.streaming_content).decode() == PLAYLIST
    base = body["playback"]["hls"].rsplit("/", 1)[0]
    segment = client.get(f"{base}/360p/segment_00000.ts")
    assert segment.status_code == 200 and segment["Content-Type"] == "video/mp2t"
    captions = client.get(body["captions"][0]["url"])
    assert "预算法" in b"".join(captions.streaming_content).decode()
    # Seeking in the MP4 fallback: one byte range.
    part = client.get(body["playback"]["mp4"], headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and b"".join(part.streaming_content) == bytes(range(10, 20))
    assert part["Content-Range"] == "bytes 10-19/1024"
    # Anyone else, signed in or not, holding the same address: 403.
    other = UserFactory(username="other", roles=("trainee",))
    api_client.force_login(other)
    assert api_client.get(body["playback"]["hls"]).status_code == 403
    client.logout()
    assert client.get(f"{base}/360p/segment_00000.ts").status_code == 403
    assert client.get("/video-files/forged-token/master.m3u8").status_code == 403


def test_addresses_expire_and_names_outside_the_folder_are_refused(client, trainee, lecture,
                                                                   course, video, settings):
    enrol(trainee, course)
    client.force_login(trainee)
    body = detail(client, video, lecture).json()
    base = body["playback"]["hls"].rsplit("/", 1)[0]
    for name in ("../../originals/x.mp4", "360p/../../x", "a/b/c.ts", "captions/xx.vtt"):
        assert client.get(f"{base}/{name}").status_code == 404, name
    settings.LMS_VIDEO_URL_SECONDS = -1
    assert client.get(body["playback"]["hls"]).status_code == 403


@pytest.mark.parametrize("path", ["videos/1/abc/master.m3u8", "/videos/1/abc/master.m3u8",
                                  "./videos/1/abc/master.m3u8", "x/../videos/1/abc/master.m3u8",
                                  "videos/originals/x.mp4"])
def test_media_never_serves_videos(rf, video, path):
    # Development serving of /media/ (DEBUG) leaves every video file out, however spelt.
    from django.http import Http404

    from config.urls import media_file

    with pytest.raises(Http404):
        media_file(rf.get("/media/" + path), path)


def test_media_serves_other_uploads(rf, settings):
    from config.urls import media_file

    default_storage.save("images/cover.jpg", ContentFile(b"\xff\xd8"))
    assert media_file(rf.get("/media/images/cover.jpg"), "images/cover.jpg").status_code == 200


@pytest.mark.parametrize("delivery, header", [("accel", "X-Accel-Redirect"),
                                              ("redirect", "Location")])
def test_nginx_and_object_storage_deliveries(client, trainee, lecture, course, video, settings,
                                             delivery, header):
    settings.LMS_VIDEO_DELIVERY = delivery
    enrol(trainee, course)
    client.force_login(trainee)
    body = detail(client, video, lecture).json()
    base = body["playback"]["hls"].rsplit("/", 1)[0]
    segment = client.get(f"{base}/360p/segment_00000.ts")
    assert segment.status_code == (200 if delivery == "accel" else 302)
    assert segment[header].endswith("videos/1/abc/360p/segment_00000.ts")
    # Playlists are always answered here: players resolve their relative names against it.
    assert client.get(body["playback"]["hls"]).status_code == 200


class Clock:
    """Heartbeats at chosen instants (the wall clock the credit is measured against)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr("lms.video.watching.timezone.now", lambda: self.now)

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def watching(api_client, trainee, lecture, course, video, monkeypatch):
    enrol(trainee, course)
    api_client.force_authenticate(trainee)
    clock = Clock(monkeypatch)
    return api_client, clock, detail(api_client, video, lecture).json()["watch"]


def test_credit_follows_the_wall_clock(watching):
    client, clock, watch = watching
    first = beat(client, watch, played=[[0, 0.5]]).json()
    assert first["credited"] == 0  # the first beat starts the clock
    clock.advance(5)
    # What the first beat reported is credited now, against the time since.
    second = beat(client, watch, played=[[0, 5.5]]).json()
    assert second["credited"] == 5.5 and second["watched"] == [[0, 5.5]]
    clock.advance(5)
    # Claiming a minute in five seconds: ten at most (2× is the fastest rate allowed).
    third = beat(client, watch, played=[[0, 65]]).json()
    assert third["credited"] == 10.0 and third["watched_seconds"] == 15.5
    # The same beat again (a retry): nothing more.
    assert beat(client, watch, played=[[0, 65]]).json()["credited"] == 0


def test_nothing_accrues_while_paused_or_hidden(watching):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    clock.advance(5)
    assert beat(client, watch, played=[[0, 6]], state="paused").json()["credited"] == 6
    clock.advance(600)  # ten minutes paused
    assert beat(client, watch, played=[[0, 100]], state="playing").json()["credited"] == 0
    clock.advance(4)
    # Played again for 4 s at 2×, then the tab was hidden: 8 s at most.
    assert beat(client, watch, played=[[0, 100]], state="hidden").json()["credited"] == 8
    clock.advance(300)
    assert beat(client, watch, played=[[0, 100]]).json()["credited"] == 0


def test_nonsense_ranges_are_clipped_or_refused(watching):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    clock.advance(100)
    body = beat(client, watch, played=[[-50, 2], [90, 5000], [7, 3], ["x", 1]],
                position=9999).json()
    assert body["watched"] == [[0, 2], [90, 100]] and body["position"] == 100
    for bad in ({"played": "all"}, {"state": "dancing"}, {"position": "here"},
                {"played": [[0, 1]] * 501}):
        response = client.post(watch["heartbeat"]["url"], {
            "token": watch["heartbeat"]["token"], "played": [[0, 1]], "state": "playing",
            "position": 1, **bad}, format="json")
        assert response.status_code == 400, bad
    assert VideoWatch.objects.get().watched_seconds == 12


def test_a_forged_expired_or_foreign_token_is_refused(watching, settings):
    client, _clock, watch = watching
    forged = client.post(watch["heartbeat"]["url"], {"token": "x", "played": [], "state":
                                                     "playing", "position": 0}, format="json")
    assert forged.status_code == 403 and forged.json()["code"] == "watch_expired"
    other = UserFactory(username="other", roles=("trainee",))
    client.force_authenticate(other)
    assert beat(client, watch, played=[[0, 1]]).status_code == 403
    client.force_authenticate(None)
    assert beat(client, watch, played=[[0, 1]]).status_code in (401, 403)
    settings.LMS_VIDEO_URL_SECONDS = -1
    client.force_authenticate(VideoWatch.objects.get().enrolment.user)
    expired = beat(client, watch, played=[[0, 1]])
    assert expired.status_code == 403 and expired.json()["code"] == "watch_expired"
    assert VideoWatch.objects.get().last_heartbeat_at is None


def test_watching_enough_completes_the_lecture_and_the_course(watching, trainee, lecture,
                                                               course):
    client, clock, watch = watching
    # The lecture with the video is not marked done by hand.
    from django.core.exceptions import ValidationError

    from lms.courses.services import lecture_mark_done

    with pytest.raises(ValidationError):
        lecture_mark_done(user=trainee, lecture=lecture)
    other = course.get_children().specific().last()
    lecture_mark_done(user=trainee, lecture=other)
    beat(client, watch, played=[[0, 0]])
    for second in range(10, 101, 10):
        clock.advance(10)
        body = beat(client, watch, played=[[0, second]]).json()
        if second < 95:
            assert not body["completed"]
    assert body["completed"] and body["share"] == 1.0
    assert LectureProgress.objects.filter(lecture=lecture).exists()
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_a_retake_starts_from_nothing(watching, trainee, lecture, course, video, api_client):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    clock.advance(10)
    beat(client, watch, played=[[0, 11]])
    old = Enrolment.objects.get(user=trainee)
    old.year -= 1
    old.save()
    enrol(trainee, course)
    fresh = detail(api_client, video, lecture).json()["watch"]
    assert fresh["watched"] == [] and fresh["position"] == 0
    assert VideoWatch.objects.count() == 2


def test_the_lecture_page_says_the_video_finishes_it(client, trainee, lecture, course):
    enrol(trainee, course)
    client.force_login(trainee)
    page = client.get(lecture.url).content.decode()
    assert "<lms-video-player" in page and f"?lecture={lecture.pk}" in page
    assert "data-self-mark-refusal" in page and "data-mark-done" not in page


def test_heartbeats_read_and_write_one_row(watching, django_assert_max_num_queries):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    clock.advance(5)
    # The watch locked, then written; no enrolment, lecture or video read.
    with django_assert_max_num_queries(4):
        assert beat(client, watch, played=[[0, 6]]).status_code == 200


def test_tricks_that_would_count_slivers_or_break_the_server(watching):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    # Hundreds of slivers, each a few hundred-thousandths of a second, that rounding would
    # once have turned into hundredths: dropped, nothing credited.
    slivers = [[n + 0.00499, n + 0.00501] for n in range(1, 100)]
    for _ in range(20):
        clock.advance(0.01)
        assert beat(client, watch, played=slivers).json()["credited"] == 0
    huge = client.post(watch["heartbeat"]["url"], {
        "token": watch["heartbeat"]["token"], "played": [[0, 10 ** 400]], "state": "playing",
        "position": 1}, format="json")
    assert huge.status_code == 200
    deep = client.post(watch["heartbeat"]["url"], "[" * 50000 + "]" * 50000,
                       content_type="application/json")
    assert deep.status_code == 400
    assert VideoWatch.objects.get().watched_seconds < 1


def test_odd_lecture_ids_and_ranges_are_refused_not_failed(client, trainee, lecture, course,
                                                           video):
    enrol(trainee, course)
    client.force_login(trainee)
    for odd in ("²", "9" * 5000, "99999999999999999999999", "-1", ""):
        assert client.get(f"/api/v1/videos/{video.pk}/?lecture={odd}").status_code == 400, odd
    body = detail(client, video, lecture).json()
    huge_range = client.get(body["playback"]["mp4"], headers={"Range": "bytes=" + "9" * 5000 + "-"})
    assert huge_range.status_code == 200


def test_a_trainee_who_left_the_course_earns_nothing_more(watching, trainee):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    Enrolment.objects.filter(user=trainee).update(status=Enrolment.Status.WITHDRAWN)
    clock.advance(10)
    response = beat(client, watch, played=[[0, 11]])
    assert response.status_code == 403 and response.json()["code"] == "watch_expired"
    assert VideoWatch.objects.get().watched_seconds == 0


def test_a_video_added_after_it_was_watched_lets_the_lecture_be_marked(watching, trainee, course,
                                                                       video, lecture):
    client, clock, watch = watching
    beat(client, watch, played=[[0, 0]])
    for second in range(10, 101, 10):
        clock.advance(10)
        beat(client, watch, played=[[0, second]])
    other = course.get_children().specific().last()
    show(other, video)  # the same video, now in the second lecture too
    from lms.courses.services import lecture_mark_done

    lecture_mark_done(user=trainee, lecture=other)
    assert LectureProgress.objects.filter(lecture=other).exists()


def test_token_clients_fetch_the_files_with_their_token(api_client, trainee, lecture, course,
                                                        video):
    from rest_framework.authtoken.models import Token

    enrol(trainee, course)
    token = Token.objects.create(user=trainee)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = detail(api_client, video, lecture).json()
    assert api_client.get(body["playback"]["hls"]).status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert api_client.get(body["playback"]["hls"]).status_code == 403


def test_a_closed_training_year_takes_no_more_watching(watching, trainee):
    from lms.courses.models import TrainingYear

    client, clock, watch = watching
    beat(client, watch, played=[[0, 1]])
    year = Enrolment.objects.get(user=trainee).year
    TrainingYear.objects.update_or_create(year=year, defaults={"closed_at": timezone.now()})
    clock.advance(10)
    response = beat(client, watch, played=[[0, 11]])
    assert response.status_code == 403 and response.json()["code"] == "watch_expired"
    assert VideoWatch.objects.get().watched_seconds == 0
