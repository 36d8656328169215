"""Demo data of lms.video: a short recorded lecture in the second lecture of four online courses
(two of them on the demo trainee's plan), made on the spot with the bundled ffmpeg as a title
slide with a tone, processed into its ladder here rather than by the worker, with Chinese and
English captions. A trainee who studied one of those courses before it had its video has
watched it; another has watched part of one. Watching goes through the watch-credit services
(lms.video.watching), so each is credited as the player's heartbeats would be.

Runs after lms.courses' demo (INSTALLED_APPS order). Keyed on the videos' titles; a video an
earlier load left unprocessed or failed is processed again; running it again changes nothing.
"""

import os
import tempfile
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files import File

from lms.courses import demo as courses_demo
from lms.courses import demo_content
from lms.courses.models import CoursePage, Enrolment, LecturePage, current_training_year
from lms.video import captions, ffmpeg, services, watching
from lms.video.models import Video, VideoWatch

# Each clip's length in seconds (the tests make them shorter) and its picture: 720p gives a ladder
# of 720p, 480p and 360p.
CLIP_SECONDS = 30
CLIP_SIZE = (1280, 720)
FRAME_RATE = 25
# The shortest time a caption stays on screen: a clip too short for all its cues shows fewer.
MIN_CUE_SECONDS = 1.5

# course code, lecture number, what is said: (Chinese, English) cue by cue, spread evenly over
# the clip. The video's title is the course code and the lecture's title as demo_content has it
# (so an instructor's later edit of the lecture does not make a second load add another).
VIDEOS = [
    ("TH-101", 2, [
        ("以人民为中心，回答的是发展为了谁、依靠谁、成果由谁共享。",
         "Putting the people first answers three questions: development for whom, by whom, and "
         "who shares its gains."),
        ("对基层干部来说，这一思想要落到一件件民生实事上。",
         "For officials at the grassroots, it comes down to one concrete matter of people's "
         "livelihood after another."),
        ("群众满意不满意，是检验工作的重要标准。",
         "Whether the people are satisfied is a key test of our work."),
        ("既要回应合理诉求，也要依法依规做好解释引导。",
         "Respond to reasonable demands, and explain and guide in accordance with the law."),
    ]),
    ("DG-501", 2, [
        ("数据共享是数字政府的基础。", "Data sharing is the foundation of digital government."),
        ("以共享为原则、不共享为例外，做到一数一源。",
         "Sharing is the rule and withholding the exception: one source for each item of data."),
        ("数据提供部门对数据质量负责。",
         "The department that supplies the data answers for its quality."),
        ("分类分级管理，授权使用，全程留痕。",
         "Classify data by sensitivity, grant access explicitly, and record every use."),
    ]),
    ("LAW-201", 2, [
        ("作出重大行政决策，有五个法定程序。",
         "A major administrative decision goes through five statutory steps."),
        ("公众参与、专家论证、风险评估、合法性审查、集体讨论决定。",
         "Public participation, expert review, risk assessment, legality review and a collective "
         "decision."),
        ("程序不是形式，每个环节都有要解决的问题。",
         "Procedure is no formality: each step has a problem to solve."),
        ("下面以某市调整城区公交线路为例进行分析。",
         "Let us look at how one city changed its bus routes."),
    ]),
    ("DG-502", 2, [
        ("好差评让办事人给政务服务打分。",
         "Good-and-bad ratings let applicants score the service they received."),
        ("差评要及时回访核实、整改和反馈。",
         "Every bad rating is followed up, checked, put right and answered promptly."),
        ("差评集中的环节，往往就是流程的堵点。",
         "Where bad ratings cluster, the process is usually stuck."),
        ("据此修订事项标准和办事指南。",
         "Use them to revise the service standards and the applicants' guides."),
    ]),
]

# Who watched which of them, and when they started: (username, course code, lecture number,
# share watched, day from the term's anchor, hour, minute). dept01 studied the whole of TH-101 in
# the courses' demo term (watched then, just before the lecture's progress is dated); young03 has
# begun DG-502 and stopped partway through its video.
WATCHES = [
    ("dept01", "TH-101", 2, 1.0, -60, 20, 10),
    ("young03", "DG-502", 2, 0.45, -4, 21, 0),
]

# Fonts that write Chinese, tried in order (Debian's fonts-noto-cjk, then WenQuanYi); without
# any, the clips show ffmpeg's test pattern.
FONTS = {
    "regular": ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"],
    "bold": ["/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"],
}
SCHOOL = "江东省委党校 · 干部网络学院"


