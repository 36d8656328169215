"""What a quiz question is: its ids, the order an attempt shows it in, what a trainee sees of it
before review and the responses it accepts; the contract's checks (validation) and rendering
(formatting) are offered here too (no Django imports)."""

import hashlib
import math
import random
import unicodedata

from lms.quizzes.formatting import render
from lms.quizzes.messages import Message, gettext_noop
from lms.quizzes.validation import QTYPES, QuestionError, normalise_question

RESPONSE_LIMIT = 10_000
ESSAY_LIMIT = 50_000
_RESHUFFLES = 20

# render and the contract's checks live in their own modules; this is where callers find them.
__all__ = [
    "QTYPES", "QuestionError", "ResponseError", "choice_id", "layout", "normalise_answer_text",
    "normalise_question", "present", "render", "validate_response",
]


class ResponseError(Exception):
    """A response whose shape the question cannot accept; `message` says why."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)

    def __str__(self):
        return str(self.message)


def choice_id(answer_text):
    """The id of a matching question's choice: stable for the text as written."""
    return hashlib.sha1(answer_text.encode("utf-8")).hexdigest()[:10]


def normalise_answer_text(text, case_sensitive):
    """A typed answer as it is compared: NFKC (full-width to half-width), white space collapsed,
    ends stripped, case folded unless the answer is case-sensitive."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return text if case_sensitive else text.casefold()


# Layout and presentation --------------------------------------------------------------------

def _shuffle_away(values, rng, gives_away):
    """Shuffle `values` in place until `gives_away(values)` is false (reversing as a last resort,
    which always works for the orders checked here)."""
    rng.shuffle(values)
    for _ in range(_RESHUFFLES):
        if not gives_away(values):
            return
        rng.shuffle(values)
    if gives_away(values):
        values.reverse()


def _stems(q):
    return [pair for pair in q["pairs"] if pair["text"]]


def layout(q, rng, shuffle):
    """The order one attempt shows `q` in (JSON-serialisable, saved with the attempt): options and
    stems shuffled when both `shuffle` and the question allow it, matching choices and ordering
    items always, and never in an order that gives the answer away."""
    return _arrange(q, rng, shuffle)


def _arrange(q, rng, shuffle):
    qtype = q["qtype"]
    if qtype in ("single", "multiple"):
        options = [option["id"] for option in q["options"]]
        if shuffle and q["shuffle"]:
            rng.shuffle(options)
        return {"options": options}
    if qtype == "matching":
        right = {pair["id"]: choice_id(pair["answer"]) for pair in _stems(q)}
        stems = list(right)
        if shuffle and q["shuffle"]:
            rng.shuffle(stems)
        answers = list(dict.fromkeys(right[stem] for stem in stems))
        choices = list(dict.fromkeys(choice_id(pair["answer"]) for pair in q["pairs"]))

        def gives_away(order):  # the answers listed in the order of the stems they answer
            return len(answers) > 1 and [choice for choice in order if choice in answers] == answers

        _shuffle_away(choices, rng, gives_away)
        return {"stems": stems, "choices": choices}
    if qtype == "ordering":
        right = [item["id"] for item in q["items"]]
        items = list(right)
        _shuffle_away(items, rng, lambda order: len(order) > 1 and order == right)
        return {"items": items}
    return {}


def _in_order(q, layout, part, shown):
    """The `shown` entries in the order `layout` gives them; a layout made for another version of
    the question is replaced by a fresh one, so the right order never shows through."""
    listed = layout.get(part)
    if (not isinstance(listed, list) or len(listed) != len(shown)
            or not all(isinstance(key, str) and key in shown for key in listed)):
        listed = _arrange(q, random.Random(0), False)[part]
    return [shown[key] for key in listed]


def _html(entry_id, text, fmt):
    return entry_id, {"id": entry_id, "html": render(text, fmt)}


def present(q, layout):
    """What a trainee sees of `q` before review: rendered texts and ids in `layout`'s order, and
    nothing that tells a grade, a feedback or the right answer."""
    qtype, fmt, layout = q["qtype"], q["format"], layout or {}
    seen = {"qtype": qtype, "text": render(q["text"], fmt, blanks=qtype == "blanks"),
            "mark": q["default_mark"]}
    if qtype in ("single", "multiple"):
        options = dict(_html(option["id"], option["text"], fmt) for option in q["options"])
        seen["options"] = _in_order(q, layout, "options", options)
    elif qtype == "matching":
        stems = dict(_html(pair["id"], pair["text"], fmt) for pair in _stems(q))
        # Moodle offers the answers in a drop-down: plain text, whatever the question's format.
        choices = dict(_html(choice_id(pair["answer"]), pair["answer"], "plain") for pair in q["pairs"])
        seen["stems"] = _in_order(q, layout, "stems", stems)
        seen["choices"] = _in_order(q, layout, "choices", choices)
    elif qtype == "ordering":
        items = dict(_html(item["id"], item["text"], fmt) for item in q["items"])
        seen["items"] = _in_order(q, layout, "items", items)
    elif qtype == "blanks":
        seen["blanks"] = [{"id": blank["id"]} for blank in q["blanks"]]
    elif qtype == "essay":
        seen.update({key: q[key] for key in ("min_words", "max_words", "response_template")})
    return seen


# Responses ----------------------------------------------------------------------------------

_RESPONSE_KEYS = {"single": "choice", "multiple": "choices", "truefalse": "value", "short": "text",
                  "numerical": "value", "matching": "pairs", "ordering": "order", "blanks": "blanks",
                  "essay": "text"}


def _refuse(text, **params):
    raise ResponseError(Message(text, params))


def _typed(value, limit):
    """A typed answer, or None when it is blank."""
    if not isinstance(value, str):
        _refuse(gettext_noop("The answer must be text."))
    if len(value) > limit:
        _refuse(gettext_noop("The answer is longer than %(limit)d characters."), limit=limit)
    return value if value.strip() else None


def _known(layout, part, ids):
    """The ids the trainee could send: those of the question, and of the attempt's layout if given."""
    shown = layout.get(part)
    return set(ids) & set(shown) if isinstance(shown, list) else set(ids)


