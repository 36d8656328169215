"""Grading by Moodle's rules for every question type, and the right answer shown at review."""

import dataclasses
import json
import time

import pytest

from lms.quizzes import grading
from lms.quizzes.grading import Outcome, compile, grade, parse_number, right_answer
from lms.quizzes.questions import choice_id, normalise_question


def ids(q, key="options"):
    return [entry["id"] for entry in q[key]]


@pytest.fixture
def grant():
    """Moodle's multiple-response example: two right answers and two penalised ones."""
    return normalise_question({"qtype": "multiple", "text": "Who is buried in Grant's tomb?", "options": [
        {"text": "No one", "fraction": -0.5, "feedback": "Someone is."},
        {"text": "Grant", "fraction": 0.5, "feedback": ""},
        {"text": "Grant's wife", "fraction": 0.5, "feedback": "Yes, Julia."},
        {"text": "Grant's father", "fraction": -0.5, "feedback": ""}]})


@pytest.fixture
def tomb():
    """Short answer with weights 100/75/25, a wildcard and an any-other-answer feedback."""
    return normalise_question({"qtype": "short", "text": "Who's buried in Grant's tomb?", "answers": [
        {"text": "no one", "fraction": 1.0, "feedback": "Right: nobody is *buried*."},
        {"text": "nobody", "fraction": 0.75, "feedback": "Nearly."},
        {"text": "*grant*", "fraction": 0.25, "feedback": "Grant is entombed."},
        {"text": "*", "fraction": 0.0, "feedback": "Think again."}]})


@pytest.fixture
def born():
    """Moodle's numerical example: 1822 exactly for full marks, within 2 years for half."""
    return normalise_question({"qtype": "numerical", "text": "When was Ulysses S. Grant born?", "answers": [
        {"value": 1822, "tolerance": 0, "fraction": 1, "feedback": "Exactly."},
        {"value": 1822, "tolerance": 2, "fraction": 0.5, "feedback": "Close."},
        {"value": None, "tolerance": 0, "fraction": 0, "feedback": "Look it up."}]})


# Outcomes ----------------------------------------------------------------------------------