def load(*, password, stdout):
    courses = {course.code: course for course in CoursePage.objects.filter(
        code__in={spec[0] for spec in VIDEOS})}
    shown = {}
    for code, number, cues in VIDEOS:
        course = courses.get(code)
        lecture = _lecture(course, number)
        if lecture is None:
            continue
        title = (f"{code} 第{courses_demo.NUMERALS[number]}讲 "
                 f"{demo_content.COURSES[code]['lectures'][number - 1][0]}")
        video = _video(title, course, lecture, cues, stdout)
        if video is not None and _show(lecture, video, stdout):
            shown[(code, number)] = video
    watched = _watches(courses, shown)
    ready = Video.objects.filter(pk__in=[v.pk for v in shown.values()])
    seconds = sum(video.duration or 0 for video in ready)
    stdout.write(f"  video: {len(shown)} videos in lectures ({round(seconds)} s in all, "
                 f"{', '.join(sorted({r['name'] for v in ready for r in v.renditions}))}), "
                 f"{watched} trainees' watches")


def _lecture(course, number):
    """The course's `number`th lecture as the courses' demo made it (its slug says which)."""
    if course is None:
        return None
    return (LecturePage.objects.child_of(course).live()
            .filter(slug=f"{course.code.lower()}-{number}").specific().first())


def _video(title, course, lecture, cues, stdout):
    """The lecture's demo video, ready: made and processed now the first time, processed again
    if an earlier load left it unfinished or failed. None (and a line saying why) if it cannot
    be made ready."""
    video = Video.objects.filter(title=title).order_by("pk").first()
    if video is None:
        uploader = (course.instructors.order_by("username").first()
                    or get_user_model().objects.filter(username="instructor").first())
        with tempfile.TemporaryDirectory(prefix="cadre-demo-video-") as work:
            try:
                path = _make_clip(work, course, lecture, uploader, cues)
            except ffmpeg.FFmpegError as failure:
                stdout.write(f"  video: “{title}” could not be made: {failure.detail}")
                return None
            with open(path, "rb") as handle:
                video = services.video_create(title=title, uploaded_by=uploader, queue=False,
                                              file=File(handle, name=os.path.basename(path)))
    if video.status != Video.Status.READY:
        try:
            services.video_process_now(video)
        except services.TransientVideoError as trouble:  # kept: the next load tries again
            stdout.write(f"  video: “{title}” could not be stored: {trouble}")
            return None
        video.refresh_from_db()
    if video.status != Video.Status.READY:
        stdout.write(f"  video: “{title}” is {video.status}: {video.error}")
        return None
    # Chinese as SRT, English as WebVTT: both kinds of file instructors upload.
    have = set(video.captions.values_list("language", flat=True))
    if "zh-hans" not in have:
        captions.caption_set(video=video, language="zh-hans", data=_srt(
            [zh for zh, _en in cues], video.duration).encode("utf-8"))
    if "en" not in have:
        captions.caption_set(video=video, language="en", data=_webvtt(
            [en for _zh, en in cues], video.duration).encode("utf-8"))
    return video


def _show(lecture, video, stdout):
    """Put the video at the top of the lecture's body, before its text, and publish that as the
    course's instructor would (publishing indexes it: LectureVideo). A lecture with a draft of
    someone else's is left alone. True when the lecture shows the video."""
    if any(block.block_type == "video" and block.value["video"] is not None
           and block.value["video"].pk == video.pk for block in lecture.body):
        return True
    if lecture.has_unpublished_changes:
        stdout.write(f"  video: “{lecture.title}” has a draft; its video is left out")
        return False
    lecture.body = [("video", {"video": video, "heading": ""}),
                    *[(block.block_type, block.value) for block in lecture.body]]
    revision = lecture.save_revision(user=video.uploaded_by)
    revision.publish(user=video.uploaded_by)
    return True


def _watches(courses, shown):
    """WATCHES, credited through the heartbeats a player would have sent: one as it starts
    playing, one when it stops. A watch already begun is left as it is."""
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in={spec[0] for spec in WATCHES})}
    anchor = courses_demo.term_anchor()
    count = 0
    for username, code, number, share, days, hour, minute in WATCHES:
        video, user = shown.get((code, number)), users.get(username)
        if video is None or user is None:
            continue
        enrolment = Enrolment.objects.filter(
            user=user, course=courses[code], year=current_training_year(),
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)).first()
        if enrolment is None:
            continue
        count += 1
        if VideoWatch.objects.filter(enrolment=enrolment, video=video,
                                     watched_seconds__gt=0).exists():
            continue
        start = courses_demo.moment(days, hour, minute, anchor=anchor)
        seconds = round(video.duration * share, 2)
        watch = watching.watch_open(enrolment=enrolment, video=video)
        token = watching.watch_token(watch, video, user)
        watching.watch_heartbeat(token=token, user=user, position=0, played=[],
                                 state="playing", now=start)
        watching.watch_heartbeat(token=token, user=user, position=seconds,
                                 played=[[0, seconds]], state="ended" if share >= 1 else "paused",
                                 now=start + timedelta(seconds=seconds))
    return count


