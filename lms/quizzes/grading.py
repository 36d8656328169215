"""Scoring a response by Moodle's rules, and the right answer shown at review (no Django
imports). compile() does all per-question work once, so grading many attempts is cheap."""

import html
import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from lms.quizzes.formatting import render
from lms.quizzes.messages import Message, gettext_noop
from lms.quizzes.questions import choice_id, normalise_answer_text
from lms.quizzes.validation import FULL

# Moodle's thresholds for a graded state: fractions are stored to 7 decimals.
RIGHT = FULL
WRONG = 0.000001
SLACK = 1e-9
# Trainees give the same few answers: a grader remembers this many, of up to this length
# (small, since a process may keep thousands of graders).
MEMO_ENTRIES = 256
MEMO_KEY_LENGTH = 100
# An unescaped run of asterisks is Moodle's short-answer wildcard; `\*` is a literal asterisk.
_WILDCARD = re.compile(r"(?<!\\)\*+")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a response earns: `fraction` of the mark (None until a person grades it), its state
    and the rendered per-answer feedback it triggers (the general feedback is not included)."""

    fraction: float | None
    state: str
    feedback: tuple[str, ...] = ()


def state_for(fraction):
    """Moodle's graded state for a fraction (None: a person has yet to grade it)."""
    if fraction is None:
        return "needs_grading"
    if fraction >= RIGHT:
        return "right"
    return "wrong" if fraction < WRONG else "partial"


def _outcome(fraction, feedback=()):
    return Outcome(fraction, state_for(fraction), feedback)


UNANSWERED = Outcome(0.0, "unanswered")
NEEDS_GRADING = Outcome(None, "needs_grading")
_NO_MATCH = _outcome(0.0)


def _feedback(text, fmt):
    return (render(text, fmt),) if text.strip() else ()


def _memoised(grade_key, size=len):
    """`grade_key` remembering its outcomes for small keys: grading is pure, and a cohort's
    responses repeat, so most calls become one dict lookup."""
    memo = {}

    def cached(key):
        outcome = memo.get(key)
        if outcome is None:
            outcome = grade_key(key)
            if len(memo) < MEMO_ENTRIES and size(key) <= MEMO_KEY_LENGTH:
                memo[key] = outcome
        return outcome

    return cached


def parse_number(text):
    """The number a trainee typed, or None: full-width digits and signs are read (NFKC), a comma
    is not (1,822 could be a thousands separator or a decimal comma)."""
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _typed_matcher(answers, case_sensitive, fmt):
    """A function from a typed text to the Outcome of the best answer it matches."""
    exact, wildcards = {}, []
    # Best first, so the first match is the best; a tie keeps the answer listed first.
    for answer in sorted(answers, key=lambda a: -a["fraction"]):
        outcome = _outcome(answer["fraction"], _feedback(answer["feedback"], fmt))
        pattern = normalise_answer_text(answer["text"], case_sensitive)
        bits = [bit.replace("\\*", "*") for bit in _WILDCARD.split(pattern)]
        if len(bits) == 1:
            exact.setdefault(bits[0], outcome)
        else:
            regex = re.compile(".*".join(re.escape(bit) for bit in bits), re.DOTALL)
            wildcards.append((regex.fullmatch, outcome))

    def match(text):
        text = normalise_answer_text(text, case_sensitive)
        best = exact.get(text)
        for fullmatch, outcome in wildcards:
            if best is not None and outcome.fraction <= best.fraction:
                break
            if fullmatch(text):
                return outcome
        return best or _NO_MATCH

    return _memoised(match)


