"""Questions: the data contract checked and completed, per-attempt layouts, what a trainee sees
before review (never the answer), rendering and response shapes."""

import copy
import hashlib
import json
import random
import re

import pytest

from lms.quizzes import questions, validation
from lms.quizzes.questions import (
    QuestionError,
    ResponseError,
    choice_id,
    layout,
    normalise_answer_text,
    normalise_question,
    present,
    render,
    validate_response,
)

SECRET_FEEDBACK = "SECRET-FEEDBACK"
SECRET_GRADER = "SECRET-GRADER-NOTES"


def raw(qtype):
    """A valid importer-style question of each type, without ids, its feedback marked secret."""
    fb = SECRET_FEEDBACK
    return {
        "single": {"qtype": "single", "text": "Capital of China?", "options": [
            {"text": "Beijing", "fraction": 1, "feedback": fb + "1"},
            {"text": "Shanghai", "fraction": -0.5, "feedback": fb + "2"},
            {"text": "Xi'an", "fraction": 0, "feedback": ""}]},
        "multiple": {"qtype": "multiple", "text": "Who is buried in Grant's tomb?", "options": [
            {"text": "No one", "fraction": -0.5, "feedback": fb + "1"},
            {"text": "Grant", "fraction": 0.5, "feedback": fb + "2"},
            {"text": "Grant's wife", "fraction": 0.5, "feedback": fb + "3"},
            {"text": "Grant's father", "fraction": -0.5, "feedback": fb + "4"}]},
        "truefalse": {"qtype": "truefalse", "text": "The sun rises in the east.", "answer": True,
                      "feedback_true": fb + "T", "feedback_false": fb + "F"},
        "short": {"qtype": "short", "text": "Who's buried in Grant's tomb?", "answers": [
            {"text": "no one", "fraction": 1.0, "feedback": fb + "1"},
            {"text": "nobody", "fraction": 0.75, "feedback": fb + "2"}]},
        "numerical": {"qtype": "numerical", "text": "When was Ulysses S. Grant born?", "answers": [
            {"value": 1822, "tolerance": 0, "fraction": 1, "feedback": fb + "1"},
            {"value": 1822, "tolerance": 2, "fraction": 0.5, "feedback": fb + "2"}]},
        "matching": {"qtype": "matching", "text": "Match the capitals.", "pairs": [
            {"text": "China", "answer": "Beijing"}, {"text": "Japan", "answer": "Tokyo"},
            {"text": "France", "answer": "Paris"}, {"text": "", "answer": "Berlin"}]},
        "ordering": {"qtype": "ordering", "text": "Put in order of size.", "items": [
            {"text": "mouse"}, {"text": "cat"}, {"text": "dog"}, {"text": "horse"}, {"text": "whale"}]},
        "blanks": {"qtype": "blanks", "text": "[[1]] crossed the [[2]].", "blanks": [
            {"id": "1", "answers": [{"text": "Caesar", "fraction": 1, "feedback": fb + "1"}]},
            {"id": "2", "answers": [{"text": "Rubicon", "fraction": 1, "feedback": fb + "2"}]}]},
        "essay": {"qtype": "essay", "text": "Discuss.", "min_words": 10, "max_words": 200,
                  "grader_info": SECRET_GRADER, "response_template": "I think"},
        "description": {"qtype": "description", "text": "Read the following."},
    }[qtype]


def question(qtype, **changes):
    return normalise_question({**raw(qtype), **changes})


def problems(q):
    with pytest.raises(QuestionError) as caught:
        normalise_question(q)
    return [str(message) for message in caught.value.messages]


ALL_TYPES = list(validation.QTYPES)


# Normalising -------------------------------------------------------------------------------

@pytest.mark.parametrize("qtype", ALL_TYPES)
def test_every_type_normalises_to_a_new_dict_and_again_unchanged(qtype):
    source = raw(qtype)
    before = copy.deepcopy(source)
    q = normalise_question(source)
    assert source == before
    assert q is not source
    assert q["format"] == "moodle" and q["general_feedback"] == ""
    assert normalise_question(q) == q  # a normalised question is a fixed point
    json.dumps(q)


def test_defaults_are_filled():
    single = question("single")
    assert single["default_mark"] == 1.0 and single["shuffle"] is True
    assert single["options"][2]["feedback"] == ""
    assert isinstance(single["options"][0]["fraction"], float)
    short = question("short")
    assert short["case_sensitive"] is False
    assert question("matching")["shuffle"] is True
    essay = question("essay", min_words=None, max_words=None)
    assert essay["min_words"] is None and essay["grader_info"] == SECRET_GRADER
    assert question("truefalse", feedback_true=None)["feedback_true"] == ""
    numerical = normalise_question({"qtype": "numerical", "text": "x", "answers": [
        {"value": 3, "fraction": 1}]})["answers"][0]
    assert numerical == {"value": 3.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""}
    assert isinstance(numerical["value"], float)