def test_outcome_is_frozen_and_states_follow_moodle_thresholds():
    outcome = Outcome(1.0, "right", ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.fraction = 0.5
    assert grading.state_for(1.0) == "right"
    assert grading.state_for(0.9999995) == "right"
    assert grading.state_for(0.99) == "partial"
    assert grading.state_for(0.0000001) == "wrong"
    assert grading.state_for(0.0) == "wrong"
    assert grading.state_for(-0.5) == "wrong"
    assert grading.state_for(None) == "needs_grading"


def test_grade_is_compile_then_call(grant):
    response = {"choices": ids(grant)[1:3]}
    assert grade(grant, response) == compile(grant)(response)


# single ------------------------------------------------------------------------------------

def test_single_takes_the_chosen_options_fraction_and_feedback():
    q = normalise_question({"qtype": "single", "text": "Capital of China?", "options": [
        {"text": "Beijing", "fraction": 1, "feedback": "Yes."},
        {"text": "Shanghai", "fraction": -0.5, "feedback": "No, that is the largest city."},
        {"text": "Nanjing", "fraction": 0.5, "feedback": "It was, once."},
        {"text": "Xi'an", "fraction": 0}]})
    beijing, shanghai, nanjing, xian = ids(q)
    g = compile(q)
    assert g({"choice": beijing}) == Outcome(1.0, "right", ("Yes.",))
    assert g({"choice": shanghai}) == Outcome(-0.5, "wrong", ("No, that is the largest city.",))
    assert g({"choice": nanjing}) == Outcome(0.5, "partial", ("It was, once.",))
    assert g({"choice": xian}) == Outcome(0.0, "wrong", ())
    assert g({"choice": "gone"}) == Outcome(0.0, "wrong", ())
    for empty in (None, {}, {"choice": None}):
        assert g(empty) == Outcome(0.0, "unanswered", ())


# multiple ----------------------------------------------------------------------------------

def test_multiple_sums_and_clamps_as_moodle_does(grant):
    no_one, grant_, wife, father = ids(grant)
    g = compile(grant)
    assert g({"choices": [no_one, grant_, wife, father]}).fraction == 0.0
    assert g({"choices": [no_one, grant_, wife, father]}).state == "wrong"
    assert g({"choices": [grant_, wife]}) == Outcome(1.0, "right", ("Yes, Julia.",))
    assert g({"choices": [grant_]}) == Outcome(0.5, "partial", ())
    assert g({"choices": [grant_, wife, no_one]}).fraction == 0.5
    assert g({"choices": [no_one, father]}) == Outcome(0.0, "wrong", ("Someone is.",))
    assert g({"choices": [wife, no_one]}).feedback == ("Someone is.", "Yes, Julia.")  # options' order
    assert g({"choices": [grant_, grant_]}).fraction == 0.5  # a repeated id counts once
    assert g({"choices": []}).state == g(None).state == g({}).state == "unanswered"


def test_multiple_never_exceeds_full_marks():
    q = normalise_question({"qtype": "multiple", "text": "x", "options": [
        {"text": "a", "fraction": 0.34}, {"text": "b", "fraction": 0.33}, {"text": "c", "fraction": 0.34}]})
    assert grade(q, {"choices": ids(q)}) == Outcome(1.0, "right", ())


# truefalse ---------------------------------------------------------------------------------

def test_truefalse_feedback_follows_what_was_answered():
    q = normalise_question({"qtype": "truefalse", "text": "Grant was a general.", "answer": True,
                            "feedback_true": "Indeed.", "feedback_false": "He was."})
    assert grade(q, {"value": True}) == Outcome(1.0, "right", ("Indeed.",))
    assert grade(q, {"value": False}) == Outcome(0.0, "wrong", ("He was.",))
    assert grade(q, {"value": None}).state == "unanswered"
    false_q = normalise_question({"qtype": "truefalse", "text": "x", "answer": False})
    assert grade(false_q, {"value": False}) == Outcome(1.0, "right", ())
    assert grade(false_q, {"value": True}) == Outcome(0.0, "wrong", ())


# short -------------------------------------------------------------------------------------

def test_short_answer_weights_wildcards_and_feedback(tomb):
    g = compile(tomb)
    assert g({"text": "No one"}) == Outcome(1.0, "right", ("Right: nobody is *buried*.",))
    assert g({"text": "nobody"}) == Outcome(0.75, "partial", ("Nearly.",))
    assert g({"text": "Ulysses S. Grant"}) == Outcome(0.25, "partial", ("Grant is entombed.",))
    assert g({"text": "grant"}).fraction == 0.25
    assert g({"text": "Lincoln"}) == Outcome(0.0, "wrong", ("Think again.",))
    assert g({"text": ""}) == g({"text": "   "}) == g(None) == Outcome(0.0, "unanswered", ())


def test_short_answer_best_match_wins_over_order():
    q = normalise_question({"qtype": "short", "text": "x", "answers": [
        {"text": "*", "fraction": 0.0, "feedback": "no"},
        {"text": "par*", "fraction": 0.5, "feedback": "half"},
        {"text": "paris", "fraction": 1.0, "feedback": "yes"},
        {"text": "paris", "fraction": 0.2, "feedback": "never shown"}]})
    g = compile(q)
    assert g({"text": "Paris"}).feedback == ("yes",)
    assert g({"text": "Parma"}).feedback == ("half",)
    assert g({"text": "Rome"}).feedback == ("no",)


def test_short_answer_normalises_full_width_and_spaces(tomb):
    assert grade(tomb, {"text": "ＮＯ　ＯＮＥ"}).fraction == 1.0
    assert grade(tomb, {"text": "  no \t one\n"}).fraction == 1.0
    assert grade(tomb, {"text": "no-one"}).fraction == 0.0


def test_short_answer_case_sensitivity_and_escaped_asterisks():
    q = normalise_question({"qtype": "short", "text": "x", "case_sensitive": True, "answers": [
        {"text": "NaCl", "fraction": 1}, {"text": "a\\*b", "fraction": 0.5},
        {"text": "x*Y", "fraction": 0.4}]})
    g = compile(q)
    assert g({"text": "NaCl"}).fraction == 1.0
    assert g({"text": "nacl"}).fraction == 0.0
    assert g({"text": "a*b"}).fraction == 0.5
    assert g({"text": "aXb"}).fraction == 0.0
    assert g({"text": "x and Y"}).fraction == 0.4
    assert g({"text": "x and y"}).fraction == 0.0
    assert g({"text": "xY"}).fraction == 0.4
    folded = normalise_question({"qtype": "short", "text": "x", "answers": [
        {"text": "Straße", "fraction": 1}]})
    assert grade(folded, {"text": "STRASSE"}).fraction == 1.0


def test_short_answer_wildcards_match_regex_characters_literally():
    q = normalise_question({"qtype": "short", "text": "x", "answers": [
        {"text": "f(x) = *.5", "fraction": 1}]})
    assert grade(q, {"text": "f(x) = 2.5"}).fraction == 1.0
    assert grade(q, {"text": "f(x) = 2x5"}).fraction == 0.0
    assert grade(q, {"text": "fx = 2.5"}).fraction == 0.0


# numerical ---------------------------------------------------------------------------------

def test_numerical_tolerance_and_the_half_mark_answer(born):
    g = compile(born)
    assert g({"value": "1822"}) == Outcome(1.0, "right", ("Exactly.",))
    assert g({"value": "1822.0"}).fraction == 1.0
    assert g({"value": "1821"}) == Outcome(0.5, "partial", ("Close.",))
    assert g({"value": "1824"}).fraction == 0.5
    assert g({"value": "1820"}).fraction == 0.5
    assert g({"value": "1825"}) == Outcome(0.0, "wrong", ("Look it up.",))
    assert g({"value": ""}) == g(None) == Outcome(0.0, "unanswered", ())


def test_numerical_reads_full_width_signs_exponents_and_refuses_commas(born):
    g = compile(born)
    assert g({"value": "１８２２"}).fraction == 1.0
    assert g({"value": " 1822 "}).fraction == 1.0
    assert g({"value": "+1822"}).fraction == 1.0
    assert g({"value": "1.822e3"}).fraction == 1.0
    assert g({"value": "1,822"}) == Outcome(0.0, "wrong", ())  # unparseable: no any-other feedback
    assert g({"value": "about 1822"}) == Outcome(0.0, "wrong", ())
    assert parse_number("−3.5") == -3.5
    assert parse_number("－３．５") == -3.5
    assert parse_number(".5") == 0.5 and parse_number("5.") == 5.0
    for bad in ("1,822", "1 822", "inf", "nan", "1e999", "0x10", "", "--1", "1.2.3"):
        assert parse_number(bad) is None, bad


def test_numerical_ranges_and_slack():
    q = normalise_question({"qtype": "numerical", "text": "A number from 1 to 5.", "answers": [
        {"value": 3.0, "tolerance": 2.0, "fraction": 1}]})
    g = compile(q)
    assert [g({"value": v}).fraction for v in ("1", "5", "3.3", "0.999", "5.01", "-3")] == [1, 1, 1, 0, 0, 0]
    pi = normalise_question({"qtype": "numerical", "text": "pi?", "answers": [
        {"value": 3.14159, "tolerance": 0.0005, "fraction": 1}]})
    assert grade(pi, {"value": "3.1416"}).fraction == 1.0
    assert grade(pi, {"value": "3.141"}).fraction == 0.0
    tenth = normalise_question({"qtype": "numerical", "text": "0.3?", "answers": [
        {"value": 0.3, "fraction": 1}]})
    assert grade(tenth, {"value": "0.30000000001"}).fraction == 1.0  # within the 1e-9 slack


def test_numerical_without_any_other_answer_is_plain_wrong():
    q = normalise_question({"qtype": "numerical", "text": "x", "answers": [{"value": 2, "fraction": 1}]})
    assert grade(q, {"value": "3"}) == Outcome(0.0, "wrong", ())


# matching, ordering, blanks ----------------------------------------------------------------

def test_matching_scores_right_stems_over_stems():
    q = normalise_question({"qtype": "matching", "text": "Capitals", "pairs": [
        {"text": "China", "answer": "Beijing"}, {"text": "Japan", "answer": "Tokyo"},
        {"text": "France", "answer": "Paris"}, {"text": "", "answer": "Berlin"}]})
    china, japan, france, _ = ids(q, "pairs")
    g = compile(q)
    right = {china: choice_id("Beijing"), japan: choice_id("Tokyo"), france: choice_id("Paris")}
    assert g({"pairs": right}) == Outcome(1.0, "right", ())
    assert g({"pairs": {**right, france: choice_id("Berlin")}}).fraction == pytest.approx(2 / 3)
    assert g({"pairs": {**right, france: choice_id("Berlin")}}).state == "partial"
    assert g({"pairs": {china: choice_id("Beijing")}}).fraction == pytest.approx(1 / 3)
    assert g({"pairs": {china: choice_id("Tokyo"), japan: choice_id("Beijing")}}).state == "wrong"
    assert g({"pairs": {}}).state == "unanswered"


def test_ordering_counts_kept_successions():
    q = normalise_question({"qtype": "ordering", "text": "Order", "items": [
        {"id": "1", "text": "one"}, {"id": "2", "text": "two"}, {"id": "3", "text": "three"},
        {"id": "4", "text": "four"}]})
    g = compile(q)
    assert g({"order": ["1", "2", "3", "4"]}) == Outcome(1.0, "right", ())
    assert g({"order": ["1", "2", "4", "3"]}).fraction == pytest.approx(1 / 3)
    assert g({"order": ["3", "4", "1", "2"]}).fraction == pytest.approx(2 / 3)
    assert g({"order": ["4", "3", "2", "1"]}) == Outcome(0.0, "wrong", ())
    assert g({"order": ["2", "3", "4", "1"]}).fraction == pytest.approx(2 / 3)
    assert g(None).state == "unanswered"
    pair = normalise_question({"qtype": "ordering", "text": "x", "items": [
        {"id": "a", "text": "a"}, {"id": "b", "text": "b"}]})
    assert grade(pair, {"order": ["a", "b"]}).fraction == 1.0
    assert grade(pair, {"order": ["b", "a"]}).fraction == 0.0


def test_blanks_take_the_mean_of_the_best_answers_and_their_feedback():
    q = normalise_question({"qtype": "blanks", "text": "[[1]] crossed the [[2]] in [[3]] BC.", "blanks": [
        {"id": "1", "answers": [{"text": "Caesar", "fraction": 1, "feedback": "Julius."},
                                {"text": "Julius*", "fraction": 0.5, "feedback": "Which one?"}]},
        {"id": "2", "answers": [{"text": "Rubicon", "fraction": 1}]},
        {"id": "3", "answers": [{"text": "49", "fraction": 1, "feedback": "Yes, 49."}]}]})
    g = compile(q)
    assert g({"blanks": {"1": "caesar", "2": "Rubicon", "3": "49"}}) == Outcome(1.0, "right",
                                                                               ("Julius.", "Yes, 49."))
    half = g({"blanks": {"1": "Julius Caesar", "2": "Rhine", "3": "４９"}})
    assert half.fraction == pytest.approx(0.5) and half.state == "partial"
    assert half.feedback == ("Which one?", "Yes, 49.")
    assert g({"blanks": {"2": "Rubicon"}}).fraction == pytest.approx(1 / 3)
    assert g({"blanks": {"2": "Tiber"}}) == Outcome(0.0, "wrong", ())
    assert g({"blanks": {}}).state == g(None).state == "unanswered"


# essay, description ------------------------------------------------------------------------

def test_essay_waits_for_a_person_and_description_is_never_scored():
    essay = normalise_question({"qtype": "essay", "text": "Discuss.", "grader_info": "Look for X."})
    assert grade(essay, {"text": "My essay"}) == Outcome(None, "needs_grading", ())
    assert grade(essay, {"text": "  "}) == grade(essay, None) == Outcome(0.0, "unanswered", ())
    description = normalise_question({"qtype": "description", "text": "Read."})
    assert grade(description, None) == Outcome(0.0, "unanswered", ())


# Feedback rendering ------------------------------------------------------------------------

def test_feedback_is_rendered_in_the_questions_format():
    q = normalise_question({"qtype": "single", "text": "x", "format": "markdown", "options": [
        {"text": "a", "fraction": 1, "feedback": "**Well** done <script>x</script>"},
        {"text": "b", "fraction": 0, "feedback": "  "}]})
    right, wrong = ids(q)
    assert grade(q, {"choice": right}).feedback == (
        "<p><strong>Well</strong> done &lt;script&gt;x&lt;/script&gt;</p>\n",)
    assert grade(q, {"choice": wrong}).feedback == ()
    html = normalise_question({"qtype": "truefalse", "text": "x", "answer": True,
                               "feedback_true": '<b onclick="x">ok</b><script>bad()</script>'})
    assert grade(html, {"value": True}).feedback == ("<b>ok</b>",)


def test_compiled_graders_do_no_compiling_or_rendering(monkeypatch, tomb, born, grant):
    graders = [compile(q) for q in (tomb, born, grant)]

    def forbidden(*args, **kwargs):
        raise AssertionError("per-question work on the hot path")

    monkeypatch.setattr(grading, "render", forbidden)
    monkeypatch.setattr(grading.re, "compile", forbidden)
    monkeypatch.setattr(grading, "Message", forbidden)
    assert graders[0]({"text": "Grant"}).fraction == 0.25
    assert graders[1]({"value": "1821"}).fraction == 0.5
    assert graders[2]({"choices": ids(grant)[1:3]}).fraction == 1.0


def test_remembered_outcomes_are_the_same_and_bounded(monkeypatch, tomb):
    monkeypatch.setattr(grading, "MEMO_ENTRIES", 3)
    g = compile(tomb)
    texts = ["no one", "nobody", "grant", "Lincoln", "ＮＯ　ＯＮＥ", "x" * 300, "no one"]
    first = [g({"text": text}) for text in texts]
    again = [g({"text": text}) for text in texts]
    assert first == again == [grade(tomb, {"text": text}) for text in texts]
    assert [o.fraction for o in first] == [1.0, 0.75, 0.25, 0.0, 1.0, 0.0, 1.0]
    blanks = normalise_question({"qtype": "blanks", "text": "[[1]] [[2]]", "blanks": [
        {"id": "1", "answers": [{"text": "a", "fraction": 1}]},
        {"id": "2", "answers": [{"text": "b", "fraction": 1}]}]})
    g = compile(blanks)
    answers = [{"1": "a", "2": "b"}, {"1": "a"}, {"2": "b"}, {"1": "x", "2": "b"}, {"1": "A" * 300, "2": "b"},
               {"1": "a", "2": "b"}]
    assert [g({"blanks": a}).fraction for a in answers] == [1.0, 0.5, 0.5, 0.5, 0.5, 1.0]


# The right answer --------------------------------------------------------------------------

def every_type():
    return [
        normalise_question({"qtype": "single", "text": "Capital?", "options": [
            {"text": "Shanghai", "fraction": 0}, {"text": "China's <b>Beijing</b>", "fraction": 1}]}),
        normalise_question({"qtype": "multiple", "text": "x", "options": [
            {"text": "No one", "fraction": -0.5}, {"text": "Grant", "fraction": 0.5},
            {"text": "Grant's wife", "fraction": 0.5}]}),
        normalise_question({"qtype": "truefalse", "text": "x", "answer": False}),
        normalise_question({"qtype": "short", "text": "x", "answers": [
            {"text": "*grant*", "fraction": 1}, {"text": "no one", "fraction": 1}]}),
        normalise_question({"qtype": "numerical", "text": "x", "answers": [
            {"value": None, "fraction": 0}, {"value": 1822, "tolerance": 2, "fraction": 1}]}),
        normalise_question({"qtype": "matching", "text": "x", "pairs": [
            {"text": "China", "answer": "Beijing"}, {"text": "Japan", "answer": "Tokyo & Kyoto"},
            {"text": "", "answer": "Paris"}]}),
        normalise_question({"qtype": "ordering", "text": "x", "items": [{"text": "a"}, {"text": "b"}]}),
        normalise_question({"qtype": "blanks", "text": "[[1]] and [[2]]", "blanks": [
            {"id": "1", "answers": [{"text": "Caesar*", "fraction": 1}]},
            {"id": "2", "answers": [{"text": "x", "fraction": 0.5}, {"text": "<y>", "fraction": 1}]}]}),
    ]


@pytest.mark.parametrize("q", every_type(), ids=lambda q: q["qtype"])
def test_the_right_answer_grades_right(q):
    correct, summary = right_answer(q)
    assert grade(q, correct) == Outcome(1.0, "right", grade(q, correct).feedback)
    assert summary.startswith("The right ")
    json.dumps(correct)


def test_right_answer_statements():
    single, multiple, truefalse, short, numerical, matching, ordering, blanks = every_type()
    assert right_answer(single) == ({"choice": single["options"][1]["id"]},
                                    "The right answer is: China's <b>Beijing</b>")
    assert right_answer(multiple) == ({"choices": [o["id"] for o in multiple["options"][1:]]},
                                      "The right answers are: Grant, Grant's wife")
    assert right_answer(truefalse) == ({"value": False}, "The right answer is “False”.")
    assert right_answer(short) == ({"text": "no one"}, "The right answer is: no one")
    assert right_answer(numerical) == ({"value": "1822"}, "The right answer is: 1822 ± 2")
    correct, summary = right_answer(matching)
    assert correct == {"pairs": {matching["pairs"][0]["id"]: choice_id("Beijing"),
                                 matching["pairs"][1]["id"]: choice_id("Tokyo & Kyoto")}}
    assert summary == "The right answer is: China → Beijing, Japan → Tokyo &amp; Kyoto"
    assert right_answer(ordering) == ({"order": [i["id"] for i in ordering["items"]]},
                                      "The right order is: <ol><li>a</li><li>b</li></ol>")
    assert right_answer(blanks) == ({"blanks": {"1": "Caesar", "2": "<y>"}},
                                    "The right answers are: [1] Caesar, [2] &lt;y&gt;")


def test_right_answer_of_a_wildcard_only_short_answer_drops_the_wildcards():
    q = normalise_question({"qtype": "short", "text": "x", "answers": [{"text": "*grant*", "fraction": 1}]})
    assert right_answer(q)[0] == {"text": "grant"}


def test_numerical_right_answer_without_tolerance_and_with_decimals():
    q = normalise_question({"qtype": "numerical", "text": "x", "answers": [
        {"value": 3.14159, "fraction": 1}]})
    assert right_answer(q) == ({"value": "3.14159"}, "The right answer is: 3.14159")
    assert grade(q, right_answer(q)[0]).state == "right"


def test_essay_and_description_have_no_right_answer():
    essay = normalise_question({"qtype": "essay", "text": "Discuss.", "grader_info": "SECRET NOTES"})
    assert right_answer(essay) == (None, "")
    assert right_answer(normalise_question({"qtype": "description", "text": "Read."})) == (None, "")


# Speed -------------------------------------------------------------------------------------

def test_grading_many_responses_is_fast(tomb, born, grant):
    graders = [(compile(tomb), {"text": "Ulysses Grant"}), (compile(born), {"value": "1821"}),
               (compile(grant), {"choices": ids(grant)[1:3]})]
    started = time.perf_counter()
    for _ in range(20_000):
        for g, response in graders:
            g(response)
    assert time.perf_counter() - started < 2.0  # 60,000 responses; about 0.1 s on a laptop


def test_wildcard_pattern_is_moodles():
    assert grading._WILDCARD.split("a**b\\*c*") == ["a", "b\\*c", ""]