def _choice_grader(q):
    fmt = q["format"]
    if q["qtype"] == "single":
        outcomes = {o["id"]: _outcome(o["fraction"], _feedback(o["feedback"], fmt)) for o in q["options"]}

        def single(response):
            choice = response.get("choice") if response else None
            # An id the question no longer has (a stale response) is simply not right.
            return UNANSWERED if choice is None else outcomes.get(choice, _NO_MATCH)

        return single
    options = [(o["id"], o["fraction"], _feedback(o["feedback"], fmt)) for o in q["options"]]

    def choose(chosen):
        chosen = set(chosen)
        # Moodle: the sum of the chosen options' fractions, kept within [0, 1]; the feedback of
        # each chosen option, in the question's order.
        total = sum(fraction for option, fraction, _ in options if option in chosen)
        said = tuple(text for option, _, feedback in options if option in chosen for text in feedback)
        return _outcome(min(max(total, 0.0), 1.0), said)

    choose = _memoised(choose)

    def multiple(response):
        chosen = response.get("choices") if response else None
        return choose(tuple(chosen)) if chosen else UNANSWERED

    return multiple


def _truefalse_grader(q):
    by_value = {value: _outcome(1.0 if value == q["answer"] else 0.0,
                                _feedback(q["feedback_true" if value else "feedback_false"], q["format"]))
                for value in (True, False)}

    def truefalse(response):
        value = response.get("value") if response else None
        return UNANSWERED if value is None else by_value[bool(value)]

    return truefalse


def _short_grader(q):
    match = _typed_matcher(q["answers"], q["case_sensitive"], q["format"])

    def short(response):
        text = response.get("text") if response else None
        return match(text) if text and not text.isspace() else UNANSWERED

    return short


def _numerical_grader(q):
    fmt = q["format"]
    ranked = [(a["value"], a["tolerance"] + SLACK, _outcome(a["fraction"], _feedback(a["feedback"], fmt)))
              for a in sorted(q["answers"], key=lambda a: -a["fraction"]) if a["value"] is not None]
    # The answer without a value ("any other number") catches what no other answer matched.
    any_other = next((_outcome(a["fraction"], _feedback(a["feedback"], fmt))
                      for a in q["answers"] if a["value"] is None), _NO_MATCH)

    @_memoised
    def match(text):
        number = parse_number(text)
        if number is None:
            return _NO_MATCH
        for value, tolerance, outcome in ranked:
            if abs(number - value) <= tolerance:
                return outcome
        return any_other

    def numerical(response):
        text = response.get("value") if response else None
        return match(text) if text and not text.isspace() else UNANSWERED

    return numerical


def _counting(total, denominator):
    """The outcomes of 0..total right parts out of `denominator`, made once."""
    return [_outcome(right / denominator) for right in range(total + 1)]


def _matching_grader(q):
    right = {pair["id"]: choice_id(pair["answer"]) for pair in q["pairs"] if pair["text"]}
    outcomes = _counting(len(right), len(right))

    def matching(response):
        pairs = response.get("pairs") if response else None
        if not pairs:
            return UNANSWERED
        return outcomes[sum(1 for stem, choice in pairs.items() if right.get(stem) == choice)]

    return matching


def _ordering_grader(q):
    ids = [item["id"] for item in q["items"]]
    successor = dict(pairwise(ids))
    outcomes = _counting(len(ids) - 1, len(ids) - 1)

    def ordering(response):
        order = response.get("order") if response else None
        if not order:
            return UNANSWERED
        # Moodle's "relative to the next item, excluding the last": each kept succession counts.
        kept = sum(1 for item, after in pairwise(order) if successor.get(item) == after)
        return outcomes[min(kept, len(outcomes) - 1)]

    return ordering


def _blanks_grader(q):
    ids = [blank["id"] for blank in q["blanks"]]
    matchers = [_typed_matcher(blank["answers"], blank["case_sensitive"], q["format"])
                for blank in q["blanks"]]

    def combine(texts):  # one text (or None) per blank, in the blanks' order
        total, said = 0.0, ()
        for match, text in zip(matchers, texts, strict=True):
            if text and not text.isspace():
                outcome = match(text)
                total += outcome.fraction
                said += outcome.feedback
        return _outcome(total / len(matchers), said)

    combine = _memoised(combine, size=lambda texts: sum(len(text or "") for text in texts))

    def blanks(response):
        typed = response.get("blanks") if response else None
        return combine(tuple(map(typed.get, ids))) if typed else UNANSWERED

    return blanks