def test_description_is_worth_nothing_whatever_the_source_says():
    assert question("description")["default_mark"] == 0.0
    assert question("description", default_mark=5)["default_mark"] == 0.0
    assert question("single", default_mark=3)["default_mark"] == 3.0


def test_unknown_keys_go_and_name_category_line_stay():
    q = question("single", name="Capitals", category="Geography", line=12, colour="red", hint="x")
    assert q["name"] == "Capitals" and q["category"] == "Geography" and q["line"] == 12
    assert "colour" not in q and "hint" not in q
    assert "colour" not in q["options"][0]
    extra = [{**option, "extra": 1} for option in raw("single")["options"]]
    q = normalise_question({**raw("single"), "options": extra})
    assert all(set(o) == {"id", "text", "fraction", "feedback"} for o in q["options"])


def test_a_missing_name_is_the_start_of_the_text_without_tags():
    q = question("single", name="", text="<p>What is the <b>capital</b> of China?</p>" + "x" * 80)
    assert q["name"] == "What is the capital of China?" + "x" * 31
    assert len(q["name"]) == 60
    assert question("essay")["name"] == "Discuss."


@pytest.mark.parametrize(("qtype", "key"), [("single", "options"), ("multiple", "options"),
                                            ("matching", "pairs"), ("ordering", "items")])
