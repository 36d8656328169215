"""Moodle XML import and export: every question type from a Moodle-style export, round trips through
`dump`, and every bad question reported with its line."""

from pathlib import Path

import pytest

from lms.quizzes import moodlexml
from lms.quizzes.messages import Message
from lms.quizzes.moodlexml import MoodleXmlError, XmlProblem, dump, parse

FIXTURES = Path(__file__).parent / "fixtures"


def _all_types():
    return parse((FIXTURES / "moodle-all-types.xml").read_bytes())


def _by_name(questions):
    return {question["name"]: question for question in questions}


def _problems(data):
    with pytest.raises(MoodleXmlError) as caught:
        parse(data)
    return caught.value.errors


def _quiz(*questions):
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def _multichoice(answers, single="true", text="Which one?"):
    return (
        f'<question type="multichoice"><name><text>MC</text></name>'
        f"<questiontext><text>{text}</text></questiontext><single>{single}</single>{answers}</question>"
    )


# Reading a Moodle export, field by field.


def test_every_question_of_the_export_is_read_in_order():
    questions = _all_types()

    assert [question["qtype"] for question in questions] == [
        "single", "multiple", "multiple", "truefalse", "truefalse", "short", "short", "numerical",
        "matching", "matching", "ordering", "essay", "essay", "description", "blanks", "blanks", "truefalse",
    ]


def test_lines_are_those_of_the_question_elements():
    text = (FIXTURES / "moodle-all-types.xml").read_text(encoding="utf-8").splitlines()
    question_lines = [
        number for number, line in enumerate(text, start=1)
        if "<question " in line and 'type="category"' not in line
    ]

    assert [question["line"] for question in _all_types()] == question_lines
    assert question_lines[0] == 15


def test_categories_drop_moodle_contexts_and_top():
    assert [question["category"] for question in _all_types()] == (
        ["Public finance/Tax"] * 3 + ["行政法"] * 13 + [None]
    )


def test_single_choice_with_cdata_html_and_per_answer_feedback():
    question = _by_name(_all_types())["VAT standard rate"]

    assert question == {
        "qtype": "single",
        "name": "VAT standard rate",
        "text": "<p>What is the <b>standard</b> VAT rate in the model tax code?</p>",
        "format": "html",
        "general_feedback": "<p>See chapter 3 &amp; annex B.</p>",
        "default_mark": 2.0,
        "options": [
            {"text": "20%", "fraction": 1.0, "feedback": "Right: the standard rate."},
            {"text": "<i>5%</i>", "fraction": -0.5, "feedback": "That is the reduced rate."},
            {"text": "0%", "fraction": 0.0, "feedback": ""},
        ],
        "shuffle": True,
        "category": "Public finance/Tax",
        "line": 15,
    }


def test_multiple_choice_in_chinese_with_a_penalty_answer():
    question = _by_name(_all_types())["行政处罚种类"]

    assert question["qtype"] == "multiple"
    assert question["format"] == "moodle"
    assert question["text"] == "下列哪些属于《行政处罚法》规定的行政处罚种类？"
    assert question["general_feedback"] == "记大过属于政务处分，不是行政处罚。"
    assert question["options"] == [
        {"text": "警告", "fraction": 0.5, "feedback": "正确：警告是行政处罚。"},
        {"text": "罚款", "fraction": 0.5, "feedback": "正确。"},
        {"text": "记大过", "fraction": -1.0, "feedback": "错误：这是政务处分。"},
    ]
    assert question["shuffle"] is False


def test_thirds_written_as_moodle_percentages_add_up():
    question = _by_name(_all_types())["Branches of power"]

    assert question["format"] == "markdown"
    assert [option["fraction"] for option in question["options"]] == [0.3333333] * 3 + [-1.0]
    assert question["options"][3]["feedback"] == "Influential, but not a branch."
    assert question["shuffle"] is False  # Moodle's default when <shuffleanswers> is absent


def test_true_false_feedback_follows_the_answer_given():
    questions = _by_name(_all_types())

    assert questions["行政许可原则"] | {"line": 0} == {
        "qtype": "truefalse",
        "name": "行政许可原则",
        "text": "<p>《行政许可法》规定，设定和实施行政许可应当遵循公开、公平、公正、非歧视的原则。</p>",
        "format": "html",
        "general_feedback": "见《行政许可法》第五条。",
        "default_mark": 1.0,
        "answer": True,
        "feedback_true": "回答正确。",
        "feedback_false": "请再读第五条。",
        "category": "行政法",
        "line": 0,
    }
    budget = questions["Budget approval"]
    assert budget["answer"] is False
    assert budget["feedback_true"] == "No: parliament approves it."
    assert budget["feedback_false"] == "Right."
    assert budget["format"] == "html"  # no format attribute: Moodle assumes HTML


