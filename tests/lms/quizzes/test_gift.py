"""GIFT import and export (lms.quizzes.gift): every form Moodle documents, on fixtures of our own,
every bad question reported, and dump → parse giving the same questions back."""

import subprocess
import sys
from pathlib import Path

import pytest

from lms.quizzes import gift
from lms.quizzes.messages import Message

FIXTURES = Path(__file__).parent / "fixtures"

_TYPE_DEFAULTS = {
    "single": {"shuffle": True},
    "multiple": {"shuffle": True},
    "matching": {"shuffle": True},
    "short": {"case_sensitive": False},
    "essay": {"min_words": None, "max_words": None, "grader_info": "", "response_template": ""},
    "description": {"default_mark": 0.0},
}


def question(qtype, text, **fields):
    base = {"qtype": qtype, "name": "", "text": text, "format": "moodle", "general_feedback": "",
            "default_mark": 1.0, "category": None}
    return base | _TYPE_DEFAULTS.get(qtype, {}) | fields


def _options(specs):
    return [{"text": spec[0], "fraction": float(spec[1]), "feedback": spec[2] if len(spec) > 2 else ""}
            for spec in specs]


def single(text, *options, **fields):
    return question("single", text, options=_options(options), **fields)


def multiple(text, *options, **fields):
    return question("multiple", text, options=_options(options), **fields)


def short(text, *answers, **fields):
    return question("short", text, answers=_options(answers), **fields)


def numerical(text, *answers, **fields):
    """answers: (value, tolerance, fraction=1, feedback="")."""
    rows = [{"value": None if spec[0] is None else float(spec[0]), "tolerance": float(spec[1]),
             "fraction": float(spec[2]) if len(spec) > 2 else 1.0,
             "feedback": spec[3] if len(spec) > 3 else ""} for spec in answers]
    return question("numerical", text, answers=rows, **fields)


def matching(text, *pairs, **fields):
    return question("matching", text, pairs=[{"text": stem, "answer": answer} for stem, answer in pairs],
                    **fields)


def truefalse(text, answer, feedback_true="", feedback_false="", **fields):
    return question("truefalse", text, answer=answer, feedback_true=feedback_true,
                    feedback_false=feedback_false, **fields)


def without_lines(questions):
    return [{key: value for key, value in q.items() if key != "line"} for q in questions]


def parse_fixture(name):
    return gift.parse((FIXTURES / name).read_text(encoding="utf-8"))


# Reading: the fixtures ----------------------------------------------------------------------------