def _chosen(options, known):
    """The chosen option ids, each once, every one of them known."""
    for option in options:
        if option not in known:
            _refuse(gettext_noop("“%(id)s” is not an option of this question."), id=option)
    return list(dict.fromkeys(options))


def _clean(q, layout, value):
    qtype = q["qtype"]
    if qtype in ("single", "multiple"):
        known = _known(layout, "options", (o["id"] for o in q["options"]))
        if qtype == "single":
            if not isinstance(value, str):
                _refuse(gettext_noop("The answer must be an option id."))
            return {"choice": _chosen([value], known)[0]}
        if not isinstance(value, list) or not all(isinstance(option, str) for option in value):
            _refuse(gettext_noop("The answer must be a list of option ids."))
        return {"choices": _chosen(value, known)} if value else None
    if qtype == "truefalse":
        if not isinstance(value, bool):
            _refuse(gettext_noop("The answer must be true or false."))
        return {"value": value}
    if qtype == "numerical" and not isinstance(value, bool) and isinstance(value, int | float):
        value = repr(value) if math.isfinite(value) else ""  # a widget that sent a JSON number
    if qtype in ("short", "numerical", "essay"):
        text = _typed(value, ESSAY_LIMIT if qtype == "essay" else RESPONSE_LIMIT)
        return text and {_RESPONSE_KEYS[qtype]: text}
    if qtype == "matching":
        return _clean_pairs(q, layout, value)
    if qtype == "ordering":
        items = [item["id"] for item in q["items"]]
        if (not isinstance(value, list) or not all(isinstance(item, str) for item in value)
                or len(value) != len(items) or set(value) != set(items)):
            _refuse(gettext_noop("The order must list every item of the question once."))
        return {"order": list(value)}
    return _clean_blanks(q, value)


def _clean_pairs(q, layout, value):
    if not isinstance(value, dict):
        _refuse(gettext_noop("The answer must map the question's stems to choices."))
    stems = _known(layout, "stems", (p["id"] for p in _stems(q)))
    choices = _known(layout, "choices", (choice_id(p["answer"]) for p in q["pairs"]))
    pairs = {}
    for stem, choice in value.items():
        if stem not in stems:
            _refuse(gettext_noop("“%(id)s” is not a stem of this question."), id=stem)
        if choice is not None and (not isinstance(choice, str) or choice not in choices):
            _refuse(gettext_noop("“%(id)s” is not a choice of this question."), id=choice)
        if choice is not None:
            pairs[stem] = choice
    return {"pairs": pairs} if pairs else None


def _clean_blanks(q, value):
    if not isinstance(value, dict):
        _refuse(gettext_noop("The answer must map the blanks to texts."))
    known = {blank["id"] for blank in q["blanks"]}
    blanks = {}
    for blank, text in value.items():
        if blank not in known:
            _refuse(gettext_noop("“%(id)s” is not a blank of this question."), id=blank)
        if text is not None and (text := _typed(text, RESPONSE_LIMIT)) is not None:
            blanks[blank] = text
    return {"blanks": blanks} if blanks else None


def validate_response(q, layout, response):
    """The response cleaned for saving, None when nothing is answered; ResponseError when its
    shape does not fit `q` (unknown ids, wrong types, over-long texts)."""
    if response is None:
        return None
    if q["qtype"] == "description":
        _refuse(gettext_noop("This question takes no answer."))
    if not isinstance(response, dict):
        _refuse(gettext_noop("The answer must be an object."))
    if not response:
        return None
    key = _RESPONSE_KEYS[q["qtype"]]
    if set(response) != {key}:
        _refuse(gettext_noop("The answer to this question has the one key “%(key)s”."), key=key)
    if response[key] is None:
        return None
    return _clean(q, layout or {}, response[key]) or None
