"""<lms-video-player> in a real browser: a real HLS ladder (made once with the bundled ffmpeg, by the
same ffmpeg calls as the processing task) plays through hls.js with a quality menu, captions from
<track> elements, a capped speed, resume, the seek lock and heartbeats of the ranges played; expired
tokens and addresses are fetched again; it works from the keyboard, on a phone and in Chinese.

The video API (`GET {api}`, the heartbeat POST) and the files under /video-files/ are answered with
`page.route` under the live server's origin (so the real /jsi18n/ and /static/ are used): no video
needs to exist on the server.
"""

import json
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1/videos/5/?lecture=12"
BEAT_URL = "/api/v1/videos/5/progress/"
PAGE = "/__video-test__/lecture.html"
DURATION = 12.0

LECTURE_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lecture 1</title>
<script src="/jsi18n/"></script>
<script type="module" src="/static/lms_video/widgets/lms-video-player.js"></script>
<style>body {{ margin: 16px; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }}
main {{ max-width: 880px; margin: 0 auto; }}</style>
</head><body><main>
<h1>{heading}</h1>
<lms-video-player api="{api}" muted {attrs}>
  <img src="/video-files/tok-1/poster.jpg" alt="" width="320">
  <p>Turn on JavaScript to watch this video.</p>
</lms-video-player>
<p>Notes for the lecture follow the video.</p>
</main></body></html>"""

CAPTIONS = {
    "en": ("English", ["The first sentence.", "The second sentence.", "The third sentence."]),
    "zh-hans": ("简体中文", ["第一句字幕。", "第二句字幕。", "第三句字幕。"]),
}


@pytest.fixture(scope="module")
def ladder(tmp_path_factory):
    """A 12 s test picture with a tone, as the processing task makes it: two rungs (360p, 240p)
    sharing one audio rendition, 6 s MPEG-TS segments, the MP4 fallback, a poster, and WebVTT
    captions in two languages."""
    import imageio_ffmpeg

    from lms.video import ladder as plan
    from lms.video.probe import SourceInfo

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    out = tmp_path_factory.mktemp("video-ladder")
    source = out / "source.mp4"
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440", "-t", str(DURATION),
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(source)], check=True, timeout=120)
    info = SourceInfo(duration=DURATION, width=640, height=360, rotation=0, frame_rate=25,
                      has_audio=True)
    rungs = plan.plan_ladder(info, [(360, 600), (240, 300)])
    for command in (plan.hls_command(ffmpeg, source, out, info, rungs),
                    plan.fallback_command(ffmpeg, out, rungs[-1], info),
                    plan.still_command(ffmpeg, source, out, info, rungs[0])):
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    (out / "captions").mkdir()
    for language, (_label, lines) in CAPTIONS.items():
        cues = "".join(f"{n + 1}\n00:00:{4 * n:02d}.000 --> 00:00:{4 * n + 4:02d}.000\n{line}\n\n"
                       for n, line in enumerate(lines))
        (out / "captions" / f"{language}.vtt").write_text(f"WEBVTT\n\n{cues}", encoding="utf-8")
    return out, rungs


class VideoApi:
    """The video API and its files, answered from the ladder folder. Records what was asked."""

    def __init__(self, folder, rungs):
        self.folder = folder
        self.rungs = rungs
        self.token = "tok-1"
        self.next_tokens = []  # handed out by the following GETs, one each
        self.expired = set()  # (token, file name) answered 403: the signed address ran out
        self.beat_answers = []  # queued (status, body) for the next heartbeats
        self.gets = 0
        self.beats = []
        self.files = []
        self.resource = {
            "id": 5, "title": "Administrative law, lecture 1", "status": "ready",
            "status_label": "Ready", "progress": 100, "error": "", "duration": DURATION,
            "max_playback_rate": 2.0, "lock_seeking": False,
            "renditions": [rung.as_json() for rung in rungs],
            "captions": [{"language": language, "label": label, "cues": 3,
                          "url": f"/video-files/{{token}}/captions/{language}.vtt"}
                         for language, (label, _lines) in CAPTIONS.items()],
            "watch": {"position": 0, "watched": [], "watched_seconds": 0, "share": 0,
                      "required_share": 0.95, "completed": False,
                      "heartbeat": {"url": BEAT_URL, "token": "{token}", "interval": 1}},
        }

    def install(self, page):
        page.route("**/api/v1/videos/**", self.handle_api)
        page.route("**/video-files/**", self.handle_file)

    def body(self):
        text = json.dumps(self.resource).replace("{token}", self.token)
        data = json.loads(text)
        if data["status"] == "ready":
            data["poster"] = f"/video-files/{self.token}/poster.jpg"
            data["playback"] = {"hls": f"/video-files/{self.token}/master.m3u8",
                                "mp4": f"/video-files/{self.token}/fallback.mp4",
                                "expires_at": "2030-01-01T00:00:00Z"}
        else:
            data["poster"] = data["playback"] = None
        return data

    def handle_api(self, route):
        request = route.request
        if request.method == "GET":
            self.gets += 1
            route.fulfill(json=self.body())
            if self.next_tokens:
                self.token = self.next_tokens.pop(0)
            return
        beat = request.post_data_json
        beat["csrf"] = request.headers.get("x-csrftoken")
        self.beats.append(beat)
        if self.beat_answers:
            status, answer = self.beat_answers.pop(0)
            route.fulfill(status=status, json=answer)
            return
        # Like the server, keep the union with what was watched before (here: one range from 0).
        before = self.resource["watch"]["watched"]
        end = max([span[1] for span in beat["played"] + before], default=0)
        share = round(end / DURATION, 2)
        route.fulfill(json={"watched": [[0, end]], "watched_seconds": end, "share": share,
                            "completed": share >= 0.95, "credited": 1.0,
                            "position": beat["position"]})

    def handle_file(self, route):
        path = urlsplit(route.request.url).path
        token, name = path.split("/video-files/", 1)[1].split("/", 1)
        self.files.append((token, name))
        file = self.folder / name
        if (token, name) in self.expired:
            route.fulfill(status=403, body="expired")
        elif file.is_file():
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404, body="not found")


@pytest.fixture
def api(ladder):
    folder, rungs = ladder
    return VideoApi(folder, rungs)


def open_lecture(page, live_server, api, lang="en", attrs="", heading="Lecture 1: Administrative law",
                 state="ready"):
    api.install(page)
    html = LECTURE_PAGE.format(lang=lang, api=API, attrs=attrs, heading=heading)
    page.route(f"{live_server.url}{PAGE}",
               lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    page.goto(f"{live_server.url}{PAGE}")
    page.locator(f"lms-video-player[state={state}]").wait_for(state="attached")
    return page.locator("lms-video-player")


def video(page, script):
    return page.locator("lms-video-player video").evaluate(script)


def wait_until(page, check, timeout=15, message="condition"):
    for _ in range(int(timeout * 10)):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {message}")


def play_until(page, seconds):
    video(page, "v => v.play()")
    page.wait_for_function(
        f"() => document.querySelector('lms-video-player').video.currentTime > {seconds}",
        timeout=20000)


# --- Playing, quality and heartbeats ---------------------------------------------------------------

def test_plays_the_hls_ladder_and_reports_what_was_played(live_server, page, api, screenshot):
    page.add_init_script("""document.addEventListener("lms-video-progress",
        (event) => (window.__progress = window.__progress || []).push(event.detail))""")
    player = open_lecture(page, live_server, api)
    assert player.get_attribute("active-engine") == "hls.js"
    # The light-DOM fallback is covered by the player.
    assert not page.get_by_text("Turn on JavaScript to watch this video.").is_visible()
    quality = player.locator("[data-control=quality]")
    quality.wait_for()
    assert quality.locator("option").all_inner_texts()[1:] == ["360p", "240p"]
    assert quality.locator("option").first.inner_text().startswith("Auto")
    assert "Watched 0% · 95% needed" in player.locator("[data-field=watched]").inner_text()

    video(page, "v => v.play()")
    # The first beat goes as soon as it plays (the server credits only time since a "playing" beat).
    wait_until(page, lambda: api.beats, message="a heartbeat")
    first = api.beats[0]
    assert first["state"] == "playing" and first["position"] < 0.7
    play_until(page, 3.5)
    assert any(name.startswith("360p/segment_") or name.startswith("240p/segment_")
               for _token, name in api.files)
    assert any(name.startswith("audio/segment_") for _token, name in api.files)
    beat = [beat for beat in api.beats if beat["state"] == "playing"][-1]
    assert beat["token"] == "tok-1" and beat["rate"] == 1
    start, end = beat["played"][0]
    assert start < 0.5 and end > 1  # hls.js starts where the buffer does
    assert beat["csrf"] is None or beat["csrf"]  # same-origin: the client adds it when it has one

    video(page, "v => v.pause()")
    wait_until(page, lambda: api.beats[-1]["state"] == "paused", message="a paused heartbeat")
    paused = api.beats[-1]
    assert paused["played"][-1][1] >= 3.5 and paused["position"] >= 3.5
    count = len(api.beats)
    page.wait_for_timeout(2500)
    assert len(api.beats) == count, "heartbeats went on while paused"

    # The line follows the server's answers, which the page hears of too.
    share = page.evaluate("window.__progress.at(-1).share")
    assert share > 0.25 and page.evaluate("window.__progress.length") >= 2
    watched = player.locator("[data-field=watched]").inner_text()
    assert f"Watched {round(share * 100)}% · 95% needed" in watched

    # Choosing a quality by hand (the ladder's heights, as hls.js levels).
    quality.select_option(label="240p")
    assert page.evaluate("document.querySelector('lms-video-player').shadowRoot"
                         ".querySelector('[data-control=quality]').selectedOptions[0].text") == "240p"
    video(page, "v => { v.currentTime = 0; }")
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "video-player-en")


HIDE_PAGE = """() => {
    Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
    Object.defineProperty(document, "hidden", {value: true, configurable: true});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


SHOW_PAGE = """() => {
    Object.defineProperty(document, "visibilityState", {value: "visible", configurable: true});
    Object.defineProperty(document, "hidden", {value: false, configurable: true});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_nothing_while_hidden_and_a_last_heartbeat_on_leaving(live_server, page, api):
    player = open_lecture(page, live_server, api)
    play_until(page, 1.5)
    wait_until(page, lambda: api.beats, message="a heartbeat")
    page.evaluate(HIDE_PAGE)
    wait_until(page, lambda: any(beat["state"] == "hidden" for beat in api.beats),
               message="a hidden heartbeat")
    # A trainee's video stops while the page is hidden: nothing plays that could be credited.
    wait_until(page, lambda: video(page, "v => v.paused"), message="paused when hidden")
    page.wait_for_timeout(500)
    count = len(api.beats)
    page.wait_for_timeout(2000)
    assert len(api.beats) == count
    page.evaluate(SHOW_PAGE)
    page.wait_for_timeout(500)
    assert video(page, "v => v.paused") and len(api.beats) == count  # back, but not playing
    video(page, "v => v.play()")
    wait_until(page, lambda: len(api.beats) > count, message="a heartbeat on playing again")
    assert api.beats[count]["state"] == "playing"
    play_until(page, 3.5)
    count = len(api.beats)
    # Taken off the page (e.g. a client-side navigation): one last heartbeat, the player stops.
    player.evaluate("element => element.remove()")
    wait_until(page, lambda: api.beats[-1]["state"] == "paused", message="the last heartbeat")
    assert api.beats[-1]["position"] > 3
    count = len(api.beats)
    page.wait_for_timeout(1500)
    assert len(api.beats) == count


def test_an_ended_heartbeat_at_the_end(live_server, page, api):
    open_lecture(page, live_server, api)
    video(page, "v => { v.currentTime = 10; v.play(); }")
    wait_until(page, lambda: api.beats and api.beats[-1]["state"] == "ended", message="an ended heartbeat")
    assert api.beats[-1]["position"] >= 11.5
    assert not [beat for beat in api.beats if beat["state"] == "paused"]


def test_no_heartbeats_and_no_watched_line_without_watch(live_server, page, api):
    api.resource["watch"] = None
    player = open_lecture(page, live_server, api)
    assert player.locator("[data-field=watched]").count() == 0
    play_until(page, 2.5)
    video(page, "v => v.pause()")
    page.wait_for_timeout(1500)
    assert api.beats == []


def test_mp4_fallback_has_no_quality_menu(live_server, page, api):
    player = open_lecture(page, live_server, api, attrs='engine="mp4"')
    assert player.get_attribute("active-engine") == "mp4"
    play_until(page, 1.5)
    assert ("tok-1", "fallback.mp4") in api.files
    assert player.locator("[data-control=quality]").count() == 0
    assert player.locator("[data-control=rate]").count() == 1


# --- Captions, speed, resume, seek lock ------------------------------------------------------------

def test_captions_show_and_the_choice_is_remembered(live_server, page, api):
    player = open_lecture(page, live_server, api)
    captions = player.locator("[data-control=captions]")
    assert captions.locator("option").all_inner_texts() == ["Off", "English", "简体中文"]
    assert captions.input_value() == ""  # off by default
    captions.select_option("zh-hans")
    play_until(page, 1)
    page.wait_for_function("""() => {
        const track = [...document.querySelector('lms-video-player').video.textTracks]
            .find((t) => t.language === 'zh-hans');
        return track && track.mode === 'showing' && track.activeCues && track.activeCues.length > 0;
    }""")
    cue = video(page, """v => [...v.textTracks].find((t) => t.mode === 'showing').activeCues[0].text""")
    assert cue == "第一句字幕。"

    page.reload()
    player.locator("[data-control=captions]").wait_for()
    assert player.locator("[data-control=captions]").input_value() == "zh-hans"
    page.keyboard.press("Tab")  # focus into the page, then C toggles captions off from the video
    player.locator("video").focus()
    page.keyboard.press("c")
    assert player.locator("[data-control=captions]").input_value() == ""


def test_speed_menu_stops_at_the_videos_maximum(live_server, page, api):
    api.resource["max_playback_rate"] = 1.25
    player = open_lecture(page, live_server, api)
    rate = player.locator("[data-control=rate]")
    assert rate.locator("option").all_inner_texts() == ["0.75×", "1×", "1.25×"]
    rate.select_option("1.25")
    assert video(page, "v => v.playbackRate") == 1.25
    # Any other way of asking for more (the native menu, a script) is brought back to the maximum.
    video(page, "v => { v.playbackRate = 2; }")
    page.wait_for_function("() => document.querySelector('lms-video-player').video.playbackRate === 1.25")
    assert "at most at 1.25×" in player.locator("[data-notice=rate]").inner_text()
    play_until(page, 1.5)
    wait_until(page, lambda: api.beats, message="a heartbeat")
    assert api.beats[-1]["rate"] == 1.25


def test_resumes_from_the_last_position_and_can_start_over(live_server, page, api, screenshot):
    api.resource["watch"].update(position=6.5, watched=[[0, 6.5]], watched_seconds=6.5, share=0.54)
    player = open_lecture(page, live_server, api)
    page.wait_for_function(
        "() => Math.abs(document.querySelector('lms-video-player').video.currentTime - 6.5) < 0.6")
    notice = player.locator("[data-notice=resumed]")
    assert "Resumed at 0:06" in notice.inner_text()
    screenshot(page, "video-player-resumed")
    notice.locator("[data-action=start-over]").click()
    page.wait_for_function("() => document.querySelector('lms-video-player').video.currentTime < 0.5")
    assert player.locator("[data-notice=resumed]").count() == 0


def test_no_resume_near_the_end(live_server, page, api):
    api.resource["watch"]["position"] = DURATION - 2
    player = open_lecture(page, live_server, api)
    page.wait_for_function("() => document.querySelector('lms-video-player').video.readyState >= 1")
    assert video(page, "v => v.currentTime") < 0.5
    assert player.locator("[data-notice=resumed]").count() == 0


def test_locked_seeking_snaps_back_to_what_was_watched(live_server, page, api):
    api.resource["lock_seeking"] = True
    api.resource["watch"]["watched"] = [[0, 3]]
    player = open_lecture(page, live_server, api)
    page.wait_for_function("() => document.querySelector('lms-video-player').video.readyState >= 1")
    video(page, "v => { v.currentTime = 10; }")
    page.wait_for_function("() => document.querySelector('lms-video-player').video.currentTime <= 3.2")
    assert player.locator("[data-notice=locked]").inner_text() == "You can skip ahead only after watching"
    video(page, "v => { v.currentTime = 4.5; }")  # within the 2 s of slack
    page.wait_for_timeout(300)
    assert abs(video(page, "v => v.currentTime") - 4.5) < 0.3
    # The keyboard's seek obeys the lock too.
    player.locator("video").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert video(page, "v => v.currentTime") <= 5.2


# --- Expired tokens and addresses ------------------------------------------------------------------

def test_expired_heartbeat_token_is_fetched_again(live_server, page, api):
    api.beat_answers.append((403, {"code": "watch_expired", "detail": "Expired."}))
    api.next_tokens.append("tok-2")
    open_lecture(page, live_server, api)
    assert api.gets == 1
    play_until(page, 2)
    wait_until(page, lambda: len(api.beats) >= 2, message="the heartbeat sent again")
    assert api.gets == 2
    assert [beat["token"] for beat in api.beats[:2]] == ["tok-1", "tok-2"]


def test_failing_heartbeats_keep_playing_and_say_so_quietly(live_server, page, api):
    api.beat_answers.extend([(500, {"code": "error", "detail": "Oops."})] * 4)
    api.resource["watch"]["heartbeat"]["interval"] = 2
    player = open_lecture(page, live_server, api)
    video(page, "v => v.play()")
    wait_until(page, lambda: len(api.beats) >= 2, message="two failed heartbeats")
    assert player.locator("[data-field=unsaved]").count() == 0  # not after one or two
    unsaved = player.locator("[data-field=unsaved]")
    unsaved.wait_for()
    assert unsaved.inner_text() == "Progress not saved yet; still trying."
    assert video(page, "v => !v.paused && v.currentTime > 2")
    unsaved.wait_for(state="detached")  # the next heartbeat got through
    assert len(api.beats) >= 5


def expire_second_segments(api):
    """The old addresses run out after the first segments; the next GET hands out fresh ones."""
    api.expired |= {("tok-1", f"{rung}/segment_00001.ts") for rung in ("360p", "240p", "audio")}
    api.next_tokens.append("tok-2")


def test_expired_addresses_reload_the_source_where_it_was_paused(live_server, page, api):
    api.resource["watch"].update(position=6.5, watched=[[0, 6.5]])
    expire_second_segments(api)
    player = open_lecture(page, live_server, api)  # resumes at 6.5 s: the second segment, 403
    wait_until(page, lambda: api.gets == 2, message="the video fetched again")
    wait_until(page, lambda: ("tok-2", "360p/segment_00001.ts") in api.files
               or ("tok-2", "240p/segment_00001.ts") in api.files,
               message="the segment from the fresh address")
    page.wait_for_function("() => document.querySelector('lms-video-player').video.readyState >= 2")
    assert abs(video(page, "v => v.currentTime") - 6.5) < 0.6
    assert video(page, "v => v.paused")  # paused, as it was
    assert player.get_attribute("state") == "ready"
    assert player.locator("track[srclang=en]").get_attribute("src") == "/video-files/tok-2/captions/en.vtt"


def test_expired_addresses_reload_the_source_and_play_on(live_server, page, api):
    expire_second_segments(api)
    open_lecture(page, live_server, api)
    video(page, "v => v.play()")
    wait_until(page, lambda: api.gets == 2, message="the video fetched again")
    play_until(page, 7)  # through the second segment, from the fresh address
    assert video(page, "v => !v.paused")
    assert ("tok-2", "audio/segment_00001.ts") in api.files


# --- States ----------------------------------------------------------------------------------------

def test_processing_then_ready(live_server, page, api, screenshot):
    api.resource.update(status="processing", status_label="Processing", progress=45)
    player = open_lecture(page, live_server, api, state="processing")
    assert "being processed (45%)" in player.locator("[data-field=message]").inner_text()
    assert player.locator("[data-field=status]").inner_text() == "Processing"
    screenshot(page, "video-player-processing")
    api.resource.update(status="ready", status_label="Ready", progress=100)
    page.locator("lms-video-player[state=ready]").wait_for(state="attached", timeout=8000)
    player.locator("video").wait_for()


def test_failed_video_says_why(live_server, page, api):
    api.resource.update(status="failed", status_label="Failed", error="The file has no video stream.")
    player = open_lecture(page, live_server, api, state="error")
    assert "This video cannot be played." in player.locator("[data-field=message]").inner_text()
    assert player.locator("[data-field=detail]").inner_text() == "The file has no video stream."


# --- Keyboard, phone, Chinese ----------------------------------------------------------------------

def test_keyboard_reaches_the_toolbar_and_space_plays(live_server, page, api):
    player = open_lecture(page, live_server, api)
    player.locator("[data-control=quality]").wait_for()
    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => {
            const el = document.querySelector('lms-video-player').shadowRoot.activeElement;
            return el ? (el.dataset.control || el.tagName.toLowerCase()) : null;
        }"""))
        if reached[-1] == "rate":
            break
    assert "video" in reached
    assert reached.index("quality") < reached.index("captions") < reached.index("rate")
    outline = page.evaluate("""() => getComputedStyle(document.querySelector('lms-video-player')
        .shadowRoot.activeElement).outlineStyle""")
    assert outline != "none"

    player.locator("video").focus()
    page.keyboard.press(" ")  # the browser's own key on a <video>: toggled once, not twice
    page.wait_for_function("() => !document.querySelector('lms-video-player').video.paused")
    page.wait_for_timeout(500)
    assert video(page, "v => !v.paused")
    page.keyboard.press("k")
    page.wait_for_function("() => document.querySelector('lms-video-player').video.paused")
    page.keyboard.press("k")
    page.wait_for_function("() => !document.querySelector('lms-video-player').video.paused")
    page.keyboard.press("k")
    before = video(page, "v => v.currentTime")
    page.keyboard.press("ArrowRight")
    assert abs(video(page, "v => v.currentTime") - before - 5) < 0.2
    page.keyboard.press("ArrowLeft")
    assert abs(video(page, "v => v.currentTime") - before) < 0.2
    page.keyboard.press("m")
    assert video(page, "v => v.muted") is False
    page.keyboard.press("c")
    assert player.locator("[data-control=captions]").input_value() == "en"


def test_phone_in_chinese(live_server, phone_page, api, screenshot):
    api.resource["watch"].update(position=4.2, watched=[[0, 6]], share=0.5)
    player = open_lecture(phone_page, live_server, api, lang="zh-hans", heading="第一讲：行政法概论")
    player.locator("[data-control=captions]").select_option("zh-hans")
    phone_page.wait_for_function(
        "() => document.querySelector('lms-video-player').video.readyState >= 2")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px)"
    box = player.locator("video").bounding_box()
    assert box["width"] >= 330 and abs(box["width"] / box["height"] - 16 / 9) < 0.05
    screenshot(phone_page, "video-player-zh-phone")


def test_desktop_in_chinese_with_everything_watched(live_server, page, api, screenshot):
    api.resource["watch"].update(watched=[[0, 12]], share=1, completed=True)
    player = open_lecture(page, live_server, api, lang="zh-hans", heading="第一讲：行政法概论")
    assert "Watched enough" in player.locator("[data-field=watched]").inner_text()
    player.locator("[data-control=captions]").select_option("zh-hans")
    play_until(page, 1.2)
    video(page, "v => v.pause()")
    screenshot(page, "video-player-zh-desktop")