def _make_clip(work, course, lecture, instructor, cues):
    """An MP4 of CLIP_SECONDS: the lecture's title slide (the test pattern without a font) with a
    bar filling along its bottom edge as it plays, and a soft tone. Made fast (the slide decoded
    once, x264 at its fastest): processing encodes it again anyway."""
    width, height = CLIP_SIZE
    seconds = CLIP_SECONDS
    slide = _slide(work, course, lecture, instructor, cues)
    if slide:
        picture = ["-i", slide]
        still = f"[0:v]format=yuv420p,loop=loop=-1:size=1,fps={FRAME_RATE}[still]"
    else:
        picture = ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={FRAME_RATE}"]
        still = "[0:v]format=yuv420p[still]"
    accent = "0x" + bytes(_palette(course)[2]).hex()
    graph = ";".join([
        still, "[1:v]format=yuv420p[bar]",
        f"[still][bar]overlay=x='-w+w*t/{seconds}':y=H-h:format=yuv420[v]",
        f"[2:a]volume=0.06,afade=t=in:d=1,afade=t=out:st={max(0, seconds - 1)}:d=1[a]"])
    path = os.path.join(work, f"{lecture.slug}.mp4")
    command = [ffmpeg.executable(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
               *picture,
               "-f", "lavfi", "-i", f"color=c={accent}:size={width}x8:rate={FRAME_RATE}",
               "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=48000",
               "-filter_complex", graph, "-map", "[v]", "-map", "[a]", "-t", str(seconds),
               "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-b:a", "128k",
               "-movflags", "+faststart", path]
    ffmpeg.run(command, timeout=120 + seconds * 4)
    return path


def _palette(course):
    topic = next((spec[1] for spec in courses_demo.COURSES if spec[0] == course.code), "theory")
    return courses_demo.PALETTES.get(topic, courses_demo.PALETTES["theory"])


def _slide(work, course, lecture, instructor, cues):
    """The title slide as a PNG of CLIP_SIZE, or None when no font here writes Chinese."""
    from PIL import Image, ImageDraw  # Pillow comes with Wagtail

    fonts = {name: _font(kind, size) for name, kind, size in (
        ("school", "regular", 26), ("course", "regular", 34), ("title", "bold", 60),
        ("point", "regular", 32), ("by", "regular", 28))}
    if any(font is None for font in fonts.values()):
        return None
    dark, light, accent = _palette(course)
    slide = Image.new("RGB", CLIP_SIZE, dark)
    draw = ImageDraw.Draw(slide)
    draw.rectangle((0, 0, 1280, 12), fill=light)
    draw.text((80, 60), SCHOOL, font=fonts["school"], fill=accent)
    draw.text((80, 110), f"{course.code}  {course.title}", font=fonts["course"], fill="white")
    y = 200
    for line in _wrap(lecture.title, fonts["title"], 1120):
        draw.text((80, y), line, font=fonts["title"], fill="white")
        y += 80
    draw.rectangle((80, y + 16, 240, y + 22), fill=accent)
    y += 60
    for zh, _en in cues[:3]:
        for n, line in enumerate(_wrap(zh, fonts["point"], 1060)):
            draw.text((80, y), "·" if n == 0 else "", font=fonts["point"], fill=accent)
            draw.text((120, y), line, font=fonts["point"], fill="white")
            y += 46
    if instructor is not None:
        profile = getattr(instructor, "trainee_profile", None)
        position = profile.position if profile is not None else ""
        name = instructor.get_full_name() or instructor.get_username()
        draw.text((80, 640), f"主讲：{name}  {position}", font=fonts["by"], fill=accent)
    path = os.path.join(work, "slide.png")
    slide.save(path)
    return path


def _font(kind, size):
    """A font of `kind` that writes Simplified Chinese (in a collection, its SC face)."""
    from PIL import ImageFont

    for path in FONTS[kind]:
        if not os.path.exists(path):
            continue
        faces = []
        for index in range(10):
            try:
                faces.append(ImageFont.truetype(path, size, index=index))
            except OSError:
                break
        chinese = [face for face in faces if face.getname()[0].endswith(" SC")]
        if chinese or faces:
            return (chinese or faces)[0]
    return None


def _wrap(text, font, width):
    """Lines of `text` no wider than `width` pixels (Chinese breaks between any characters)."""
    lines, line = [], ""
    for char in text:
        if line and font.getlength(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def _cue_times(count, seconds):
    """(start, end) of the cues spread evenly over `seconds` with a short gap between: `count`
    of them, or fewer in a short clip, so that each stays on screen long enough to read
    (MIN_CUE_SECONDS)."""
    count = max(1, min(count, int(seconds // MIN_CUE_SECONDS)))
    slot = seconds / count
    gap = min(0.2, slot / 10)
    return [(n * slot + gap, (n + 1) * slot - gap) for n in range(count)]


def _clock(seconds, separator):
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    whole, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{millis:03d}"


def _srt(texts, seconds):
    return "\n".join(f"{n}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{text}\n"
                     for n, (text, (start, end)) in enumerate(
                         zip(texts, _cue_times(len(texts), seconds), strict=False), start=1))


def _webvtt(texts, seconds):
    return "WEBVTT\n\n" + "\n".join(
        f"{_clock(start, '.')} --> {_clock(end, '.')}\n{text}\n"
        for text, (start, end) in zip(texts, _cue_times(len(texts), seconds), strict=False))