def test_true_false_from_an_old_localised_export_takes_true_first():
    untitled = _all_types()[-1]

    assert untitled["name"] == ""
    assert untitled["answer"] is True
    assert (untitled["feedback_true"], untitled["feedback_false"]) == ("", "")


def test_short_answers_with_usecase_and_wildcards():
    questions = _by_name(_all_types())
    chinese = questions["最高国家权力机关"]

    assert chinese["format"] == "plain"
    assert chinese["case_sensitive"] is False
    assert chinese["answers"] == [
        {"text": "全国人民代表大会", "fraction": 1.0, "feedback": "完全正确。"},
        {"text": "全国人大", "fraction": 1.0, "feedback": "正确（简称）。"},
        {"text": "人大*", "fraction": 0.5, "feedback": "请写出全称。"},
    ]
    acronym = questions["Audit office acronym"]
    assert acronym["case_sensitive"] is True
    assert acronym["format"] == "plain"  # wiki_like
    assert acronym["answers"] == [{"text": "INTOSAI", "fraction": 1.0, "feedback": ""}]


def test_numerical_tolerances_and_the_catch_all_answer():
    question = _by_name(_all_types())["VAT amount"]

    assert question["answers"] == [
        {"value": 40.0, "tolerance": 0.0, "fraction": 1.0, "feedback": "Correct."},
        {"value": 40.5, "tolerance": 1.5, "fraction": 0.5, "feedback": "Close: check your rounding."},
        {"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": "Multiply the net price by 0.2."},
    ]


def test_matching_keeps_the_distractor_and_shuffle():
    questions = _by_name(_all_types())
    roles = questions["Institutions and roles"]

    assert roles["default_mark"] == 3.0
    assert roles["shuffle"] is False
    assert roles["pairs"] == [
        {"text": "<p>Parliament</p>", "answer": "Passes laws"},
        {"text": "<p>Government</p>", "answer": "Implements laws"},
        {"text": "<p>Courts</p>", "answer": "Interpret laws"},
        {"text": "", "answer": "Prints money"},
    ]
    chinese = questions["部门职责"]
    assert chinese["shuffle"] is True  # Moodle's default for matching
    assert chinese["pairs"] == [
        {"text": "财政部", "answer": "管理国家预算"},
        {"text": "审计署", "answer": "监督财政收支"},
    ]


def test_ordering_items_in_the_right_order():
    question = _by_name(_all_types())["Legislative procedure"]

    assert question["items"] == [
        {"text": "Proposal"}, {"text": "First reading"}, {"text": "Second reading"}, {"text": "Promulgation"},
    ]


def test_ordering_follows_document_order_as_moodle_does():
    xml = _quiz(
        '<question type="ordering"><questiontext><text>Order</text></questiontext>'
        '<answer fraction="2"><text>B</text></answer><answer fraction="1"><text>A</text></answer>'
        '<answer fraction="3"><text></text></answer></question>'
    )

    assert parse(xml)[0]["items"] == [{"text": "B"}, {"text": "A"}]


def test_essays_with_and_without_word_limits():
    questions = _by_name(_all_types())
    chinese = questions["简政放权论述"]

    assert chinese["default_mark"] == 10.0
    assert (chinese["min_words"], chinese["max_words"]) == (300, 800)
    assert chinese["grader_info"] == "<p>要点：简政放权、放管结合、优化服务。</p>"
    assert chinese["response_template"] == "一、背景\n二、作用\n三、建议"
    memo = questions["Open government memo"]
    assert (memo["min_words"], memo["max_words"]) == (None, None)
    assert (memo["grader_info"], memo["response_template"]) == ("", "")
    assert memo["default_mark"] == 5.0


def test_description_keeps_plugin_file_references_and_ignores_the_files():
    question = _by_name(_all_types())["Part B"]

    assert question["qtype"] == "description"
    assert question["default_mark"] == 0.0
    assert question["text"] == (
        '<h2>Part B: public procurement</h2><p><img src="@@PLUGINFILE@@/tender.png" alt="Tender" /></p>'
    )