ALL_FORMS = [
    single("Which tax is a turnover tax?", ("Income tax", 0), ("Property tax", 0), ("Value-added tax", 1)),
    single("增值税属于", ("流转税", 1), ("所得税", 0), ("财产税", 0), name="税制"),
    single("The annual budget is _____ by the legislature.", ("vetoed", 0), ("adopted", 1), ("audited", 0)),
    single("The civil service examination is held in the _____ quarter of the year.",
           ("first", 0), ("second", 0), ("fourth", 1)),
    single("公务员考试由哪个部门组织？", ("财政部", 0), ("组织人事部门", 1), ("税务局", 0), ("统计局", 0)),
    truefalse("A ministry is a legal person.", True),
    truefalse("The auditor general is elected by the cabinet.", False),
    truefalse("The ombudsman reviews complaints about the administration.", True),
    # {FALSE#feedback}: the first feedback is for a wrong answer, here TRUE.
    truefalse("地方政府可以自行发行货币。", False, feedback_true="货币由中央银行发行。"),
    short("Which body adopts the annual budget?", ("the legislature", 1), ("parliament", 1)),
    short("两加两等于_____。", ("四", 1), ("4", 1)),
    matching("Match each institution with its role.", ("Court of audit", "audits public accounts"),
             ("Ombudsman", "handles complaints"), ("Treasury", "manages the state's cash")),
    matching("Match the country with its capital.", ("France", "Paris"), ("Japan", "Tokyo"),
             ("中国", "北京")),
    numerical("In which year was the Pendleton Civil Service Act adopted?", (1883, 0)),
    numerical("What is the standard VAT rate in percent?", (13, 0.5)),
    numerical("What share of the budget goes to education, in percent? _____.", (15, 0.5)),
    numerical("In which year did the tax-sharing reform start?", (1994, 0), (1994, 1, 0.5)),
    numerical("What is 2 plus 2?", (4, 0)),
    short("Chinese characters were first\nstandardised under which dynasty?", ("Qin", 1),
          name="Qin standard"),
    single("The draft budget is\nsent to the legislature in the _____ of each year.",
           ("spring", 0), ("summer", 0), ("autumn", 1), name="Budget calendar"),
    single("Which office prepares the draft budget?", ("the court", 0, "The court rules on disputes."),
           ("the press office", 0, "It informs the public."), ("the finance ministry", 1, "Correct!")),
    short("Who signs a decree?", ("the president", 1, "right!"), ("the head of state", 1, "right!")),
    short("Who countersigns **a decree**?", ("the prime minister", 1, "right!"),
          ("the minister concerned", 1, "right!"), format="markdown"),
    truefalse("The mayor's decision can be appealed.", False,
              feedback_true="An appeal goes to the administrative court."),
    single("Hard question.", ("wrong answer", 0), ("half credit answer", 0.5), ("full credit answer", 1)),
    single("The capital of China is _____.", ("Shanghai", 0, "A large city, but not the capital."),
           ("Nanjing", 0.25, "It was the capital before 1949."), ("Peking", 0.5, "The old spelling."),
           ("Beijing", 1, "Yes!"), name="Capital (choice)"),
    short("The capital of China is", ("Beijing", 1, "Yes!"), ("Peking", 0.75, "Right, in the old spelling."),
          ("Nanjing", 0.25, "A former capital."), name="Capital (short)"),
    multiple("Which two bodies hold the power of the purse?", ("The courts", 0), ("The legislature", 0.5),
             ("The audit office", 0.5), ("The police", 0)),
    multiple("Which two are taxes?", ("Fines", -0.5), ("Value-added tax", 0.5), ("Income tax", 0.5),
             ("Fees", -0.5)),
    single("Which formula gives net pay?", ("= gross + tax", 0), ("= gross - tax", 1), ("= gross ~ tax", 0)),
    single("Which of these is NOT a control character in GIFT?",
           ("~", 0, "~ is a control character."), ("=", 0, "= is a control character."),
           ("#", 0, "# is a control character."), ("{", 0, "{ is a control character."),
           ("}", 0, "} is a control character."),
           ("\\", 1, "Right! \\ is not a control character, but\nit escapes the others, so a backslash\n"
                     "itself is written twice."),
           name="GIFT: control characters"),
    single("A citizen first appeals to the _____ before going to court.", ("minister", 0, "Too high."),
           ("issuing office", 1, "Right answer!"), ("press", 0, "No."), name="Appeal route"),
    single("Hard multiple choice question.", ("wrong answer", 0, "comment on the wrong answer"),
           ("half credit answer", 0.5, "comment on this answer"), ("full credit answer", 1, "well done!")),
    short("The capital of China is _____.", ("Beijing", 1, "Yes!"),
          ("Peking", 0.75, "Right, in the old spelling."), ("Nanjing", 0.25, "A former capital."),
          name="Capital (short, blank)"),
    numerical("In which year was the Civil Service Act adopted?", (1883, 0, 1, "Correct! 100% credit"),
              (1883, 2, 0.5, "It was adopted in 1883.\nYou get 50% credit for being close."),
              name="Numerical example"),
]


def test_every_documented_form_is_read_field_by_field():
    questions = parse_fixture("gift-all-forms.gift")
    assert len(questions) == len(ALL_FORMS) == 35
    for got, expected in zip(without_lines(questions), ALL_FORMS, strict=True):
        assert got == expected


def test_each_question_carries_the_line_it_starts_on():
    lines = [q["line"] for q in parse_fixture("gift-all-forms.gift")]
    # Comments before a question (even indented ones) do not count: line 73 follows "// Subheading".
    assert lines == [8, 10, 12, 14, 20, 30, 32, 34, 36, 42, 44, 50, 56, 62, 64, 66, 68, 73, 79, 82, 85,
                     90, 94, 102, 104, 106, 112, 121, 127, 137, 142, 158, 164, 169, 176]


