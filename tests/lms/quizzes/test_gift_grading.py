"""Every form of Moodle's GIFT examples, in texts of our own, read and then graded the way
Moodle grades it: the credit each response earns, question by question."""

import pytest

from lms.quizzes import gift, grading, questions

# One question per form Moodle's examples show, keyed by name.
SOURCE = r"""
::single::Which tax is a turnover tax?{~Income tax ~Property tax =Value-added tax}

::missing::The annual budget is {~vetoed =adopted ~audited} by the legislature.

::tf::Local governments issue their own currency.{FALSE#Wrong: they do not.#Right.}

::short::Which body adopts the budget?{=the legislature =parliament}

::short-weighted::Where is the Court of Audit? {
    =Beijing#Yes!
    =%75%Peking#Right, but the old spelling.
    =%25%Shanghai#That is a branch office.}

::matching::Match the body with its task. {
    =Ombudsman -> complaints
    =Court of audit -> accounts
    =Tax office -> taxes
    }

::numerical::In which year was the Budget Law adopted?{#1994:1}

::range::What share of revenue is VAT, as a fraction?{#0.38..0.40}

::numerical-weighted::When was the Budget Law revised? {#
    =2014:0
    =%50%2014:2#Close.}

::weighted-choice::Which level collects VAT? {
    ~county#No.
    ~%25%province#Partly.
    ~%50%region#Closer.
    =central#Yes.}

::multiple::Which two are levels of government? {
    ~%-50%canton
    ~%50%province
    ~%50%county
    ~%-50%state }

::escapes::Which answer equals 5? {
     ~ \= 2 + 2
     = \= 2 + 3
     ~ \= 2 + 4  }

::wide::两加两等于{=四 =4}。
"""


@pytest.fixture(scope="module")
def bank():
    return {item["name"]: questions.normalise_question(item) for item in gift.parse(SOURCE)}


def option(question, text):
    return next(o["id"] for o in question["options"] if o["text"] == text)


def credit(question, response):
    return grading.grade(question, response).fraction


def test_every_form_is_recognised(bank):
    assert {name: q["qtype"] for name, q in bank.items()} == {
        "single": "single", "missing": "single", "tf": "truefalse", "short": "short",
        "short-weighted": "short", "matching": "matching", "numerical": "numerical",
        "range": "numerical", "numerical-weighted": "numerical", "weighted-choice": "single",
        "multiple": "multiple", "escapes": "single", "wide": "short"}
    assert bank["missing"]["text"] == "The annual budget is _____ by the legislature."


@pytest.mark.parametrize("name, answer, expected", [
    ("single", "Value-added tax", 1), ("single", "Income tax", 0),
    ("missing", "adopted", 1), ("missing", "vetoed", 0),
    ("weighted-choice", "province", 0.25), ("weighted-choice", "region", 0.5),
    ("weighted-choice", "central", 1), ("weighted-choice", "county", 0),
    ("escapes", "= 2 + 3", 1), ("escapes", "= 2 + 2", 0),
])
def test_choices(bank, name, answer, expected):
    question = bank[name]
    assert credit(question, {"choice": option(question, answer)}) == pytest.approx(expected)


@pytest.mark.parametrize("picked, expected", [
    (("province", "county"), 1), (("province",), 0.5), (("canton", "province"), 0),
    (("canton", "province", "county", "state"), 0), (("province", "county", "state"), 0.5),
])
def test_multiple_response_with_negative_weights(bank, picked, expected):
    question = bank["multiple"]
    response = {"choices": [option(question, text) for text in picked]}
    assert credit(question, response) == pytest.approx(expected)


@pytest.mark.parametrize("name, text, expected", [
    ("short", "the legislature", 1), ("short", "  PARLIAMENT ", 1), ("short", "cabinet", 0),
    ("short-weighted", "Peking", 0.75), ("short-weighted", "shanghai", 0.25),
    ("wide", "四", 1), ("wide", "４", 1), ("wide", "五", 0),
])
def test_short_answers(bank, name, text, expected):
    assert credit(bank[name], {"text": text}) == pytest.approx(expected)


@pytest.mark.parametrize("name, value, expected", [
    ("numerical", "1994", 1), ("numerical", "1995", 1), ("numerical", "1996", 0),
    ("range", "0.39", 1), ("range", "0.41", 0),
    ("numerical-weighted", "2014", 1), ("numerical-weighted", "2016", 0.5),
    ("numerical-weighted", "2017", 0), ("numerical", "nineteen", 0),
])
def test_numbers(bank, name, value, expected):
    assert credit(bank[name], {"value": value}) == pytest.approx(expected)


def test_true_false_and_its_feedback(bank):
    question = bank["tf"]
    right = grading.grade(question, {"value": False})
    wrong = grading.grade(question, {"value": True})
    assert (right.fraction, wrong.fraction) == (1, 0)
    assert "Right." in " ".join(right.feedback) and "Wrong" in " ".join(wrong.feedback)


def test_matching_credits_each_pair(bank):
    question = bank["matching"]
    stems = {pair["text"]: pair["id"] for pair in question["pairs"]}
    right = {stems[stem]: questions.choice_id(answer) for stem, answer in (
        ("Ombudsman", "complaints"), ("Court of audit", "accounts"), ("Tax office", "taxes"))}
    assert credit(question, {"pairs": right}) == 1
    one_wrong = {**right, stems["Tax office"]: questions.choice_id("accounts")}
    assert credit(question, {"pairs": one_wrong}) == pytest.approx(2 / 3)