def test_cloze_short_answers_become_blanks():
    question = _by_name(_all_types())["Budget cycle"]

    assert question["text"] == "<p>The budget is drafted by the [[1]] and adopted by [[2]].</p>"
    assert question["general_feedback"] == "<p>Budget law, article 12.</p>"
    assert question["default_mark"] == 3.0  # weights 1 + 2
    assert question["blanks"] == [
        {"id": "1", "case_sensitive": False, "answers": [
            {"text": "Treasury", "fraction": 1.0, "feedback": "Correct!"},
            {"text": "Ministry of Finance", "fraction": 0.5, "feedback": "Partly: the Treasury drafts it."},
            {"text": "*", "fraction": 0.0, "feedback": "No."},
        ]},
        {"id": "2", "case_sensitive": False, "answers": [
            {"text": "parliament", "fraction": 1.0, "feedback": "Yes"},
            {"text": "the legislature", "fraction": 1.0, "feedback": ""},
        ]},
    ]


def test_chinese_cloze_with_case_sensitive_and_multiword_blanks():
    question = _by_name(_all_types())["国内生产总值"]

    assert question["text"] == "国内生产总值的英文缩写是[[1]]，它衡量[[2]]。"
    assert question["default_mark"] == 4.0  # an empty weight counts 1
    assert question["blanks"] == [
        {"id": "1", "case_sensitive": True, "answers": [
            {"text": "GDP", "fraction": 1.0, "feedback": "正确，注意大写。"},
            {"text": "gdp", "fraction": 0.25, "feedback": "请用大写字母。"},
        ]},
        {"id": "2", "case_sensitive": False, "answers": [
            {"text": "经济总量", "fraction": 1.0, "feedback": ""},
        ]},
    ]


def test_cloze_escapes_and_entities_are_decoded():
    xml = _quiz(
        '<question type="multianswer"><questiontext format="html"><text><![CDATA['
        r"{1:SA:=R&amp;D \} \#1#fb \# here~%33,5%a&#35;b}"
        "]]></text></questiontext></question>"
    )

    assert parse(xml)[0]["blanks"][0]["answers"] == [
        {"text": "R&D } #1", "fraction": 1.0, "feedback": "fb # here"},
        {"text": "a#b", "fraction": 0.335, "feedback": ""},
    ]


def test_unknown_and_missing_formats_are_html():
    xml = _quiz(
        '<question type="description"><questiontext format="rtf"><text>Intro</text></questiontext></question>'
    )

    assert parse(xml)[0]["format"] == "html"


def test_text_input_reads_like_bytes():
    data = (FIXTURES / "moodle-all-types.xml").read_bytes()

    assert parse(data.decode("utf-8")) == parse(data)


# Writing, and reading back what was written.