FEATURES = [
    question("essay", "Describe the annual budget cycle.", name="E8"),
    # Per-pair format tags are dropped, their text kept; "= -> …" is a distractor.
    matching("Match the <b>body</b> to its task.", ("Reviews <i>public</i> accounts.", "Court of audit"),
             ("Handles complaints from citizens.", "Ombudsman"), ("Collects taxes.", "Tax office"),
             ("Issues the **currency**.", "Central bank"), ("", "Statistics office"),
             name="Public bodies", format="html"),
    single("Which level of government collects VAT in China?", ("central", 1, "right; well done!"),
           ("provincial", 0, "wrong, it is <b>central</b>"), ("county", 0, "wrong, it is central"),
           name="Q2"),
    multiple("Which are levels of government in China?", ("province", 0.5, "right; good!"),
             ("canton", -1, "wrong"), ("county", 0.5, "right; good!"), ("state", -1, "wrong"),
             name="levels"),
    numerical("How many provinces does China have, within 2?", (23, 2),
              (None, 0, 0, "Completely wrong"), name="Q5"),
    short("Which ministry manages the state budget?", ("Finance", 1, "Good!"),
          ("Treasury", 0.5, "Close: the treasury only keeps the cash."), ("*", 0, "Completely wrong"),
          name="Ministry", general_feedback="See <i>the Budget Law</i>."),
    truefalse("The State Council is the legislature.", False, feedback_true="It is the executive.",
              feedback_false="You gave the right answer.", name="Q1",
              general_feedback="The legislature is the National People's Congress."),
    truefalse("The NPC meets every year.", True, name="2-08 NPC"),
    truefalse("The NPC has a standing committee.", True, name="2-09 NPC"),
    question("description", "The next questions are about local government.", name="Section 3"),
]


def test_essay_formats_distractor_wildcard_and_feedback_forms():
    questions = parse_fixture("gift-features.gift")
    assert without_lines(questions) == FEATURES
    assert [q["line"] for q in questions] == [2, 5, 14, 22, 31, 34, 42, 47, 49, 52]


def test_category_lines_switch_the_category_of_the_questions_after_them():
    questions = parse_fixture("gift-in-categories.gift")
    vat, income = "$course$/top/Tax/VAT", "$course$/top/税制/所得税"
    assert without_lines(questions) == [
        truefalse("Is this file in GIFT?", True, name="No category"),
        single('<a href="https://example.org/vat-law">Read the VAT law:</a><br />What is the standard rate?',
               ("6%", 0, "Too low."), ("13%", 1, "Yes, well done!"),
               ("17%", 0, "That was the rate before 2018."),
               name="VAT law", format="html", category=vat),
        short("Anyone who pays VAT is a ...", ("taxpayer", 1), name="Taxpayer", format="html", category=vat),
        # The category line (indented, spaces around the name) ends no blank-line block: the
        # question right under it still starts a new question.
        truefalse('Individual income tax is <span style="font-weight: bold;">progressive</span>.', True,
                  name="IIT", format="html", category=income),
        numerical("How many brackets does the wage income tax have?", (7, 0), name="Brackets",
                  category=income),
    ]
    assert [q["line"] for q in questions] == [2, 8, 15, 20, 22]


# Reading: errors ----------------------------------------------------------------------------------

def test_every_bad_question_is_reported_with_its_line_and_nothing_is_imported():
    with pytest.raises(gift.GiftError) as raised:
        parse_fixture("gift-errors.gift")
    problems = raised.value.errors
    assert [(p.line, str(p.message)) for p in problems] == [
        (4, "The answer list is not closed: a “{” has no “}” (write \\{ for a brace in the text)."),
        (9, "No answer is right: mark one with “=”, or give the right answers weights such as “~%50%”."),
        (11, "The positive weights add up to 80%, not 100%."),
        (13, "“eighteen:1” is not a number."),
        (15, "A matching question needs at least two pairs with a question."),
        (17, "The answer weight %half% is not a number from -100 to 100."),
        (19, "The answer weight %150% is not a number from -100 to 100."),
        (21, "An answer is empty."),
        (23, "Unknown text format [markdwon]: use [moodle], [html], [markdown] or [plain] (put one "
             "first to start the text with a bracket)."),
        (25, "A “}” closes no answer list (write \\} for a brace in the text)."),
    ]
    assert problems[0].text == "::Unclosed::Which tax is a turnover tax?{=VAT ~Income tax"
    assert all(isinstance(p.message, Message) for p in problems)


def test_a_problem_reads_line_message_and_source_text():
    with pytest.raises(gift.GiftError) as raised:
        gift.parse("Good.{=a ~b}\n\n::Q7::Which?{~a ~b}\n")
    (problem,) = raised.value.errors
    assert str(problem) == ("Line 3: No answer is right: mark one with “=”, or give the right answers "
                            "weights such as “~%50%”. — ::Q7::Which?{~a ~b}")
    assert str(raised.value) == str(problem)


