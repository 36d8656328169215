"""The demo question bank (lms.quizzes.demo): questions on the demo courses' topics, written as
the party school's teachers would write them — most in GIFT, read through the same importer a
teacher uses, and the types GIFT cannot carry (ordering, fill in the blanks) as question data.
This is data, not interface text, so it is not translated."""

# category name → GIFT text (each question named; Chinese first, some English).
GIFT = {
    "理论武装": r"""
::以人民为中心::以人民为中心的发展思想，回答的是发展为了谁、依靠谁、{=成果由谁共享#对，三个问题缺一不可。
~速度由谁决定#发展速度不是这一思想回答的核心问题。 ~资金从哪里来#资金问题属于具体工作层面。}的问题。

::新发展理念::新发展理念包括哪几项？（多选）{
~%20%创新 ~%20%协调 ~%20%绿色 ~%20%开放 ~%20%共享 ~%-50%规模
####新发展理念是创新、协调、绿色、开放、共享。}

::高质量发展::高质量发展是全面建设社会主义现代化国家的首要任务。{T#这正是党的二十大报告的表述。#回顾报告原文：高质量发展是首要任务。}

::群众路线::党的根本工作路线是什么？{=群众路线 =一切为了群众，一切依靠群众，从群众中来，到群众中去 =%50%为人民服务#为人民服务是根本宗旨，不是工作路线。}

::理论联系实际::学习党的创新理论，最根本的是{~背诵原文 =学以致用、知行合一 ~撰写心得体会 ~参加考试}。

::调查研究::“没有调查就没有发言权”出自哪位领导人的著作？{~邓小平 =毛泽东#《反对本本主义》，1930年。 ~周恩来 ~刘少奇}

::全过程人民民主::全过程人民民主的主要特点有哪些？（多选）{~%50%全链条、全方位、全覆盖 ~%50%最广泛、最真实、最管用 ~%-50%只在选举时体现}

::两个确立::“两个确立”是党在新时代取得的重大政治成果。{T}

::初心使命::中国共产党的初心和使命是为中国人民谋幸福，为中华民族谋{=复兴 =伟大复兴}。

::党章::现行《中国共产党章程》由党的第几次全国代表大会部分修改并通过？{#20}
""",
    "依法行政": r"""
::法治政府::法治政府建设的总目标之一是职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、{=人民满意 ~领导满意 ~上级满意}。

::重大决策程序::《重大行政决策程序暂行条例》规定的法定程序有几个？{#5}

::法定程序::下列哪些属于重大行政决策的法定程序？（多选）{
~%20%公众参与 ~%20%专家论证 ~%20%风险评估 ~%20%合法性审查 ~%20%集体讨论决定 ~%-100%领导个人拍板#重大决策必须集体讨论决定。}

::合法性审核::行政规范性文件未经合法性审核的，不得提交集体审议。{T}

::政务公开::政务公开坚持“以公开为常态、{=不公开为例外}”的原则。

::权责清单::Match each instrument with what it does. {
=权力清单 -> 明确政府能做什么
=责任清单 -> 明确政府该怎么管
=负面清单 -> 明确市场不能做什么
}

::行政复议::公民对行政行为不服，申请行政复议的一般期限是知道该行为之日起多少日内？{#60}

::Rule of law::A normative document of a county government may create new administrative penalties.{F#Only laws and regulations may set penalties; normative documents may not.}

::Open government::Which principle governs government information disclosure? {=Disclosure is the norm, withholding the exception ~Disclosure on request only ~Disclosure at the department's discretion}
""",
    "数字政府": r"""
::一网通办::“一网通办”的核心是{=数据多跑路、群众少跑腿 ~增加窗口数量 ~延长办公时间}。

::数据共享原则::政务数据共享坚持“以共享为原则、{=不共享为例外}”。

::数据质量::政务数据质量由哪个部门负责？{~使用部门 =提供部门#谁提供谁负责。 ~大数据管理部门 ~上级部门}

::数据安全::数据分类分级管理的目的包括哪些？（多选）{~%50%按敏感程度施加保护 ~%50%明确授权使用范围 ~%-50%减少数据采集}

::高效办成一件事::“高效办成一件事”强调从企业和群众的视角出发，把相关联的事项集成办理。{T}

::Digital government::Which sentence describes "data runs, people don't"? {=Citizens no longer carry papers between offices: the offices exchange the data ~Every office builds its own app ~Paper forms are scanned and emailed}

::Data sources::Each item of government data should have one authoritative source.{TRUE}
""",
    "应急管理": r"""
::安全生产责任::安全生产工作实行“{=党政同责、一岗双责 ~谁主管谁负责 ~属地管理}、齐抓共管、失职追责”。

::转移避险::基层防灾减灾中，转移避险的关键是{=提前转移、应转尽转 ~等待上级命令 ~灾情发生后再组织}。

::应急预案::按规定，生产经营单位的应急预案至少每几年评估一次？{#3}

::桌面推演::桌面推演结束后最重要的环节是{~拍照留存 =复盘总结、修订预案 ~通报表扬}。

::Emergency response::In a flood warning, who decides the evacuation of a village? {=The township's flood-control command, under the county's plan ~The village committee alone ~The residents}
""",
}