ROUND_TRIP_QUESTIONS = [
    {
        "qtype": "single", "name": "增值税税率", "format": "html", "default_mark": 2.0,
        "text": "<p>增值税基本税率是多少？ R&D <b>&</b> a < b ]]> end</p>",
        "general_feedback": "见第3章 & 附录",
        "options": [
            {"text": "13%", "fraction": 1.0, "feedback": "正确"},
            {"text": "9% ]]>", "fraction": -0.5, "feedback": "<低税率>"},
            {"text": "6%", "fraction": 0.0, "feedback": ""},
        ],
        "shuffle": False,
    },
    {
        "qtype": "multiple", "name": "Taxes", "format": "markdown", "default_mark": 1.0,
        "text": "Which are **taxes**?", "general_feedback": "",
        "options": [
            {"text": "VAT", "fraction": 0.5, "feedback": "Yes"},
            {"text": "Income tax", "fraction": 0.5, "feedback": ""},
            {"text": "A fine", "fraction": -1.0, "feedback": "No: a penalty."},
        ],
        "shuffle": True,
    },
    {
        "qtype": "truefalse", "name": "Accountability", "format": "moodle", "default_mark": 1.0,
        "text": "Ministers answer to parliament.", "general_feedback": "",
        "answer": False, "feedback_true": "They do not, here.", "feedback_false": "Right.",
    },
    {
        "qtype": "short", "name": "权力机关", "format": "plain", "default_mark": 1.0,
        "text": "最高国家权力机关是？", "general_feedback": "",
        "answers": [
            {"text": "全国人民代表大会", "fraction": 1.0, "feedback": "对"},
            {"text": "人大*", "fraction": 0.5, "feedback": "写全称"},
        ],
        "case_sensitive": True,
    },
    {
        "qtype": "numerical", "name": "VAT", "format": "html", "default_mark": 1.5,
        "text": "VAT on 200 at 20%?", "general_feedback": "",
        "answers": [
            {"value": 40.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""},
            {"value": 40.25, "tolerance": 0.5, "fraction": 0.5, "feedback": "Close"},
            {"value": 1e-05, "tolerance": 1e-07, "fraction": 0.25, "feedback": ""},
            {"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": "Multiply by 0.2"},
        ],
    },
    {
        "qtype": "matching", "name": "部门职责", "format": "moodle", "default_mark": 3.0,
        "text": "配对", "general_feedback": "",
        "pairs": [
            {"text": "财政部", "answer": "预算 & 国库"},
            {"text": "审计署", "answer": "审计"},
            {"text": "", "answer": "外交"},
        ],
        "shuffle": False,
    },
    {
        "qtype": "ordering", "name": "Procedure", "format": "html", "default_mark": 1.0,
        "text": "Order the stages.", "general_feedback": "",
        "items": [{"text": "Proposal"}, {"text": "Reading <1>"}, {"text": "Promulgation"}],
    },
    {
        "qtype": "essay", "name": "论述", "format": "html", "default_mark": 10.0,
        "text": "<p>论述“放管服”改革。</p>", "general_feedback": "",
        "min_words": 300, "max_words": None, "grader_info": "要点 & 评分", "response_template": "一、\n二、",
    },
    {
        "qtype": "description", "name": "Part B", "format": "html", "default_mark": 0.0,
        "text": "<h2>Part B</h2>", "general_feedback": "",
    },
    {
        "qtype": "blanks", "name": "Cloze", "format": "html", "default_mark": 2.0,
        "text": "<p>The [[1]] drafts; [[2]] adopts {x}.</p>", "general_feedback": "",
        "blanks": [
            {"id": "1", "case_sensitive": True, "answers": [
                {"text": "Treasury", "fraction": 1.0, "feedback": "Correct # 1"},
                {"text": "R&D {x} #~\\ <b>", "fraction": 0.5, "feedback": "odd ~ } \\ chars"},
                {"text": "=equals", "fraction": 0.25, "feedback": ""},
                {"text": "%5", "fraction": 0.0, "feedback": ""},
            ]},
            {"id": "2", "case_sensitive": False, "answers": [
                {"text": "人大", "fraction": 1.0, "feedback": "对"},
            ]},
        ],
    },
]


def _without_position(question):
    return {key: value for key, value in question.items() if key not in ("line", "category")}


@pytest.mark.parametrize("question", ROUND_TRIP_QUESTIONS, ids=lambda question: question["qtype"])
def test_round_trip_of_each_type(question):
    [read] = parse(dump([question]))

    assert _without_position(read) == question
    assert read["category"] is None


def test_round_trip_of_the_whole_export_keeps_categories():
    questions = _all_types()

    assert [_without_position(q) | {"category": q["category"]} for q in parse(dump(questions))] == [
        _without_position(q) | {"category": q["category"]} for q in questions
    ]


def test_thirds_survive_a_round_trip_to_moodle_precision():
    question = ROUND_TRIP_QUESTIONS[1] | {"options": [
        {"text": name, "fraction": 1 / 3, "feedback": ""} for name in ("a", "b", "c")
    ]}

    [read] = parse(dump([question]))

    assert [option["fraction"] for option in read["options"]] == [pytest.approx(1 / 3, abs=1e-8)] * 3


def test_dump_writes_a_moodle_file():
    data = dump(ROUND_TRIP_QUESTIONS[:1])

    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert "增值税基本税率".encode() in data  # UTF-8, not character references
    assert b'<question type="multichoice">' in data
    assert b'<answer fraction="-50" format="html">' in data
    assert b"<single>true</single>" in data
    assert b"<shuffleanswers>false</shuffleanswers>" in data


