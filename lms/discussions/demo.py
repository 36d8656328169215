"""Demo data of lms.discussions: conversations on the demo courses' lectures, written through the
services as the demo trainees and instructors would — a discussion with an anonymous reply and
votes, a question whose answer the instructor endorsed and the asker accepted, a post flagged
and waiting in the moderation queue, a reply waiting in the demo account `trainee`'s bell, a
seminar whose trainees work in groups by category, and a debate in progress: its opening round
spoken and scored, its rebuttals open now, the audience's first vote cast and a side still free
for `trainee` to take.

Runs after lms.courses' demo (INSTALLED_APPS order). Keyed on thread titles; running it again
changes nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.courses import demo as courses_demo
from lms.courses.models import CoursePage, LecturePage
from lms.discussions import services
from lms.discussions.models import Thread

# (course code, lecture number or None for the course's board, kind, title, opening by,
#  opening, anonymous, [(by, text, reply to (index of an earlier reply) or None, anonymous)],
#  days before the term's anchor)
THREADS = [
    ("TH-101", 1, "discussion", "理论学习怎样才能学深悟透？", "dept01",
     "结合第一讲，谈谈大家在工作中坚持学用结合的做法。我所在的局每周一次集中学习，但感觉"
     "**联系实际不够**，欢迎交流。", False, [
         ("young01", "我们采用“读原著、学原文、悟原理”的办法，每人领学一章，再结合本单位的"
                     "任务谈体会，效果不错。", None, False),
         ("rural02", "基层工作忙，可以利用学习平台的碎片时间，把长篇内容拆成每天半小时。",
          None, True),
         ("dept01", "碎片化学习的想法很实用，我们局里也试试。", 1, False),
         ("instructor", "两位的做法都很好。建议把学习体会落到一两件具体工作上，下次集中学习时"
                        "回头检查落实情况。", 0, False),
     ], 12),
    ("TH-101", 2, "question", "“以人民为中心”如何体现在窗口服务考核中？", "trainee",
     "我在政务服务中心工作，想请教：考核指标里怎样体现群众满意度，而不只是办件量？", False, [
         ("instructor", "可以把“好差评”结果、一次办成率和群众回访纳入考核，并提高其权重；"
                        "办件量只作为参考。第二讲的案例三就是这样做的。", None, False),
         ("young02", "我们区把差评整改的及时率也纳入了考核，推动很明显。", None, False),
     ], 9),
    ("LAW-201", 2, "discussion", "重大行政决策的公众参与如何避免“走过场”？", "dept02",
     "第二讲提到公众参与是法定程序。实践中征求意见往往回应不多，大家有什么好办法？", False, [
         ("dept03", "关键是意见采纳情况要公开说明理由，群众看到回应才愿意参与。", None, False),
         ("dept01", "这个问题太空了，说了也没用。", None, False),
     ], 7),
    ("DG-501", None, "discussion", "Sharing data between departments: where do you start?", "young03",
     "Our county wants one data catalogue across departments. Which data did you open first, and "
     "how did you settle who owns it?", False, [
         ("young01", "We started with business licences and social insurance: high demand, clear "
                     "owners, and the law already allows sharing them.", None, False),
     ], 5),
]
VOTES = [("TH-101", "理论学习怎样才能学深悟透？", 0, ["dept02", "young02", "instructor"]),
         ("TH-101", "“以人民为中心”如何体现在窗口服务考核中？", 0, ["trainee", "dept03"])]
FLAG = ("LAW-201", "重大行政决策的公众参与如何避免“走过场”？", 1, "dept02", "off_topic",
        "与讨论主题无关，语气也不太好。")


def load(*, password, stdout):
    users = {user.username: user for user in get_user_model().objects.all()}
    anchor = courses_demo.term_anchor()
    made = 0
    for spec in THREADS:
        made += _thread(spec, users, anchor)
    for code, title, index, voters in VOTES:
        reply = _reply(code, title, index)
        for name in voters:
            if reply is not None and name in users and users[name].pk != reply.author_id:
                services.post_vote(post_id=reply.pk, user=users[name], value=1)
    _question_answered(users)
    _flag(users)
    made += _seminar(users, courses_demo.moment(-4, hour=9, anchor=anchor))
    made += _debate(users, timezone.now())
    stdout.write(f"  discussions: {Thread.objects.count()} threads ({made} new)")


def _thread(spec, users, anchor):
    code, lecture, kind, title, by, body, anonymous, replies, days = spec
    course = CoursePage.objects.filter(code=code).first()
    if course is None or by not in users or Thread.objects.filter(course=course,
                                                                   title=title).exists():
        return 0
    page = None
    if lecture is not None:
        lectures = list(LecturePage.objects.child_of(course).live().order_by("path"))
        page = lectures[lecture - 1] if len(lectures) >= lecture else None
    start = courses_demo.moment(-days, hour=10, anchor=anchor)
    thread = services.thread_start(course=course, page=page, user=users[by], title=title,
                                   body=body, kind=kind, anonymous=anonymous, now=start)
    written = []
    for n, (author, text, parent, hidden_name) in enumerate(replies, start=1):
        if author not in users:
            continue
        post = services.post_reply(
            thread_id=thread.pk, user=users[author], body=text, anonymous=hidden_name,
            parent_id=written[parent].pk if parent is not None and parent < len(written) else None,
            now=start.replace(hour=10 + n))
        written.append(post)
    return 1


def _reply(code, title, index):
    thread = Thread.objects.filter(course__code=code, title=title).first()
    if thread is None:
        return None
    replies = list(thread.posts.filter(depth=1).order_by("created_at", "pk"))
    return replies[index] if index < len(replies) else None


def _question_answered(users):
    """The instructor endorses the first answer to the demo question; its asker accepts it."""
    answer = _reply("TH-101", "“以人民为中心”如何体现在窗口服务考核中？", 0)
    if answer is None or answer.endorsed_at is not None:
        return
    thread = answer.thread
    teacher = thread.course.specific.instructors.order_by("username").first()
    if teacher is not None:
        services.post_endorse(post_id=answer.pk, by=teacher)
    if thread.author is not None:
        services.answer_accept(post_id=answer.pk, by=thread.author)


def _flag(users):
    code, title, index, by, reason, note = FLAG
    post = _reply(code, title, index)
    if post is None or by not in users or post.flags.exists():
        return
    services.post_flag(post_id=post.pk, user=users[by], reason=reason, note=note)


SEMINAR = ("TH-101", 2, "分组研讨：打通服务群众的“最后一公里”",
           "请各小组结合本单位实际讨论：群众办事还有哪些“堵点”？下周集中交流时每组推荐一条"
           "最有价值的改进建议。", [
               ("dept01", "我们局的堵点在材料重复提交，部门之间数据还没有完全共享。"),
               ("young02", "年轻干部可以牵头梳理办事指南，把“一次告知”落到纸面上。"),
               ("rural01", "村里群众最怕跑腿，建议把常办事项下沉到便民服务站代办。"),
           ])


def _seminar(users, start):
    """A seminar on a TH-101 lecture, its trainees in groups by category, a post per group."""
    code, lecture, title, prompt, posts = SEMINAR
    place = _new_place(code, lecture, title)
    if place is None:
        return 0
    course, page, teacher = place
    thread = services.thread_start(course=course, page=page, user=teacher, title=title,
                                   body=prompt, kind=Thread.Kind.SEMINAR, now=start)
    services.groups_form(thread_id=thread.pk, by=teacher, basis="category")
    for n, (name, text) in enumerate(posts, start=1):
        _quietly(services.post_reply, thread_id=thread.pk, user=users.get(name), body=text,
                 now=start + timedelta(hours=n))
    return 1


def _new_place(code, lecture, title):
    """(course, its lecture number `lecture`, its first instructor) for a demo thread not made
    yet, or None (made already, or the course is not in this demo)."""
    course = CoursePage.objects.filter(code=code).first()
    if course is None or Thread.objects.filter(course=course, title=title).exists():
        return None
    teacher = course.instructors.order_by("username").first()
    lectures = list(LecturePage.objects.child_of(course).live().order_by("path"))
    if teacher is None or len(lectures) < lecture:
        return None
    return course, lectures[lecture - 1], teacher


DEBATE = ("TH-101", 1, "辩论：村级财务应当逐笔在网上公开",
          "村级财务应当逐笔在网上公开", "本次辩论分三轮：立论、驳论、总结陈词。请先投出你的"
          "第一票，辩论结束后再投一次，看看观点有没有变化。",
          {"pro": ["dept01", "rural02"], "con": ["young01", "rural01"]},
          [("opening", "dept01", "逐笔公开让群众看得见每一分钱，是最好的监督，也能保护干部。"),
           ("opening", "young01", "逐笔公开成本高、信息量大，群众反而看不懂；应公开关键事项并"
                                  "做好解读。"),
           ("rebuttal", "rural01", "正方忽视了基层的实际能力：很多村会计还做不到每笔及时录入。")],
          {"pro": ["dept02", "young02", "rural03"], "con": ["dept03", "young03"]},
          {"opening": {"pro": 7, "con": 8}})


def _debate(users, now):
    """A debate on a TH-101 lecture, in its second round now: sides chosen, the opening
    statements given and scored, a rebuttal, the audience's first vote."""
    code, lecture, title, motion, opening, sides, speeches, votes, scores = DEBATE
    place = _new_place(code, lecture, title)
    if place is None:
        return 0
    course, page, teacher = place
    day = timedelta(days=1)
    begun = now - 4 * day
    rounds = [{"kind": kind, "opens_at": begun + (2 * n + 1) * day,
               "closes_at": begun + (2 * n + 3) * day}
              for n, kind in enumerate(("opening", "rebuttal", "closing"))]
    thread = services.thread_start(
        course=course, page=page, user=teacher, title=title, body=opening,
        kind=Thread.Kind.DEBATE, now=begun,
        debate={"motion": motion, "side_mode": "chosen", "rounds": rounds})
    for pair in zip(sides["pro"], sides["con"], strict=True):  # taken in turn, as balance asks
        for side, name in zip(("pro", "con"), pair, strict=True):
            _quietly(services.side_choose, thread_id=thread.pk, user=users.get(name), side=side,
                     now=begun)
    for side, names in votes.items():  # the audience's first vote, before the first round
        for name in names:
            _quietly(services.audience_vote, thread_id=thread.pk, user=users.get(name),
                     side=side, now=begun + timedelta(hours=2))
    opened = {item["kind"]: item["opens_at"] for item in rounds}
    for n, (kind, name, text) in enumerate(speeches, start=1):
        _quietly(services.post_reply, thread_id=thread.pk, user=users.get(name), body=text,
                 now=opened[kind] + timedelta(hours=n))
    for item in thread.debate.rounds.all():
        for side, score in scores.get(item.kind, {}).items():
            services.round_score(thread_id=thread.pk, by=teacher, round_id=item.pk, side=side,
                                 score=score, now=item.closes_at)
    return 1


def _quietly(service, *, user, **kwargs):
    """Call a service as a demo user, leaving out users this demo does not have or whose
    enrolment does not let them take part."""
    if user is None:
        return None
    try:
        return service(user=user, **kwargs)
    except services.DiscussionRefused:
        return None
