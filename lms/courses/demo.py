"""Demo data of lms.courses: a term at the province's party school.

The catalogue holds 21 courses over six topics (their texts are in demo_content): self-paced
online courses without dates, and offline and blended courses dated in this training year, some
finished, some running and some starting in the coming weeks, with class sessions. Among them
are a course that needs the training office's approval, one with a prerequisite, two whose
sessions clash, and a small one that is full with a waiting list. Each category's required and
elective courses add up to the hours it must earn. Trainees have chosen, waited, been approved,
studied and completed, all through the services; last year's term is closed with its
completions.

Keyed on course codes and image titles, and relying on the services' own idempotence, so
running it again changes nothing.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission

from lms.core.models import TraineeCategory
from lms.core.roles import CURATOR, INSTRUCTOR
from lms.core.services import home_page_ensure
from lms.courses import completion, demo_content, services
from lms.courses.models import (
    ClassSession,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LecturePage,
    current_training_year,
)

# Topics as the catalogue's menu shows them: slug → name.
TOPICS = {
    "theory": "理论武装",
    "law-based-administration": "依法行政",
    "rural-revitalisation": "乡村振兴",
    "emergency-management": "应急管理",
    "digital-government": "数字政府",
    "leadership": "领导能力",
}

# code, topic, format, credit hours, capacity (None: no limit), instructors' usernames.
# Titles, summaries, objectives and lectures are in demo_content.COURSES.
COURSES = [
    ("TH-101", "theory", "online", "16", None, ("instructor",)),
    ("TH-102", "theory", "blended", "16", 120, ("instructor",)),
    ("TH-103", "theory", "offline", "12", 60, ("instructor5", "instructor2")),
    ("TH-104", "theory", "online", "8", None, ("instructor",)),
    ("LAW-201", "law-based-administration", "online", "12", None, ("instructor2",)),
    ("LAW-202", "law-based-administration", "offline", "8", 30, ("instructor2",)),
    ("LAW-203", "law-based-administration", "blended", "8", 40, ("instructor2",)),
    ("LAW-204", "law-based-administration", "online", "6", None, ("instructor2",)),
    ("RUR-301", "rural-revitalisation", "blended", "16", 50, ("instructor4", "instructor")),
    ("RUR-302", "rural-revitalisation", "offline", "8", 40, ("instructor4",)),
    ("RUR-303", "rural-revitalisation", "online", "8", None, ("instructor4",)),
    ("EM-401", "emergency-management", "blended", "12", 40, ("instructor3",)),
    ("EM-402", "emergency-management", "online", "6", None, ("instructor3",)),
    ("EM-403", "emergency-management", "offline", "8", 30, ("instructor3",)),
    ("DG-501", "digital-government", "online", "12", None, ("instructor3",)),
    ("DG-502", "digital-government", "online", "6", None, ("instructor3",)),
    ("DG-503", "digital-government", "blended", "8", 30, ("instructor3", "instructor4")),
    ("LD-601", "leadership", "blended", "24", 60, ("instructor5", "instructor3")),
    ("LD-602", "leadership", "offline", "8", 3, ("instructor5",)),
    ("LD-603", "leadership", "offline", "8", 40, ("instructor5",)),
    ("LD-604", "leadership", "online", "6", None, ("instructor5",)),
]

REQUIRES_APPROVAL = {"DG-503"}  # hands-on seats in the data centre: the office decides
PREREQUISITES = {"LAW-203": ("LAW-201",)}

# The dated courses, in days from the term's anchor (today, kept inside the year: term_anchor):
# starts, ends, enrolment opens (09:00), closes (18:00), withdrawal deadline (18:00; None: until
# the course starts). The online courses have no dates: they are self-paced all year.
DATES = {
    "EM-403": (-70, -69, -90, -75, None),  # finished in the autumn
    "TH-103": (-45, -41, -60, -50, None),  # the five-day integrity course, finished
    "RUR-301": (-30, 14, -50, -31, None),  # running
    "TH-102": (-25, 19, -40, -26, None),
    "LD-601": (-10, 11, -30, -11, None),
    "LD-603": (-3, 4, -20, -4, None),
    "EM-401": (6, 13, -20, 4, 5),  # starting in the coming weeks
    "LAW-202": (8, 8, -20, 5, 6),
    "RUR-302": (9, 10, -15, 6, None),
    "LAW-203": (10, 17, -15, 8, None),
    "DG-503": (12, 19, -10, 9, 10),
    "LD-602": (17, 18, -14, 14, 15),
}

SCHOOL = "江东省委党校"
# Class sessions: (day from the anchor, starting hour, hours, place). EM-401 and LAW-202 meet
# on the same day at the same hours: a trainee can take one of them, not both.
SESSIONS = {
    "EM-403": [(-70, 9, 3, "江东省应急管理培训基地 模拟演练中心"),
               (-70, 14, 3, "江东省应急管理培训基地 模拟演练中心"),
               (-69, 9, 2, "江东省应急管理培训基地 模拟演练中心")],
    "TH-103": [(-45, 9, 3, f"{SCHOOL} 第一教学楼 报告厅"), (-44, 9, 3, f"{SCHOOL} 第一教学楼 报告厅"),
               (-43, 9, 3, f"{SCHOOL} 第一教学楼 报告厅"), (-42, 9, 4, "江东省廉政教育基地"),
               (-41, 9, 3, f"{SCHOOL} 第一教学楼 报告厅")],
    "RUR-301": [(-30, 9, 3, f"{SCHOOL} 第二教学楼 201"), (14, 9, 4, "湖西县桃桥镇 乡村振兴实训基地")],
    "TH-102": [(-25, 9, 3, f"{SCHOOL} 大礼堂"), (19, 9, 3, f"{SCHOOL} 第二教学楼 201")],
    "LD-601": [(-10, 9, 3, f"{SCHOOL} 第一教学楼 305"), (-9, 9, 3, f"{SCHOOL} 第一教学楼 305"),
               (11, 14, 3, f"{SCHOOL} 第一教学楼 305")],
    "LD-603": [(-3, 14, 3, f"{SCHOOL} 第二教学楼 105"), (4, 14, 3, f"{SCHOOL} 第二教学楼 105")],
    "EM-401": [(8, 9, 3, f"{SCHOOL} 情景模拟教室"), (8, 14, 3, f"{SCHOOL} 情景模拟教室")],
    "LAW-202": [(8, 9, 3, f"{SCHOOL} 第一教学楼 模拟法庭"), (8, 14, 2, f"{SCHOOL} 第一教学楼 模拟法庭")],
    "RUR-302": [(9, 9, 3, "湖西县委党校 报告厅"), (10, 9, 3, "湖西县委党校 报告厅")],
    "LAW-203": [(15, 14, 3, f"{SCHOOL} 第二教学楼 203")],
    "DG-503": [(16, 9, 3, "江东省大数据中心 培训室")],
    "LD-602": [(17, 14, 3, f"{SCHOOL} 第二教学楼 201"), (18, 9, 3, "湖西县桃桥镇 党群服务中心")],
}

# category slug → (required codes, elective codes). Required hours stay within what a category
# must earn less its elective minimum; the electives offered are well above that minimum.
PLAN = {
    "department-level": (["TH-101", "TH-102", "TH-103", "LAW-201", "LD-601"],
                         ["TH-104", "LAW-202", "LAW-203", "RUR-301", "RUR-303", "EM-401", "EM-402",
                          "EM-403", "DG-501", "DG-503", "LD-602", "LD-604"]),
    "young-cadres": (["TH-101", "TH-102", "DG-501", "LD-603"],
                     ["TH-104", "LAW-201", "LAW-202", "LAW-203", "LAW-204", "EM-401", "EM-402",
                      "DG-502", "DG-503", "LD-601", "LD-602", "LD-604"]),
    "rural-secretaries": (["TH-101", "RUR-301", "RUR-302"],
                          ["LAW-201", "LAW-204", "RUR-303", "EM-402", "EM-403", "DG-502",
                           "LD-604"]),
}

# What trainees did this term, in order: (day from the anchor, hour, what, course, usernames).
# choose: their own choice (enrolment_request), at that time; approve: the office approves a
# pending choice; study: every lecture marked done (the course completes); begin: the first
# lecture done; attend: the course's instructor records attendance (completions_record).
# The demo account `trainee` does nothing here: its plan is left for whoever tries the demo.
TERM = [
    (-88, 10, "choose", "EM-403", ("rural01", "rural02")),
    (-69, 17, "attend", "EM-403", ("rural01", "rural02")),
    (-60, 20, "study", "TH-101", ("dept01",)),
    (-41, 17, "attend", "TH-103", ("dept01", "dept02")),  # dept03 missed two days
    (-40, 10, "choose", "RUR-301", ("dept01",)),
    (-35, 21, "choose", "RUR-303", ("rural03",)),
    (-33, 21, "study", "RUR-303", ("rural03",)),
    (-20, 9, "choose", "EM-402", ("dept02",)),
    (-19, 10, "choose", "EM-401", ("young02",)),
    (-18, 10, "choose", "LAW-202", ("dept02",)),
    (-14, 9, "choose", "LD-602", ("young01", "dept01", "young02", "dept02")),  # the last one waits
    (-12, 9, "choose", "LAW-203", ("dept01",)),  # LAW-201 completed last year
    (-9, 10, "choose", "DG-503", ("young01", "dept03", "young03")),
    (-8, 15, "approve", "DG-503", ("young01",)),
    (-6, 9, "choose", "DG-502", ("young03",)),
    (-5, 20, "begin", "DG-502", ("young03",)),
    (-2, 20, "begin", "TH-101", ("young01", "rural02")),
]

# A calm colour per topic for the generated covers: dark end, light end, accent (RGB).
PALETTES = {
    "theory": ((118, 30, 36), (188, 86, 64), (246, 214, 170)),
    "law-based-administration": ((22, 48, 88), (66, 112, 150), (204, 224, 242)),
    "rural-revitalisation": ((34, 82, 50), (126, 158, 82), (232, 238, 196)),
    "emergency-management": ((128, 64, 20), (208, 138, 56), (255, 232, 186)),
    "digital-government": ((14, 74, 100), (48, 148, 166), (196, 240, 244)),
    "leadership": ((52, 46, 98), (112, 96, 162), (224, 214, 246)),
}
COVER_SIZE = (960, 360)
NUMERALS = "零一二三四五六七八九十"


def term_anchor(today=None):
    """The day the demo term is laid out around: today, kept far enough inside the year that
    every date of the term (90 days before it to 19 days after) falls in this training year."""
    today = today or timezone.localdate()
    return min(max(today, date(today.year, 4, 15)), date(today.year, 12, 12))


def moment(days, hour=9, minute=0, *, anchor=None):
    """An aware time of day, `days` from the term's anchor, in the site's time zone."""
    day = (anchor or term_anchor()) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(*, password, stdout):
    catalogue = _catalogue()
    courses = {c.code: c for c in CoursePage.objects.all()}
    usernames = {name for spec in COURSES for name in spec[5]} | {
        name for *_when, names in TERM for name in names}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    anchor = term_anchor()
    topics = {}
    for slug, name in TOPICS.items():
        topics[slug], _created = Tag.objects.update_or_create(slug=slug, defaults={"name": name})
    for spec in COURSES:
        code, topic = spec[0], spec[1]
        course = courses.get(code)
        if course is None:
            courses[code] = _create_course(catalogue, spec, topics[topic], users, courses, anchor)
        elif course.cover_image_id is None and not course.has_unpublished_changes:
            # A course of an earlier demo: it gets its cover, and is otherwise left alone.
            course.cover_image = _cover(code, course.title, topic)
            course.save_revision().publish()
    _requirements(courses, current_training_year())
    _last_year(courses)
    _term(courses, users, anchor)
    stdout.write(f"  courses: {len(courses)} courses in “{catalogue.title}”, "
                 f"{LecturePage.objects.count()} lectures, "
                 f"{Enrolment.objects.filter(year=current_training_year()).count()} "
                 "enrolments this year")


def _catalogue():
    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = home_page_ensure().add_child(instance=CourseIndexPage(
            title="课程超市", slug="courses", show_in_menus=True,
            intro="<p>按学员类别分类施训：必修课程自动列入计划，选修课程自主选学。</p>"))
    # Curators run the catalogue; instructors write and publish courses and lectures in it.
    for group_name in (CURATOR.group_name, INSTRUCTOR.group_name):
        group = Group.objects.get(name=group_name)
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=catalogue,
                permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                  codename=codename))
    return catalogue


def _create_course(catalogue, spec, topic, users, courses, anchor):
    code, topic_slug, fmt, hours, capacity, instructors = spec
    text = demo_content.COURSES[code]
    course = CoursePage(
        title=text["title"], slug=code.lower(), code=code, format=fmt,
        credit_hours=Decimal(hours), capacity=capacity, summary=text["summary"],
        learning_objectives="<ul>{}</ul>".format(
            "".join(f"<li>{escape(item)}</li>" for item in text["objectives"])),
        requires_approval=code in REQUIRES_APPROVAL,
        cover_image=_cover(code, text["title"], topic_slug),
    )
    if code in DATES:
        starts, ends, opens, closes, withdrawal = DATES[code]
        course.starts_on = anchor + timedelta(days=starts)
        course.ends_on = anchor + timedelta(days=ends)
        course.enrolment_opens = moment(opens, 9, anchor=anchor)
        course.enrolment_closes = moment(closes, 18, anchor=anchor)
        if withdrawal is not None:
            course.withdrawal_deadline = moment(withdrawal, 18, anchor=anchor)
    catalogue.add_child(instance=course)
    course.topics.add(topic)
    course.instructors.add(*[users[name] for name in instructors if name in users])
    course.prerequisites.add(*[courses[other] for other in PREREQUISITES.get(code, ())
                               if other in courses])
    # Sessions are part of the page (a cluster): added before the revision is saved, so the
    # editor's first publish keeps them.
    for days, hour, length, place in SESSIONS.get(code, ()):
        start = moment(days, hour, anchor=anchor)
        course.sessions.add(ClassSession(starts_at=start, ends_at=start + timedelta(hours=length),
                                         place=place))
    course.save_revision().publish()
    _add_lectures(course, text["lectures"])
    return course


def _add_lectures(course, lectures):
    # The first lecture is open to anyone browsing, where lectures can be (a later field).
    try:
        LecturePage._meta.get_field("open_preview")
        previews = True
    except FieldDoesNotExist:
        previews = False
    for n, ((title, paragraphs), hours) in enumerate(
            zip(lectures, _split_hours(course.credit_hours, len(lectures)), strict=True), start=1):
        lecture = LecturePage(
            title=f"第{NUMERALS[n]}讲 {title}", slug=f"{course.code.lower()}-{n}",
            summary=paragraphs[0].split("。")[0] + "。", credit_hours=hours,
            body=[("rich_text", "".join(f"<p>{escape(text)}</p>" for text in paragraphs))],
        )
        if previews and n == 1:
            lecture.open_preview = True
        course.add_child(instance=lecture)


def _split_hours(total, parts):
    """A course's hours over its lectures, in half hours, the remainder on the last one."""
    each = (total / parts * 2).to_integral_value(rounding=ROUND_FLOOR) / 2
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def _cover(code, title, topic):
    """The course's cover: a Wagtail image titled as the course (found again by that title, so
    a second load makes none), drawn here without text."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).order_by("pk").first()
    if image is None:
        data = _cover_jpeg(code, topic)
        image = image_model(title=title, file=ImageFile(BytesIO(data),
                                                        name=f"cover-{code.lower()}.jpg"),
                            file_size=len(data), file_hash=hashlib.sha1(data).hexdigest())
        image.save()
    return image


def _cover_jpeg(code, topic):
    """A 960×360 JPEG: a diagonal gradient in the topic's colours with soft circles and rings
    laid out by the course code, so each course's cover differs and is the same every time."""
    from PIL import Image, ImageDraw, ImageFilter  # Pillow comes with Wagtail

    dark, light, accent = PALETTES.get(topic, PALETTES["theory"])
    width, height = COVER_SIZE
    rng = random.Random(code)
    ramp = Image.linear_gradient("L")
    mask = Image.blend(ramp.rotate(90).resize(COVER_SIZE), ramp.resize(COVER_SIZE), 0.3)
    cover = Image.composite(Image.new("RGB", COVER_SIZE, light), Image.new("RGB", COVER_SIZE, dark),
                            mask).convert("RGBA")
    soft = Image.new("RGBA", COVER_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(soft)
    for _circle in range(rng.randint(3, 5)):
        radius = rng.randint(90, 240)
        x, y = rng.randint(width // 3, width + 40), rng.randint(-40, height + 40)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius),
                     fill=(*accent, rng.randint(22, 42)))
    cover = Image.alpha_composite(cover, soft.filter(ImageFilter.GaussianBlur(8)))
    lines = Image.new("RGBA", COVER_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(lines)
    cx, cy = rng.randint(width // 2, width - 80), rng.randint(60, height - 60)
    for radius in range(36, 460, rng.choice((22, 28, 34))):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius),
                     outline=(*accent, 46), width=2)
    step = rng.choice((18, 24, 30))
    for x in range(-height, width // 3, step):
        draw.line((x, height, x + height, 0), fill=(255, 255, 255, 16), width=1)
    cover = Image.alpha_composite(cover, lines).convert("RGB")
    buffer = BytesIO()
    cover.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _requirements(courses, year):
    categories = {c.slug: c for c in TraineeCategory.objects.all()}
    # A course the office has since dated into another year belongs to that year's grid.
    in_year = {code for code, course in courses.items()
               if course.starts_on is None or course.starts_on.year == year}
    cells = {}
    for slug, (required, electives) in PLAN.items():
        if slug not in categories:
            continue
        for kind, codes in (("required", required), ("elective", electives)):
            for code in set(codes) & in_year:
                cells[(courses[code].pk, categories[slug].pk)] = kind
    # The demo wants the plans now, not from the worker after commit.
    services.requirements_set(year=year, cells=cells, sync_now=True)


def _last_year(courses):
    """Last year's term, finished and closed by the training office: the same requirements on
    the courses it could hold (the self-paced ones: a dated course belongs to the year it
    starts), the required courses completed by most trainees, so the training-years screen and
    a trainee's earlier plan have something to show (and a retake starts afresh this year)."""
    year = current_training_year() - 1
    if services.year_is_closed(year):
        return
    _requirements(courses, year)
    office = get_user_model().objects.filter(username="curator").first()
    required = {code for codes, _electives in PLAN.values() for code in codes}
    for code in sorted(required & set(courses)):
        if courses[code].starts_on is not None and courses[code].starts_on.year != year:
            continue
        enrolled = list(Enrolment.objects.filter(course=courses[code], year=year)
                        .order_by("user__username").values_list("user_id", flat=True))
        # One in four did not finish: the year closes with them still in progress.
        finished = [user_id for n, user_id in enumerate(enrolled) if n % 4 != 3]
        services.completions_record(course=courses[code], user_ids=finished, by=office,
                                    year=year)
    services.training_year_close(year=year, by=office)


def _term(courses, users, anchor):
    """This year's term so far (TERM), through the services at the time each thing happened.
    What is done already is left as it is; what the rules refuse (the year has since closed,
    say) is skipped."""
    for days, hour, action, code, usernames in TERM:
        course = courses.get(code)
        if course is None:
            continue
        for n, username in enumerate(usernames):
            user = users.get(username)
            if user is None:
                continue
            at = moment(days, hour, 7 * n, anchor=anchor)
            try:
                _act(action, course, user, at)
            except services.EnrolmentRefused:
                continue


def _act(action, course, user, at):
    if action == "choose":
        services.enrolment_request(user=user, course=course, now=at)
    elif action == "approve":
        pending = Enrolment.objects.filter(user=user, course=course,
                                           status=Enrolment.Status.PENDING).first()
        if pending is not None:
            services.enrolment_decide(enrolment=pending, approve=True, now=at)
    elif action in ("study", "begin"):
        lectures = list(LecturePage.objects.child_of(course).live().order_by("path"))
        enrolment = Enrolment.objects.filter(user=user, course=course).order_by("-year").first()
        for n, lecture in enumerate(lectures if action == "study" else lectures[:1]):
            # A lecture showing a video is done once it is watched, not by hand: the video
            # app's demo has those who studied the course watch it.
            if enrolment is not None and completion.lecture_refusal(enrolment, lecture):
                continue
            services.lecture_mark_done(user=user, lecture=lecture,
                                       now=at + timedelta(minutes=40 * n))
    elif action == "attend":
        by = course.instructors.order_by("username").first()
        services.completions_record(course=course, user_ids=[user.pk], by=by, now=at)