def test_missing_ids_are_assigned_unique_and_given_ones_kept(qtype, key):
    q = question(qtype)
    ids = [entry["id"] for entry in q[key]]
    assert all(re.fullmatch(r"[0-9a-f]{8}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    entries = copy.deepcopy(raw(qtype)[key])
    entries[0]["id"] = "mine"
    kept = normalise_question({**raw(qtype), key: entries})[key]
    assert kept[0]["id"] == "mine"
    assert len({entry["id"] for entry in kept}) == len(kept)


def test_fresh_ids_never_collide(monkeypatch):
    fresh = iter(["aaaa0000", "aaaa0000", "given123", "bbbb1111", "cccc2222"])
    monkeypatch.setattr(validation.secrets, "token_hex", lambda n: next(fresh))
    options = copy.deepcopy(raw("single")["options"])
    options[2]["id"] = "given123"
    q = normalise_question({**raw("single"), "options": options})
    assert [o["id"] for o in q["options"]] == ["aaaa0000", "bbbb1111", "given123"]


def test_bad_and_duplicate_ids_are_refused():
    options = copy.deepcopy(raw("single")["options"])
    options[0]["id"] = options[1]["id"] = "same"
    options[2]["id"] = 7
    found = problems({**raw("single"), "options": options})
    assert any("“same” is used twice" in p for p in found)
    assert any("Option 3: the id must be text" in p for p in found)


def test_every_problem_is_listed_at_once():
    found = problems({"qtype": "single", "text": "", "format": "rtf", "default_mark": -1, "options": [
        {"text": "", "fraction": -2}, {"text": "b", "fraction": "x"}]})
    assert len(found) >= 6
    assert any("the text is empty" in p for p in found)
    assert any("“rtf” is not a text format" in p for p in found)
    assert any("default mark" in p for p in found)
    assert any("Option 1: the grade -200% is not between -100% and 100%" in p for p in found)
    assert any("Option 2: the grade is missing or not a number" in p for p in found)
    assert any("no option is worth 100%" in p for p in found)


def test_messages_are_translatable_frames():
    with pytest.raises(QuestionError) as caught:
        normalise_question({**raw("single"), "text": ""})
    message = caught.value.messages[0]
    assert message.text == "%(where)s: the text is empty."
    assert "the text is empty" in str(caught.value)


BROKEN = [
    ("not a dict", ["a"], "a question must be an object"),
    ("unknown type", {"qtype": "cloze", "text": "x"}, "“cloze” is not a question type"),
    ("no type", {"text": "x"}, "“None” is not a question type"),
    ("empty text", {**raw("essay"), "text": "  "}, "the text is empty"),
    ("text not text", {**raw("essay"), "text": 5}, "“text” must be text"),
    ("text too long", {**raw("essay"), "text": "x" * 20_001}, "longer than 20000 characters"),
    ("name too long", {**raw("essay"), "name": "x" * 256}, "longer than 255 characters"),
    ("feedback not text", {**raw("essay"), "general_feedback": ["x"]}, "“general_feedback” must be text"),
    ("bad format", {**raw("essay"), "format": "rtf"}, "not a text format"),
    ("negative mark", {**raw("essay"), "default_mark": -1}, "default mark must be a number of 0 or more"),
    ("mark not a number", {**raw("essay"), "default_mark": "1"}, "default mark must be a number"),
    ("mark infinite", {**raw("essay"), "default_mark": float("inf")}, "default mark must be a number"),
    ("mark a bool", {**raw("essay"), "default_mark": True}, "default mark must be a number"),
    # single / multiple
    ("single without options", {**raw("single"), "options": None}, "“options” must be a list of objects"),
    ("single one option", {**raw("single"), "options": [{"text": "a", "fraction": 1}]},
     "“options” needs at least 2, it has 1"),
    ("single no 100%", {**raw("single"), "options": [{"text": "a", "fraction": 0.5},
                                                     {"text": "b", "fraction": 0}]},
     "no option is worth 100%"),
    ("option text empty", {**raw("single"), "options": [{"text": "", "fraction": 1},
                                                        {"text": "b", "fraction": 0}]},
     "Option 1: the text is empty"),
    ("option without fraction", {**raw("single"), "options": [{"text": "a"}, {"text": "b", "fraction": 1}]},
     "Option 1: the grade is missing or not a number"),
    ("option fraction below -1", {**raw("single"), "options": [{"text": "a", "fraction": 1},
                                                               {"text": "b", "fraction": -1.5}]},
     "Option 2: the grade -150% is not between -100% and 100%"),
    ("too many options", {**raw("single"), "options": [{"text": str(i), "fraction": 1} for i in range(101)]},
     "may have at most 100, it has 101"),
    ("options not objects", {**raw("single"), "options": ["a", "b"]}, "must be a list of objects"),
    ("shuffle not a bool", {**raw("single"), "shuffle": "yes"}, "“shuffle” must be true or false"),
    ("multiple adds to 90%", {**raw("multiple"), "options": [{"text": "a", "fraction": 0.5},
                                                             {"text": "b", "fraction": 0.4}]},
     "the positive grades add up to 90%, not 100%"),
    ("multiple adds to 150%", {**raw("multiple"), "options": [{"text": "a", "fraction": 1},
                                                              {"text": "b", "fraction": 0.5}]},
     "add up to 150%"),
    # truefalse
    ("truefalse without answer", {"qtype": "truefalse", "text": "x"}, "the answer must be true or false"),
    ("truefalse answer text", {"qtype": "truefalse", "text": "x", "answer": "T"}, "must be true or false"),
    # short
    ("short without answers", {"qtype": "short", "text": "x"}, "“answers” must be a list of objects"),
    ("short empty answers", {"qtype": "short", "text": "x", "answers": []}, "needs at least 1, it has 0"),
    ("short no 100%", {"qtype": "short", "text": "x", "answers": [{"text": "a", "fraction": 0.5}]},
     "one answer must be worth 100%"),
    ("short negative", {"qtype": "short", "text": "x", "answers": [{"text": "a", "fraction": 1},
                                                                   {"text": "b", "fraction": -0.5}]},
     "Answer 2: the grade -50% is not between 0% and 100%"),
    ("short blank answer", {"qtype": "short", "text": "x", "answers": [{"text": " ", "fraction": 1}]},
     "Answer 1: the text is empty"),
    ("case_sensitive not a bool", {**raw("short"), "case_sensitive": 1},
     "“case_sensitive” must be true or false"),
    # numerical
    ("numerical no 100%", {"qtype": "numerical", "text": "x", "answers": [
        {"value": 1, "fraction": 0.5}, {"value": None, "fraction": 1}]}, "one answer must be worth 100%"),
    ("numerical value text", {"qtype": "numerical", "text": "x", "answers": [{"value": "1", "fraction": 1}]},
     "Answer 1: the value must be a number"),
    ("numerical value missing", {"qtype": "numerical", "text": "x", "answers": [{"fraction": 1}]},
     "the value must be a number"),
    ("numerical value nan", {"qtype": "numerical", "text": "x", "answers": [
        {"value": float("nan"), "fraction": 1}]}, "the value must be a number"),
    ("numerical negative tolerance", {"qtype": "numerical", "text": "x", "answers": [
        {"value": 1, "tolerance": -1, "fraction": 1}]}, "the tolerance must be a number of 0 or more"),
    ("numerical two catch-alls", {"qtype": "numerical", "text": "x", "answers": [
        {"value": 1, "fraction": 1}, {"value": None, "fraction": 0}, {"value": None, "fraction": 0}]},
     "only one answer may match any other number"),
    # matching
    ("matching one stem", {"qtype": "matching", "text": "x", "pairs": [
        {"text": "a", "answer": "1"}, {"text": "", "answer": "2"}]},
     "at least 2 pairs need a question, there are 1"),
    ("matching answer missing", {"qtype": "matching", "text": "x", "pairs": [
        {"text": "a", "answer": "1"}, {"text": "b"}]}, "Pair 2: the text is empty"),
    ("matching no pairs", {"qtype": "matching", "text": "x"}, "“pairs” must be a list of objects"),
    # ordering
    ("ordering one item", {"qtype": "ordering", "text": "x", "items": [{"text": "a"}]}, "needs at least 2"),
    ("ordering same texts", {"qtype": "ordering", "text": "x", "items": [{"text": "a"}, {"text": "a"}]},
     "two items have the same text"),
    ("ordering empty item", {"qtype": "ordering", "text": "x", "items": [{"text": "a"}, {"text": ""}]},
     "Item 2: the text is empty"),
    # blanks
    ("blanks marker without blank", {**raw("blanks"), "text": "[[1]] [[2]] [[3]]"},
     "the marker [[3]] has no blank"),
    ("blanks blank without marker", {**raw("blanks"), "text": "[[1]] only"},
     "blank 2 has no [[2]] marker in the text"),
    ("blanks marker twice", {**raw("blanks"), "text": "[[1]] [[2]] [[1]]"},
     "the marker [[1]] appears more than once"),
    ("blanks bad id", {**raw("blanks"), "blanks": [{"id": "a", "answers": [{"text": "x", "fraction": 1}]}]},
     "blank 1 needs its own marker number as its id"),
    ("blanks duplicate id", {**raw("blanks"), "blanks": [raw("blanks")["blanks"][0]] * 2},
     "blank 2 needs its own marker number as its id"),
    ("blanks no 100%", {**raw("blanks"), "blanks": [
        {"id": "1", "answers": [{"text": "x", "fraction": 0.5}]}, raw("blanks")["blanks"][1]]},
     "Blank 1: one answer must be worth 100%"),
    ("blanks answer grade", {**raw("blanks"), "blanks": [
        {"id": "1", "answers": [{"text": "x", "fraction": 1}, {"text": "y", "fraction": 3}]},
        raw("blanks")["blanks"][1]]}, "Blank 1, answer 2: the grade 300% is not between 0% and 100%"),
    ("blanks none", {"qtype": "blanks", "text": "no markers", "blanks": []}, "needs at least 1, it has 0"),
    # essay
    ("essay min above max", {**raw("essay"), "min_words": 300, "max_words": 200},
     "the minimum of 300 words is above the maximum of 200"),
    ("essay negative", {**raw("essay"), "min_words": -1},
     "“min_words” must be a whole number from 0 to 100000"),
    ("essay bool", {**raw("essay"), "max_words": True}, "“max_words” must be a whole number"),
    ("essay fraction of a word", {**raw("essay"), "max_words": 2.5}, "“max_words” must be a whole number"),
    ("essay zero max", {**raw("essay"), "min_words": None, "max_words": 0},
     "the word limit must be at least 1"),
    ("essay huge", {**raw("essay"), "max_words": 10**6}, "“max_words” must be a whole number"),
    ("essay grader info not text", {**raw("essay"), "grader_info": 3}, "“grader_info” must be text"),
    ("description without text", {"qtype": "description"}, "the text is empty"),
]


@pytest.mark.parametrize(("source", "expected"), [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_broken_questions_are_refused_with_the_reason(source, expected):
    found = problems(source)
    assert any(expected in p for p in found), found


def test_multiple_allows_a_hundredth_of_rounding():
    thirds = [{"text": str(i), "fraction": 0.3333} for i in range(3)]
    assert len(normalise_question({**raw("multiple"), "options": thirds})["options"]) == 3


def test_essay_word_limits_may_be_whole_floats():
    q = question("essay", min_words=5.0, max_words=None)
    assert q["min_words"] == 5 and isinstance(q["min_words"], int)


def test_blanks_take_numbers_as_ids_and_come_in_text_order():
    q = question("blanks", text="[[2]] then [[1]]", blanks=[
        {"id": 1, "answers": [{"text": "a", "fraction": 1}]},
        {"id": 2, "answers": [{"text": "b", "fraction": 1}]}])
    assert [b["id"] for b in q["blanks"]] == ["2", "1"]
    assert q["blanks"][0]["case_sensitive"] is False


def test_matching_whitespace_stem_is_a_distractor():
    q = question("matching", pairs=[*raw("matching")["pairs"], {"text": "  ", "answer": "Rome"}])
    assert q["pairs"][-1]["text"] == ""


# Ids and typed answers ---------------------------------------------------------------------

def test_choice_id_is_the_sha1_of_the_text_as_written():
    assert choice_id("Beijing") == hashlib.sha1(b"Beijing").hexdigest()[:10]
    assert len(choice_id("x")) == 10
    assert choice_id("Beijing") != choice_id("Beijing ")
    assert choice_id("北京") == choice_id("北京")


def test_typed_answers_are_compared_normalised():
    assert normalise_answer_text("ＮＯ　ＯＮＥ", False) == "no one"
    assert normalise_answer_text("  No \t\n one ", False) == "no one"
    assert normalise_answer_text("  No   One ", True) == "No One"
    assert normalise_answer_text("Straße", False) == "strasse"
    assert normalise_answer_text("１２３", True) == "123"


# Layout ------------------------------------------------------------------------------------

def test_choice_layouts_are_deterministic_by_seed_and_shuffle_when_allowed():
    q = question("multiple")
    ids = [o["id"] for o in q["options"]]
    first = layout(q, random.Random(7), True)
    assert first == layout(q, random.Random(7), True)
    assert sorted(first["options"]) == sorted(ids)
    seen = {tuple(layout(q, random.Random(seed), True)["options"]) for seed in range(40)}
    assert len(seen) > 5
    assert layout(q, random.Random(7), False) == {"options": ids}
    unshuffled = question("single", shuffle=False)
    assert layout(unshuffled, random.Random(3), True) == {"options": [o["id"] for o in unshuffled["options"]]}
    json.dumps(first)


def test_ordering_is_always_shuffled_and_never_starts_right():
    for size in (2, 3, 5):
        q = question("ordering", items=[{"text": f"item {i}"} for i in range(size)])
        right = [item["id"] for item in q["items"]]
        orders = {tuple(layout(q, random.Random(seed), False)["items"]) for seed in range(200)}
        assert tuple(right) not in orders
        assert all(sorted(order) == sorted(right) for order in orders)
        assert len(orders) == (1 if size == 2 else 5 if size == 3 else len(orders))
    q = question("ordering")
    assert layout(q, random.Random(1), True) == layout(q, random.Random(1), True)


def test_ordering_last_resort_never_gives_the_order(monkeypatch):
    class Lazy(random.Random):
        def shuffle(self, values):  # a shuffle that never moves anything
            pass
    q = question("ordering")
    right = [item["id"] for item in q["items"]]
    assert layout(q, Lazy(), True)["items"] == right[::-1]


def test_matching_choices_always_shuffled_and_never_in_the_stems_order():
    q = question("matching", shuffle=False)
    stems = [p["id"] for p in q["pairs"] if p["text"]]
    answers = [choice_id(p["answer"]) for p in q["pairs"] if p["text"]]
    for seed in range(200):
        arranged = layout(q, random.Random(seed), True)
        assert arranged["stems"] == stems
        assert sorted(arranged["choices"]) == sorted(choice_id(p["answer"]) for p in q["pairs"])
        assert [c for c in arranged["choices"] if c in answers] != answers
    shuffled = question("matching")
    orders = {tuple(layout(shuffled, random.Random(seed), True)["stems"]) for seed in range(30)}
    assert len(orders) > 1
    assert {tuple(layout(shuffled, random.Random(s), False)["stems"]) for s in range(10)} == {
        tuple(p["id"] for p in shuffled["pairs"] if p["text"])}


def test_matching_with_one_distinct_answer_needs_no_hiding():
    q = question("matching", pairs=[{"text": "a", "answer": "same"}, {"text": "b", "answer": "same"}])
    assert layout(q, random.Random(0), True)["choices"] == [choice_id("same")]


@pytest.mark.parametrize("qtype", ["truefalse", "short", "numerical", "blanks", "essay", "description"])
def test_other_types_have_no_layout(qtype):
    assert layout(question(qtype), random.Random(0), True) == {}


# Presentation -----------------------------------------------------------------------------

# Everything present() must never show: grades, feedback, grader notes, answer keys.
NEVER_SHOWN = [SECRET_FEEDBACK, SECRET_GRADER, "fraction", "feedback", "grader_info", "answer", "tolerance",
               "case_sensitive"]


@pytest.mark.parametrize("qtype", ALL_TYPES)
def test_present_never_leaks_grades_feedback_or_notes(qtype):
    q = question(qtype, general_feedback="GENERAL-" + SECRET_FEEDBACK)
    for seed in range(20):
        seen = present(q, layout(q, random.Random(seed), True))
        dumped = json.dumps(seen)
        for secret in NEVER_SHOWN:
            assert secret not in dumped, (secret, dumped)
        assert seen["qtype"] == qtype and seen["mark"] == q["default_mark"]
        assert set(seen) <= {"qtype", "text", "mark", "options", "stems", "choices", "items", "blanks",
                             "min_words", "max_words", "response_template"}


def test_present_never_leaks_the_order_or_the_matching():
    q = question("ordering")
    right = [item["id"] for item in q["items"]]
    for seed in range(50):
        seen = present(q, layout(q, random.Random(seed), True))
        assert [item["id"] for item in seen["items"]] != right
    # Without a layout (or with one from another version) a fresh, still shuffled order is used.
    assert [item["id"] for item in present(q, None)["items"]] != right
    assert [item["id"] for item in present(q, {"items": ["gone", *right[1:]]})["items"]] != right
    assert [item["id"] for item in present(q, {"items": right[:2]})["items"]] != right
    matching = question("matching", shuffle=False)
    answers = [choice_id(p["answer"]) for p in matching["pairs"] if p["text"]]
    seen = present(matching, None)
    assert [c["id"] for c in seen["choices"] if c["id"] in answers] != answers


def test_present_shows_choices_in_the_layout_order():
    q = question("single")
    arranged = layout(q, random.Random(5), True)
    seen = present(q, arranged)
    assert [o["id"] for o in seen["options"]] == arranged["options"]
    by_id = {o["id"]: o["text"] for o in q["options"]}
    assert [o["html"] for o in seen["options"]] == [by_id[i] for i in arranged["options"]]
    assert seen["text"] == "Capital of China?"


def test_present_matching_shows_stems_and_plain_choices():
    q = question("matching", pairs=[{"text": "<b>China</b>", "answer": "<i>Beijing</i>"},
                                    {"text": "Japan", "answer": "Tokyo"}, {"text": "", "answer": "Paris"}])
    arranged = layout(q, random.Random(1), True)
    seen = present(q, arranged)
    assert [s["id"] for s in seen["stems"]] == arranged["stems"]
    assert [c["id"] for c in seen["choices"]] == arranged["choices"]
    assert {c["html"] for c in seen["choices"]} == {"&lt;i&gt;Beijing&lt;/i&gt;", "Tokyo", "Paris"}
    assert "<b>China</b>" in {s["html"] for s in seen["stems"]}
    assert len(seen["stems"]) == 2 and len(seen["choices"]) == 3


def test_present_blanks_essay_description():
    seen = present(question("blanks"), {})
    assert seen["blanks"] == [{"id": "1"}, {"id": "2"}]
    assert seen["text"] == ('<span class="blank" data-blank="1"></span> crossed the '
                            '<span class="blank" data-blank="2"></span>.')
    essay = present(question("essay"), {})
    assert (essay["min_words"], essay["max_words"], essay["response_template"]) == (10, 200, "I think")
    assert present(question("description"), {}) == {"qtype": "description", "text": "Read the following.",
                                                      "mark": 0.0}
    assert present(question("truefalse"), {}) == {"qtype": "truefalse", "text": "The sun rises in the east.",
                                                  "mark": 1.0}


# Rendering --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["moodle", "html"])
def test_render_strips_scripts_handlers_and_javascript_links(fmt):
    out = render('<script>alert(1)</script><style>p{color:red}</style><b onclick="steal()">bold</b>'
                 '<a href="javascript:alert(1)">js</a><a href="JaVaScRiPt:alert(1)">js2</a>'
                 '<img src="x.png" onerror="steal()"><img src="data:image/png;base64,AAAA">'
                 '<iframe src="https://evil.example"></iframe><svg onload="steal()"></svg>'
                 '<form action="/x"><input name="p"></form>', fmt)
    for bad in ("<script", "alert", "<style", "color:red", "onclick", "onerror", "onload", "steal",
                "javascript", "JaVaScRiPt", "data:", "<iframe", "<svg", "<form", "<input"):
        assert bad not in out, (bad, out)
    assert "<b>bold</b>" in out and '<img src="x.png">' in out


def test_render_markdown_drops_dangerous_links_and_escapes_html():
    out = render('[js](javascript:alert(2)) ![i](data:image/png;base64,AAAA) <script>x</script> '
                 '<b onclick="steal()">b</b> [ok](https://example.org)', "markdown")
    assert 'href="javascript' not in out and "data:" not in out
    assert "<script" not in out and "<b" not in out and "&lt;script&gt;" in out
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in out


def test_render_keeps_formatting_tables_images_and_safe_links():
    out = render('<p><strong>a</strong> <em>b</em></p><table><tr><td colspan="2">c</td></tr></table>'
                 '<img src="/media/x.png" alt="X" width="10" height="20" style="x">'
                 '<a href="https://example.org" target="_blank">link</a>', "html")
    assert "<strong>a</strong>" in out and "<em>b</em>" in out
    assert '<td colspan="2">c</td>' in out
    assert '<img src="/media/x.png" alt="X" width="10" height="20">' in out
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in out


def test_render_moodle_keeps_line_breaks_unless_laid_out_with_html():
    assert render("one\ntwo", "moodle") == "one<br>two"
    assert render("one\r\ntwo <b>b</b>", "moodle") == "one<br>two <b>b</b>"
    assert render("<p>one\ntwo</p>", "moodle") == "<p>one\ntwo</p>"
    assert render("one\ntwo", "html") == "one\ntwo"


def test_render_markdown_with_tables_and_without_raw_html():
    out = render("# Title\n\n*it* **bold**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<b>raw</b>", "markdown")
    assert "<h1>Title</h1>" in out and "<em>it</em>" in out and "<strong>bold</strong>" in out
    assert "<table>" in out and "<td>1</td>" in out
    assert "&lt;b&gt;raw&lt;/b&gt;" in out


def test_render_plain_escapes_and_breaks_lines():
    assert render("a < b & <i>c</i>\nd", "plain") == "a &lt; b &amp; &lt;i&gt;c&lt;/i&gt;<br>d"


def test_render_unknown_format_is_a_bug():
    with pytest.raises(ValueError):
        render("x", "rtf")


@pytest.mark.parametrize("fmt", ["moodle", "html", "markdown", "plain"])
def test_render_blank_markers_become_placeholders_in_every_format(fmt):
    out = render("Fill [[1]] and [[12]].", fmt, blanks=True)
    assert '<span class="blank" data-blank="1"></span>' in out
    assert '<span class="blank" data-blank="12"></span>' in out
    assert "[[1]]" in render("Fill [[1]].", fmt)


def test_render_blanks_allow_only_the_placeholders():
    out = render('[[1]] <span class="blank evil" data-blank="9" onclick="x">a</span>'
                 '<span class="blank">b</span><div data-blank="3">c</div>', "html", blanks=True)
    assert out.count('class="blank"') == 1 and out.count("data-blank") == 1
    assert "onclick" not in out and "evil" not in out
    assert "data-blank" not in render('<span class="blank" data-blank="1"></span>', "html")
    # A marker inside an attribute cannot break out of it.
    out = render('<img alt="[[1]]" src="x.png"> [[1]]', "html", blanks=True)
    assert "onerror" not in out and out.count('data-blank="1"') == 1


# Responses --------------------------------------------------------------------------------

def refused(q, response, arranged=None):
    with pytest.raises(ResponseError) as caught:
        validate_response(q, arranged, response)
    return str(caught.value.message)


@pytest.mark.parametrize("qtype", [t for t in ALL_TYPES if t != "description"])
@pytest.mark.parametrize("empty", [None, {}])
def test_empty_responses_are_unanswered(qtype, empty):
    assert validate_response(question(qtype), None, empty) is None


@pytest.mark.parametrize(("qtype", "response"), [
    ("single", {"choice": None}), ("multiple", {"choices": []}), ("multiple", {"choices": None}),
    ("truefalse", {"value": None}), ("short", {"text": ""}), ("short", {"text": "  \n"}),
    ("numerical", {"value": ""}), ("matching", {"pairs": {}}), ("ordering", {"order": None}),
    ("blanks", {"blanks": {}}), ("blanks", {"blanks": {"1": "", "2": None}}), ("essay", {"text": " "}),
])
def test_blank_answers_are_unanswered(qtype, response):
    assert validate_response(question(qtype), None, response) is None


def test_choice_responses_are_cleaned():
    q = question("multiple")
    ids = [o["id"] for o in q["options"]]
    assert validate_response(q, None, {"choices": [ids[1], ids[2], ids[1]]}) == {"choices": [ids[1], ids[2]]}
    single = question("single")
    assert validate_response(single, layout(single, random.Random(1), True),
                             {"choice": single["options"][0]["id"]}) == {"choice": single["options"][0]["id"]}
    assert "not an option" in refused(single, {"choice": "nope"})
    assert "not an option" in refused(q, {"choices": [ids[0], "nope"]})
    assert "list of option ids" in refused(q, {"choices": ids[0]})
    assert "an option id" in refused(single, {"choice": 3})
    assert "an option id" in refused(single, {"choice": [single["options"][0]["id"]]})
    assert "not an option" in refused(single, {"choice": single["options"][0]["id"]}, {"options": ["other"]})


def test_typed_responses_are_cleaned():
    assert validate_response(question("truefalse"), None, {"value": False}) == {"value": False}
    assert "true or false" in refused(question("truefalse"), {"value": "true"})
    assert validate_response(question("short"), None, {"text": " no one "}) == {"text": " no one "}
    assert "must be text" in refused(question("short"), {"text": 3})
    assert "longer than 10000" in refused(question("short"), {"text": "x" * 10_001})
    assert validate_response(question("numerical"), None, {"value": "1822"}) == {"value": "1822"}
    assert validate_response(question("numerical"), None, {"value": 1822}) == {"value": "1822"}
    assert validate_response(question("numerical"), None, {"value": 18.5}) == {"value": "18.5"}
    assert "must be text" in refused(question("numerical"), {"value": True})
    assert "must be text" in refused(question("numerical"), {"value": ["1"]})
    essay = question("essay")
    assert validate_response(essay, None, {"text": "x" * 50_000}) == {"text": "x" * 50_000}
    assert "longer than 50000" in refused(essay, {"text": "x" * 50_001})


def test_matching_responses_are_cleaned():
    q = question("matching")
    stems = [p["id"] for p in q["pairs"] if p["text"]]
    paris, berlin = choice_id("Paris"), choice_id("Berlin")
    assert validate_response(q, None, {"pairs": {stems[0]: berlin, stems[1]: None}}) == {
        "pairs": {stems[0]: berlin}}
    assert validate_response(q, layout(q, random.Random(0), True), {"pairs": {stems[2]: paris}}) == {
        "pairs": {stems[2]: paris}}
    distractor = q["pairs"][3]["id"]
    assert "not a stem" in refused(q, {"pairs": {distractor: paris}})
    assert "not a stem" in refused(q, {"pairs": {"nope": paris}})
    assert "not a choice" in refused(q, {"pairs": {stems[0]: "Paris"}})
    assert "not a choice" in refused(q, {"pairs": {stems[0]: 5}})
    assert "map the question's stems" in refused(q, {"pairs": [stems[0], paris]})


def test_ordering_responses_must_be_permutations():
    q = question("ordering")
    ids = [item["id"] for item in q["items"]]
    assert validate_response(q, None, {"order": ids[::-1]}) == {"order": ids[::-1]}
    for bad in (ids[:-1], [*ids, ids[0]], [*ids[:-1], ids[0]], [*ids[:-1], "nope"], "abc", {"a": 1},
                [[ids[0]], *ids[1:]]):
        assert "every item" in refused(q, {"order": bad})


def test_blanks_responses_are_cleaned():
    q = question("blanks")
    assert validate_response(q, None, {"blanks": {"1": "Caesar", "2": " "}}) == {"blanks": {"1": "Caesar"}}
    assert "not a blank" in refused(q, {"blanks": {"3": "x"}})
    assert "must be text" in refused(q, {"blanks": {"1": 3}})
    assert "longer than 10000" in refused(q, {"blanks": {"1": "x" * 10_001}})
    assert "map the blanks" in refused(q, {"blanks": ["Caesar"]})


def test_shapes_are_refused():
    q = question("single")
    assert "must be an object" in refused(q, ["a"])
    assert "one key “choice”" in refused(q, {"choices": [q["options"][0]["id"]]})
    assert "one key “choice”" in refused(q, {"choice": q["options"][0]["id"], "extra": 1})
    description = question("description")
    assert validate_response(description, None, None) is None
    assert "takes no answer" in refused(description, {})
    assert "takes no answer" in refused(description, {"text": "x"})


def test_response_error_carries_a_message():
    with pytest.raises(ResponseError) as caught:
        validate_response(question("short"), None, {"text": 1})
    assert caught.value.message.text == "The answer must be text."
    assert str(caught.value) == "The answer must be text."


def test_questions_module_offers_the_whole_api():
    for name in questions.__all__:
        assert hasattr(questions, name)