def test_dump_writes_category_entries_only_when_the_category_changes():
    description = ROUND_TRIP_QUESTIONS[8]
    questions = [
        description | {"category": None},
        description | {"category": "Tax/VAT"},
        description | {"category": "Tax/VAT"},
        description | {"category": "行政法"},
        description | {"category": None},
    ]

    data = dump(questions).decode()

    assert data.count('<question type="category">') == 3
    assert [question["category"] for question in parse(data)] == [None, "Tax/VAT", "Tax/VAT", "行政法", None]
    assert "<text>$course$/top/Tax/VAT</text>" in data
    assert "<text>$course$/top</text>" in data


def test_dump_writes_moodle_cloze_markup_and_ordering_positions():
    data = dump([
        {"qtype": "blanks", "name": "", "format": "html", "text": "A [[1]].", "general_feedback": "",
         "default_mark": 1.0, "blanks": [{"id": "1", "case_sensitive": False, "answers": [
             {"text": "Treasury", "fraction": 1.0, "feedback": "Yes"},
             {"text": "Ministry", "fraction": 0.5, "feedback": ""}]}]},
        ROUND_TRIP_QUESTIONS[6],
    ]).decode()

    assert '<question type="cloze">' in data
    assert "A {1:SHORTANSWER:=Treasury#Yes~%50%Ministry}." in data
    assert [line.strip() for line in data.splitlines() if "<answer fraction" in line] == [
        '<answer fraction="1" format="html">',
        '<answer fraction="2" format="html">',
        '<answer fraction="3" format="html">',
    ]


def test_dump_is_re_exported_from_the_reader_module():
    from lms.quizzes import moodlexml_dump

    assert moodlexml.dump is moodlexml_dump.dump


# Problems: every bad question, with its line.


def test_every_bad_question_is_reported_with_its_line():
    problems = _problems((FIXTURES / "moodle-errors.xml").read_bytes())

    assert [(problem.line, problem.text, str(problem.message)) for problem in problems] == [
        (3, "Interest formula", "Moodle question type 'calculated' is not supported."),
        (7, "No right answer", "None of the answers is worth 100%."),
        (14, "Positives add to 80", "The positive answers add up to 80%, not 100%."),
        (28, "Bad fraction", "<answer fraction> must be a number, not 'abc'."),
        (33, "Bad tolerance", "<tolerance> must be a number, not 'one'."),
        (38, "Bad grade", "<defaultgrade> must be a number, not 'ten'."),
        (43, "One stem", "A matching question needs at least two subquestions with text."),
        (49, "Empty text", "The question text is empty."),
        (53, "Drop-down blank",
         "Embedded answer 2 is MULTICHOICE; only SHORTANSWER (SA, MW) blanks are supported."),
    ]


def test_problems_read_as_sentences():
    problem = XmlProblem(12, "VAT rate", Message("The question text is empty."))

    assert str(problem) == "Line 12: The question text is empty. — VAT rate"
    assert str(XmlProblem(3, "", problem.message)) == "Line 3: The question text is empty."


def test_the_error_lists_every_problem():
    with pytest.raises(MoodleXmlError) as caught:
        parse((FIXTURES / "moodle-errors.xml").read_bytes())

    assert len(caught.value.errors) == 9
    assert str(caught.value).splitlines()[0] == (
        "Line 3: Moodle question type 'calculated' is not supported. — Interest formula"
    )


def test_a_question_with_several_faults_reports_each():
    xml = _quiz("", _multichoice('<answer fraction="150"><text>Only one</text></answer>', text=""))

    assert [(problem.line, problem.text, str(problem.message)) for problem in _problems(xml)] == [
        (4, "MC", "The question text is empty."),
        (4, "MC", "An answer's fraction 150% is outside -100% to 100%."),
        (4, "MC", "A multiple-choice question needs at least two answers."),
    ]


