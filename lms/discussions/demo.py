"""Demo data of lms.discussions: conversations on the demo courses' lectures, written through the
services as the demo trainees and instructors would — a discussion with an anonymous reply and
votes, a question whose answer the instructor endorsed and the asker accepted, a post flagged
and waiting in the moderation queue, and a reply waiting in the demo account `trainee`'s bell.

Runs after lms.courses' demo (INSTALLED_APPS order). Keyed on thread titles; running it again
changes nothing.
"""

from django.contrib.auth import get_user_model

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