# Questions GIFT cannot carry, as question data: (category name, question).
DATA = [
    ("依法行政", {
        "qtype": "ordering", "name": "决策程序顺序",
        "text": "按法定顺序排列重大行政决策的程序。",
        "items": [{"text": "公众参与"}, {"text": "专家论证"}, {"text": "风险评估"},
                  {"text": "合法性审查"}, {"text": "集体讨论决定"}],
        "general_feedback": "《重大行政决策程序暂行条例》第三章依次规定了这五个程序。"}),
    ("依法行政", {
        "qtype": "blanks", "name": "政务公开原则",
        "text": "政务公开坚持以[[1]]为常态、[[2]]为例外。",
        "blanks": [{"id": "1", "answers": [{"text": "公开", "fraction": 1}]},
                   {"id": "2", "answers": [{"text": "不公开", "fraction": 1}]}]}),
    ("依法行政", {
        "qtype": "essay", "name": "决策案例分析",
        "text": "结合本单位一项重大行政决策，说明其履行法定程序的情况，并指出可改进之处。",
        "min_words": None, "max_words": 800,
        "grader_info": "看是否准确对应五个法定程序；能提出具体改进措施的给满分。",
        "response_template": ""}),
    ("数字政府", {
        "qtype": "ordering", "name": "一件事办理流程",
        "text": "把“高效办成一件事”的办理环节排成正确顺序。",
        "items": [{"text": "一次告知"}, {"text": "一表申请"}, {"text": "一套材料"},
                  {"text": "一窗受理"}, {"text": "一网办理"}]}),
    ("应急管理", {
        "qtype": "blanks", "name": "安全生产方针",
        "text": "安全生产方针是安全第一、[[1]]、综合治理。",
        "blanks": [{"id": "1", "answers": [{"text": "预防为主", "fraction": 1}]}]}),
]

# course code, lecture number the quiz is placed in (None: the course page's materials, a final
# quiz), quiz settings, fixed question names, draws: (category, tag, count).
QUIZZES = [
    ("TH-101", 4, {"title": "专题学习测验", "time_limit_minutes": 20, "attempts_allowed": 3,
                   "shuffle_questions": True, "pass_mark": 60,
                   "intro": "共 8 题，限时 20 分钟，可作答 3 次，取最高分。交卷后可查看对错和解析。"},
     [], [("理论武装", "", 8)]),
    ("LAW-201", None, {"title": "依法行政综合测验", "time_limit_minutes": 30, "attempts_allowed": 2,
                    "pass_mark": 60, "grading_method": "last",
                    "intro": "含一道案例分析题，由授课教师批阅后给出成绩。"},
     ["重大决策程序", "法定程序", "合法性审核", "政务公开原则", "决策程序顺序", "权责清单",
      "决策案例分析"], []),
    ("DG-501", 4, {"title": "数字政府自测", "attempts_allowed": 0, "pass_mark": 50,
                   "review_after_answers": True,
                   "intro": "不限次数、不限时间，每次随机抽取 5 题，提交后立即显示正确答案。"},
     ["一件事办理流程"], [("数字政府", "", 4)]),
    ("EM-402", 4, {"title": "安全生产与防灾减灾测验", "time_limit_minutes": 15,
                   "attempts_allowed": 2, "pass_mark": 60,
                   "intro": "共 6 题，限时 15 分钟。"},
     ["安全生产责任", "转移避险", "应急预案", "桌面推演", "安全生产方针", "Emergency response"], []),
]