def _essay_grader(q):
    def essay(response):
        text = response.get("text") if response else None
        return NEEDS_GRADING if text and not text.isspace() else UNANSWERED

    return essay


def _description_grader(q):
    # Nothing is asked: the slot is shown, never scored (its mark is 0).
    return lambda response: UNANSWERED


_GRADERS = {"single": _choice_grader, "multiple": _choice_grader, "truefalse": _truefalse_grader,
            "short": _short_grader, "numerical": _numerical_grader, "matching": _matching_grader,
            "ordering": _ordering_grader, "blanks": _blanks_grader, "essay": _essay_grader,
            "description": _description_grader}


def compile(q):  # shadows the builtin on purpose: grading.compile(q) reads as what it does
    """The grader of normalised question `q`: a function from a response (or None) to an Outcome."""
    return _GRADERS[q["qtype"]](q)


def grade(q, response):
    """The Outcome of one response; compile() once instead when grading many."""
    return compile(q)(response)


# The right answer ---------------------------------------------------------------------------

def _number_text(value):
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _typed_answer(answers):
    """What to show as the right typed answer: a full-mark answer, preferably one without
    wildcards, with its wildcards dropped (as Moodle's clean_response does)."""
    full = [a["text"] for a in answers if a["fraction"] >= RIGHT]
    text = next((t for t in full if not _WILDCARD.search(t)), full[0] if full else "")
    return _WILDCARD.sub("", text).replace("\\*", "*")


def _is(text):
    return str(Message(gettext_noop("The right answer is: %(answer)s"), {"answer": text}))


def _are(text):
    return str(Message(gettext_noop("The right answers are: %(answers)s"), {"answers": text}))


def right_answer(q):
    """The right response in the response shape (None when there is none) and a readable HTML
    sentence stating it, for review."""
    qtype, fmt = q["qtype"], q["format"]
    if qtype == "single":
        option = max(q["options"], key=lambda o: o["fraction"])
        return {"choice": option["id"]}, _is(render(option["text"], fmt))
    if qtype == "multiple":
        options = [o for o in q["options"] if o["fraction"] > 0]
        return ({"choices": [o["id"] for o in options]},
                _are(", ".join(render(o["text"], fmt) for o in options)))
    if qtype == "truefalse":
        word = Message(gettext_noop("True")) if q["answer"] else Message(gettext_noop("False"))
        return {"value": q["answer"]}, str(Message(gettext_noop("The right answer is “%(answer)s”."),
                                                   {"answer": word}))
    if qtype == "short":
        text = _typed_answer(q["answers"])
        return {"text": text}, _is(html.escape(text))
    if qtype == "numerical":
        answer = max((a for a in q["answers"] if a["value"] is not None), key=lambda a: a["fraction"])
        value = _number_text(answer["value"])
        shown = f"{value} ± {_number_text(answer['tolerance'])}" if answer["tolerance"] else value
        return {"value": value}, _is(html.escape(shown))
    if qtype == "matching":
        stems = [pair for pair in q["pairs"] if pair["text"]]
        return ({"pairs": {pair["id"]: choice_id(pair["answer"]) for pair in stems}},
                _is(", ".join(f"{render(p['text'], fmt)} → {html.escape(p['answer'])}" for p in stems)))
    if qtype == "ordering":
        items = "".join(f"<li>{render(item['text'], fmt)}</li>" for item in q["items"])
        return ({"order": [item["id"] for item in q["items"]]},
                str(Message(gettext_noop("The right order is: %(items)s"), {"items": f"<ol>{items}</ol>"})))
    if qtype == "blanks":
        texts = {blank["id"]: _typed_answer(blank["answers"]) for blank in q["blanks"]}
        return ({"blanks": texts},
                _are(", ".join(f"[{blank_id}] {html.escape(text)}" for blank_id, text in texts.items())))
    # An essay has no single right answer, and the grader's notes are not for the trainee.
    return None, ""