def test_the_source_text_of_a_problem_is_cut_at_200_characters():
    with pytest.raises(gift.GiftError) as raised:
        gift.parse("x" * 300 + "{~a ~b}")
    assert len(raised.value.errors[0].text) == 200
    assert raised.value.errors[0].text.endswith("…")


@pytest.mark.parametrize(("source", "message"), [
    ("Q {=a ~b} and {=c ~d}", "A question has one answer list"),
    ("Q {=a {~b}", "A question has one answer list"),
    ("::Name::{=a ~b}", "The question has no text."),
    ("::Name::", "The question has no text."),
    ("Q {=only}x {~}", "A question has one answer list"),
    ("Q {~a}", "A choice question needs at least two answers."),
    ("Q {=%50%a ~b}", "No answer is worth 100%"),
    ("Q {~%33%a ~%33%b ~%33%c}", "The positive weights add up to 99%, not 100%."),
    ("Q {#}", "A numerical question needs an answer"),
    ("Q {#~#any other number}", "A numerical question needs an answer"),
    ("Q {#5..1}", "The range 5..1 goes from high to low."),
    ("Q {#5:-1}", "The margin of error in 5:-1 is negative."),
    ("Q {#1,822}", "“1,822” is not a number."),
    ("Q {#=%50%}", "An answer is empty."),
    ("Q {=a -> b =c}", "Each matching pair is written “=question -> answer”: “=c” has no “->”."),
    ("Q {=a -> b =c -> }", "An answer is empty."),
    ("Q {=}", "An answer is empty."),
])
def test_what_is_refused(source, message):
    with pytest.raises(gift.GiftError) as raised:
        gift.parse(source)
    assert str(raised.value.errors[0].message).startswith(message)


# Reading: details of the syntax -------------------------------------------------------------------

def test_escapes_are_undone_and_unknown_ones_kept():
    (q,) = gift.parse(r"::A\:B \\ C::Line one\nline two \d \{x\}{=\~ok\# #fb\: \\ =a\\=b}")
    assert q["name"] == "A:B \\ C"
    assert q["text"] == "Line one\nline two \\d {x}"
    # "\\=" is a backslash then a bare "=", which starts the next answer.
    assert q["qtype"] == "short"
    assert q["answers"] == [{"text": "~ok#", "fraction": 1.0, "feedback": "fb: \\"},
                            {"text": "a\\", "fraction": 1.0, "feedback": ""},
                            {"text": "b", "fraction": 1.0, "feedback": ""}]


def test_text_after_the_block_leaves_the_blank_where_the_block_was():
    (q1, q2, q3) = gift.parse("增值税属于{=流转税 ~所得税}的一种。\n\nTax is{=levied ~given}  \n\n"
                              "Pay {=taxes ~fines}, then rest.")
    assert q1["text"] == "增值税属于_____的一种。"
    assert q2["text"] == "Tax is"  # only spaces after the block: no blank
    assert q3["text"] == "Pay _____, then rest."


def test_windows_and_old_mac_line_endings_and_a_byte_order_mark():
    source = "\ufeff// comment\r\n::A::Q?{T}\r\n\r\n::B::Q?\r{F}\r\r::C::Q?{T}"
    questions = gift.parse(source)
    assert [(q["name"], q["line"]) for q in questions] == [("A", 2), ("B", 4), ("C", 7)]
    assert questions[1]["text"] == "Q?"


def test_comment_lines_inside_a_question_are_left_out_and_lines_trimmed():
    (q,) = gift.parse("   First line\n   // a remark\n   second line{\n  // =not an answer\n  =yes\n}")
    assert q["text"] == "First line\nsecond line"
    assert q["answers"] == [{"text": "yes", "fraction": 1.0, "feedback": ""}]


def test_a_name_never_closed_is_no_name_as_in_moodle():
    (q,) = gift.parse("::No end Which? {T}")
    assert (q["name"], q["text"]) == ("", "No end Which?")


def test_true_false_words_are_upper_case_as_in_moodle():
    (q,) = gift.parse("The sky is blue.{true}")
    assert q["qtype"] == "short"
    assert q["answers"][0]["text"] == "true"


def test_true_false_feedback_goes_by_the_right_answer():
    (yes, no) = gift.parse("A?{T#wrong, it is true#right}\n\nB?{F#wrong, it is false#right}")
    assert (yes["feedback_false"], yes["feedback_true"]) == ("wrong, it is true", "right")
    assert (no["feedback_true"], no["feedback_false"]) == ("wrong, it is false", "right")


