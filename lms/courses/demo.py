"""Demo data of lms.courses: the catalogue, twelve courses with lectures, and what each trainee
category must and may take this year, and last year's term, closed. Keyed on course codes, so
running it again changes nothing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import GroupPagePermission

from lms.core.models import TraineeCategory
from lms.core.roles import CURATOR, INSTRUCTOR
from lms.core.services import home_page_ensure
from lms.courses import services
from lms.courses.models import (
    ClassSession,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LecturePage,
    current_training_year,
)

# code, title, topic, format, hours, capacity, lectures, sessions (days from today, hour, length)
COURSES = [
    ("TH-101", "习近平新时代中国特色社会主义思想专题", "theory", "online", "8", None, 4, []),
    ("TH-102", "党的二十大精神学习辅导", "theory", "blended", "6", 60, 3, [(14, 9, 3)]),
    ("LAW-201", "法治政府建设与依法行政", "law-based-administration", "online", "6", None, 3, []),
    ("LAW-202", "行政复议与行政诉讼案例研讨", "law-based-administration", "offline", "4", 30, 2,
     [(21, 14, 3)]),
    ("RUR-301", "乡村振兴战略与实践", "rural-revitalisation", "blended", "8", 50, 4, [(15, 9, 3)]),
    ("RUR-302", "基层治理与村级组织建设", "rural-revitalisation", "offline", "4", 40, 2,
     [(15, 10, 2)]),
    ("EM-401", "突发事件应急处置与舆情应对", "emergency-management", "blended", "6", 40, 3,
     [(22, 9, 3)]),
    ("EM-402", "安全生产与防灾减灾", "emergency-management", "online", "4", None, 2, []),
    ("DG-501", "数字政府建设与数据治理", "digital-government", "online", "6", None, 3, []),
    ("DG-502", "政务服务“一网通办”实务", "digital-government", "online", "3", 80, 2, []),
    ("LD-601", "领导力与科学决策", "leadership", "blended", "6", 35, 3, [(28, 9, 4)]),
    ("LD-602", "调查研究方法与实践", "leadership", "offline", "4", 3, 2, [(29, 14, 3)]),
]

# Topics as the catalogue's menu shows them: slug → name.
TOPICS = {
    "theory": "理论武装",
    "law-based-administration": "依法行政",
    "rural-revitalisation": "乡村振兴",
    "emergency-management": "应急管理",
    "digital-government": "数字政府",
    "leadership": "领导能力",
}

# category slug → (required codes, elective codes)
PLAN = {
    "department-level": (["TH-101", "LAW-201", "LD-601"],
                         ["TH-102", "EM-401", "DG-501", "LD-602", "LAW-202", "EM-402"]),
    "young-cadres": (["TH-101", "DG-501"],
                     ["TH-102", "LAW-201", "LAW-202", "EM-401", "EM-402", "DG-502", "LD-601",
                      "LD-602"]),
    "rural-secretaries": (["TH-101", "RUR-301"],
                          ["RUR-302", "EM-402", "DG-502", "LAW-201"]),
}


def load(*, password, stdout):
    catalogue = _catalogue()
    courses = {c.code: c for c in CoursePage.objects.all()}
    instructor = get_user_model().objects.filter(username="instructor").first()
    today = timezone.localdate()
    topics = {}
    for slug, name in TOPICS.items():
        topics[slug], _created = Tag.objects.update_or_create(slug=slug, defaults={"name": name})
    for code, title, topic, fmt, hours, capacity, lectures, sessions in COURSES:
        if code in courses:
            continue
        course = CoursePage(
            title=title, slug=code.lower(), code=code, format=fmt, credit_hours=Decimal(hours),
            capacity=capacity, summary=f"{title}：专题讲授、案例研讨与交流。",
            learning_objectives="<p>掌握核心要义，提高运用理论分析和解决实际问题的能力。</p>",
            enrolment_closes=timezone.make_aware(datetime.combine(today + timedelta(days=60),
                                                                  time(18))),
        )
        catalogue.add_child(instance=course)
        course.topics.add(topics[topic])
        if instructor:
            course.instructors.add(instructor)
        # Sessions are part of the page (a cluster): added before the revision is saved, so
        # the editor's first publish keeps them.
        for days, hour, length in sessions:
            start = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
            course.sessions.add(ClassSession(starts_at=start,
                                             ends_at=start + timedelta(hours=length),
                                             place="江东省委党校 第二教学楼"))
        course.save_revision().publish()
        for n in range(1, lectures + 1):
            course.add_child(instance=LecturePage(
                title=f"第{n}讲", slug=f"{code.lower()}-{n}",
                summary=f"{title} 第{n}讲", credit_hours=Decimal(hours) / lectures,
                body=[("rich_text", f"<p>{title}：第{n}讲讲义。</p>")],
            ))
        courses[code] = course
    _requirements(courses, current_training_year())
    _last_year(courses)
    stdout.write(f"  courses: {len(courses)} courses in “{catalogue.title}”")


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
    """Last year's term, finished and closed by the training office: the same requirements,
    the required courses completed by most trainees, so the training-years screen and a
    trainee's earlier plan have something to show (and a retake starts afresh this year)."""
    year = current_training_year() - 1
    if services.year_is_closed(year):
        return
    _requirements(courses, year)
    office = get_user_model().objects.filter(username="curator").first()
    required = {code for codes, _electives in PLAN.values() for code in codes}
    for code in sorted(required):
        if courses[code].starts_on is not None and courses[code].starts_on.year != year:
            continue
        enrolled = list(Enrolment.objects.filter(course=courses[code], year=year)
                        .order_by("user__username").values_list("user_id", flat=True))
        # One in four did not finish: the year closes with them still in progress.
        finished = [user_id for n, user_id in enumerate(enrolled) if n % 4 != 3]
        services.completions_record(course=courses[code], user_ids=finished, by=office,
                                    year=year)
    services.training_year_close(year=year, by=office)