def test_a_nameless_bad_question_is_labelled_by_its_text():
    long_text = "预算" * 150
    xml = _quiz(
        f'<question type="shortanswer"><questiontext><text>{long_text}</text></questiontext></question>'
    )

    [problem] = _problems(xml)

    assert problem.text == long_text[:200]
    assert str(problem.message) == "The question has no answers."


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ('<question type="truefalse"><questiontext><text>T?</text></questiontext></question>',
         "A true/false question needs its 'true' and 'false' answers."),
        ('<question type="numerical"><questiontext><text>N?</text></questiontext>'
         '<answer fraction="100"><text>forty</text></answer></question>',
         "<answer> must be a number, not 'forty'."),
        ('<question type="numerical"><questiontext><text>N?</text></questiontext>'
         '<answer fraction="50"><text>40</text></answer></question>',
         "None of the answers is worth 100%."),
        ('<question type="shortanswer"><questiontext><text>S?</text></questiontext>'
         '<answer fraction="NaN"><text>x</text></answer></question>',
         "<answer fraction> must be a number, not 'NaN'."),
        ('<question type="matching"><questiontext><text>M?</text></questiontext>'
         "<subquestion><text>A</text><answer><text>1</text></answer></subquestion>"
         "<subquestion><text>B</text><answer><text></text></answer></subquestion></question>",
         "Subquestion 'B' has no answer."),
        ('<question type="ordering"><questiontext><text>O?</text></questiontext>'
         "<answer><text>Only</text></answer></question>",
         "An ordering question needs at least two items."),
        ('<question type="essay"><questiontext><text>E?</text></questiontext>'
         "<minwordlimit>500</minwordlimit><maxwordlimit>100</maxwordlimit></question>",
         "The minimum word count 500 is above the maximum 100."),
        ('<question type="essay"><questiontext><text>E?</text></questiontext>'
         "<maxwordlimit>many</maxwordlimit></question>",
         "<maxwordlimit> must be a whole number, not 'many'."),
        ('<question type="cloze"><questiontext><text>No blanks here.</text></questiontext></question>',
         "The cloze text has no embedded answers."),
        ('<question type="cloze"><questiontext><text>A {1:SA:%50%x} B</text></questiontext></question>',
         "Embedded answer 1 has no answer worth 100%."),
        ('<question type="cloze"><questiontext><text>A {2:NUMERICAL:=4:0.1} B</text>'
         "</questiontext></question>",
         "Embedded answer 1 is NUMERICAL; only SHORTANSWER (SA, MW) blanks are supported."),
        ('<question><questiontext><text>?</text></questiontext></question>',
         "Moodle question type '' is not supported."),
    ],
)
def test_each_kind_of_bad_question(question, message):
    [problem] = _problems(_quiz(question))

    assert str(problem.message) == message
    assert problem.line == 3


def test_a_single_choice_needs_a_full_marks_answer_but_a_multiple_choice_may_use_thirds():
    good = _multichoice(
        '<answer fraction="33.33333"><text>a</text></answer>'
        '<answer fraction="33.33333"><text>b</text></answer>'
        '<answer fraction="33.33333"><text>c</text></answer>', single="false")

    assert parse(_quiz(good))[0]["qtype"] == "multiple"
    [problem] = _problems(_quiz(good.replace("<single>false</single>", "<single>true</single>")))
    assert str(problem.message) == "None of the answers is worth 100%."


# Files that are not (safe) Moodle XML.


def test_malformed_xml_is_one_problem_at_the_parsers_line():
    xml = "<?xml version='1.0'?>\n<quiz>\n  <question type='description'>\n  </quiz>\n"

    [problem] = _problems(xml)

    assert problem.line == 4
    assert str(problem) == "Line 4: The file is not well-formed XML: mismatched tag."


def test_an_empty_file_is_malformed():
    [problem] = _problems(b"")

    assert str(problem.message) == "The file is not well-formed XML: no element found."


def test_an_undefined_html_entity_is_malformed():
    [problem] = _problems(_quiz("<question type='description'><questiontext><text>a&nbsp;b</text>"
                                "</questiontext></question>"))

    assert problem.line == 3
    assert "undefined entity" in str(problem.message)


def test_a_billion_laughs_document_is_refused():
    xml = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE quiz [\n'
        ' <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
        ']>\n'
        "<quiz><question type='description'><questiontext><text>&lol3;</text>"
        "</questiontext></question></quiz>"
    )

    [problem] = _problems(xml)

    assert problem.line == 2
    assert str(problem.message) == "The file declares a DTD or entities, which are refused for safety."


def test_an_external_entity_is_refused():
    xml = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        "<quiz><question type='description'><questiontext><text>&secret;</text>"
        "</questiontext></question></quiz>"
    )

    [problem] = _problems(xml.encode())

    assert str(problem.message) == "The file declares a DTD or entities, which are refused for safety."


def test_another_root_element_is_not_moodle_xml():
    [problem] = _problems("<questions><question type='description'/></questions>")

    assert str(problem) == "Line 1: This is not Moodle XML: the root element is <questions>, not <quiz>."