def test_general_feedback_in_any_block():
    source = ("Essay?{####[html]Think of <b>costs</b>.}\n\nNum?{#4####four}\n\n"
              "Match?{=a -> 1 =b -> 2 ####pairs}\n\nPick?{=a ~b####because}\n\nTF?{T####true}")
    essay, number, match, pick, tf = gift.parse(source)
    assert essay["qtype"] == "essay" and essay["general_feedback"] == "Think of <b>costs</b>."
    assert number["answers"][0]["value"] == 4.0 and number["general_feedback"] == "four"
    assert match["pairs"][1] == {"text": "b", "answer": "2"} and match["general_feedback"] == "pairs"
    assert pick["general_feedback"] == "because"
    assert tf["answer"] is True and tf["general_feedback"] == "true"


def test_weights_of_multiple_response_may_miss_100_by_one_point():
    (q,) = gift.parse("Which three?{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert q["qtype"] == "multiple"
    assert [o["fraction"] for o in q["options"]] == [0.3333333, 0.3333333, 0.3333333, -1.0]


def test_a_weight_after_equals_in_a_choice_list_is_kept():
    (q,) = gift.parse("Which?{=%50%half =full ~none}")
    assert q["qtype"] == "single"
    assert [(o["text"], o["fraction"]) for o in q["options"]] == [("half", 0.5), ("full", 1.0), ("none", 0.0)]


def test_numerical_forms():
    (q,) = gift.parse("N?{#=-1.5e3:0.5 =%25%.5..1.5#close =*#odd ~}")
    assert q["answers"] == [
        {"value": -1500.0, "tolerance": 0.5, "fraction": 1.0, "feedback": ""},
        {"value": 1.0, "tolerance": 0.5, "fraction": 0.25, "feedback": "close"},
        {"value": None, "tolerance": 0.0, "fraction": 1.0, "feedback": "odd"},
        {"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": ""},
    ]


def test_description_has_no_mark_and_keeps_its_format():
    (q,) = gift.parse("::Intro::[markdown]Read **this** first.")
    assert q == question("description", "Read **this** first.", name="Intro", format="markdown", line=1)


def test_an_unknown_tag_on_an_answer_is_text_as_in_moodle():
    (q,) = gift.parse("Which?{=[note] yes ~[HTML]no}")
    assert [o["text"] for o in q["options"]] == ["[note] yes", "[HTML]no"]


def test_an_empty_file_has_no_questions():
    assert gift.parse("") == []
    assert gift.parse("// only a comment\n\n   \n") == []


def test_the_reader_imports_no_django():
    code = ("import sys, lms.quizzes.gift; "
            "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    root = Path(__file__).resolve().parents[3]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


# Writing ------------------------------------------------------------------------------------------

ROUND_TRIP = [
    single("增值税属于_____，对吗？", ("流转税", 1, "对。\n流转税按流转额征收。"), ("所得税", 0, "不对"),
           ("财产税", -0.5), name="税制::增值税 (1)"),
    single("<p>Which {braces} = signs # and ~ tildes: all escaped?</p>", ("[x] a box", 1),
           ("%50 off", 1, "[1] a footnote"), ("a \\ backslash \\n not a newline", 0, "%"),
           format="html", general_feedback="See § 3 # ~ = : { } ->", name="Escapes"),
    multiple("Which three are taxes?", ("VAT", 0.3333333, "yes"), ("Income tax", 0.3333333),
             ("Stamp duty", 0.3333334), ("Fines", -1, "no")),
    short("The capital of China is _____", ("北京", 1, "对"), ("Peking", 0.75, "old\nspelling"),
          ("*", 0), name="Capital", category="税制/增值税"),
    numerical("When was the act adopted? _____ (year)", (1883, 0, 1, "Yes"), (None, 0, 0.5, "any number"),
              (-2.5e-7, 1e-8, 0.5), (1883, 2, 0.5, "close\nenough"), (None, 0, 0, "wrong"),
              general_feedback="It was 1883.", category="税制/增值税"),
    matching("Match: the body = its role?", ("审计署", "审计"), ("[b] Ombudsman", "complaints -> redress"),
             ("a = b", "c: d"), ("", "distractor"), general_feedback="pairs", category="tax/vat"),
    truefalse("The cabinet is elected.", True, feedback_true="Right.", category="tax/vat"),
    truefalse("**The court** is elected.", False, feedback_true="It is appointed.",
              feedback_false="Right, it\nis appointed.", general_feedback="Judges are appointed.",
              format="markdown", category="tax/vat"),
    truefalse("Some feedback for a wrong answer only.", True, feedback_false="No.", category="tax/vat"),
    question("essay", "Explain _____ in your words.", general_feedback="grader: look for costs",
             category="tax/vat"),
    question("essay", "Describe the cycle.", name="Essay: the cycle", format="plain", category="tax/vat"),
    question("description", "// not a comment", category="tax/vat"),
    question("description", "[draft] a text starting with a bracket", category="tax/vat"),
    question("description", "C:\\new folder\\n\nsecond line", name="Path", category="tax/vat"),
    single("$CATEGORY: not a category line", ("a", 1), ("b", 0), category="tax/vat"),
]


def test_dump_then_parse_gives_the_same_questions():
    text = gift.dump(ROUND_TRIP)
    assert without_lines(gift.parse(text)) == ROUND_TRIP


@pytest.mark.parametrize("name", ["gift-all-forms.gift", "gift-features.gift", "gift-in-categories.gift"])
def test_fixtures_survive_a_round_trip(name):
    questions = parse_fixture(name)
    assert without_lines(gift.parse(gift.dump(questions))) == without_lines(questions)


def test_dump_writes_what_moodle_exports():
    text = gift.dump([
        single("Which tax?", ("VAT", 1, "Yes"), ("Income tax", 0), ("Fines", -0.5), name="Q1",
               category="$course$/top/Tax"),
        short("Capital: _____ (city)", ("北京", 1), ("Peking", 0.5, "old"), name="Q2",
              category="$course$/top/Tax"),
        numerical("Year?", (1883, 0.5), (None, 0, 0, "no"), format="html", category="Other"),
        truefalse("True?", False, feedback_true="wrong", feedback_false="right", general_feedback="gf"),
    ])
    assert text == (
        "$CATEGORY: $course$/top/Tax\n\n"
        "::Q1::Which tax?{\n\t=VAT#Yes\n\t~Income tax\n\t~%-50%Fines\n}\n\n"
        "::Q2::Capital\\: {\n\t=%100%北京\n\t=%50%Peking#old\n} (city)\n\n"
        "$CATEGORY: Other\n\n"
        "[html]Year?{#\n\t=%100%1883:0.5\n\t~#no\n}\n\n"
        "True?{FALSE#wrong#right####gf}\n"
    )


def test_dump_refuses_what_gift_cannot_carry_and_names_each():
    questions = [
        question("ordering", "Order the steps.", name="Steps", items=[{"text": "a"}, {"text": "b"}]),
        single("Fine", ("a", 1), ("b", 0)),
        question("blanks", "The [[1]] adopts the budget.", blanks=[]),
        short("Arrow?", ("a -> b", 1)),
        matching("Arrow?", ("a -> b", "c"), ("d", "e")),
    ]
    with pytest.raises(gift.GiftError) as raised:
        gift.dump(questions)
    assert [str(problem) for problem in raised.value.errors] == [
        "Question 1: GIFT has no ordering questions. — Steps",
        "Question 3: GIFT has no blanks questions. — The [[1]] adopts the budget.",
        "Question 4: GIFT cannot write “->” in a short answer or its feedback. — Arrow?",
        "Question 5: GIFT cannot write “->” in the question part of a matching pair. — Arrow?",
    ]
    assert gift.unexportable(questions[1]) is None
    exportable = [q for q in questions if gift.unexportable(q) is None]
    assert without_lines(gift.parse(gift.dump(exportable))) == [questions[1]]


def test_a_numerical_question_whose_only_answer_is_any_number_is_written_as_an_answer():
    lone = numerical("Any number?", (None, 0, 0, "thanks"))
    assert gift.dump([lone]) == "Any number?{#\n\t=%0%*#thanks\n}\n"
    assert without_lines(gift.parse(gift.dump([lone]))) == [lone]


def test_an_empty_category_line_goes_back_to_no_category():
    questions = gift.parse("$CATEGORY: tax\nA?{T}\n\n$CATEGORY:\nB?{T}")
    assert [q["category"] for q in questions] == ["tax", None]


def test_dump_of_nothing_is_empty():
    assert gift.dump([]) == ""
