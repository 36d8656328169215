"""The question data contract checked and completed: every problem of an importer's or an
editor's question found at once, defaults filled and ids assigned (no Django imports)."""

import math
import secrets

from lms.quizzes.formatting import BLANK_MARKER, FORMATS, plain_text
from lms.quizzes.messages import Message, gettext_noop

QTYPES = ("single", "multiple", "truefalse", "short", "numerical", "matching", "ordering", "blanks",
          "essay", "description")
TEXT_LIMIT = 20_000
NAME_LIMIT = 255
ID_LIMIT = 64
ENTRIES_LIMIT = 100
WORDS_LIMIT = 100_000
# Moodle's threshold: a fraction this close to 1 is full marks (imported weights like 33.333%).
FULL = 0.999999
_KEPT = ("category", "line")


class QuestionError(Exception):
    """A question that breaks the data contract; `messages` lists every problem found."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__(self.messages)

    def __str__(self):
        return " ".join(str(message) for message in self.messages)


class _Problems(list):
    def add(self, text, **params):
        self.append(Message(text, params))


def _where(text, **params):
    return Message(text, params)


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _text(problems, source, key, where, *, required=False, limit=TEXT_LIMIT):
    value = source.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        if value is None:
            problems.add(gettext_noop("%(where)s: the text is empty."), where=where)
        else:
            problems.add(gettext_noop("%(where)s: “%(key)s” must be text."), where=where, key=key)
        return ""
    if required and not value.strip():
        problems.add(gettext_noop("%(where)s: the text is empty."), where=where)
    if len(value) > limit:
        problems.add(gettext_noop("%(where)s: “%(key)s” is longer than %(limit)d characters."),
                     where=where, key=key, limit=limit)
    return value


def _flag(problems, source, key, default, where):
    value = source.get(key, default)
    if not isinstance(value, bool):
        problems.add(gettext_noop("%(where)s: “%(key)s” must be true or false."), where=where, key=key)
        return default
    return value


def _fraction(problems, entry, where, low):
    value = _number(entry.get("fraction"))
    if value is None:
        problems.add(gettext_noop("%(where)s: the grade is missing or not a number."), where=where)
        return 0.0
    if not low <= value <= 1.0:
        problems.add(gettext_noop("%(where)s: the grade %(percent)s%% is not between %(low)d%% and 100%%."),
                     where=where, percent=f"{value * 100:g}", low=int(low * 100))
    return value


def _entries(problems, source, key, where, minimum):
    """The list of dicts under `key`, with a problem when it is missing, too short or too long."""
    value = source.get(key)
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        problems.add(gettext_noop("%(where)s: “%(key)s” must be a list of objects."), where=where, key=key)
        return []
    if len(value) < minimum:
        problems.add(gettext_noop("%(where)s: “%(key)s” needs at least %(minimum)d, it has %(count)d."),
                     where=where, key=key, minimum=minimum, count=len(value))
    if len(value) > ENTRIES_LIMIT:
        problems.add(gettext_noop("%(where)s: “%(key)s” may have at most %(limit)d, it has %(count)d."),
                     where=where, key=key, limit=ENTRIES_LIMIT, count=len(value))
    return value


def _ids(problems, entries, sources, wheres):
    """Give each entry its source's id (text, unique within the question) or a fresh random one."""
    taken = set()
    for entry, source, where in zip(entries, sources, wheres, strict=True):
        given = source.get("id")
        if given is None:
            continue
        if not isinstance(given, str) or not given or len(given) > ID_LIMIT:
            problems.add(gettext_noop("%(where)s: the id must be text of 1 to %(limit)d characters."),
                         where=where, limit=ID_LIMIT)
        elif given in taken:
            problems.add(gettext_noop("%(where)s: the id “%(id)s” is used twice."), where=where, id=given)
        else:
            taken.add(given)
            entry["id"] = given
    for entry in entries:
        while entry["id"] is None:
            fresh = secrets.token_hex(4)
            if fresh not in taken:
                taken.add(fresh)
                entry["id"] = fresh


def _with_ids(problems, q, key, where, minimum, label, build):
    """The entries under `key`, each built by `build(problems, source, where)`, with their ids."""
    sources = _entries(problems, q, key, where, minimum)
    wheres = [_where(label, number=number) for number in range(1, len(sources) + 1)]
    entries = [{"id": None, **build(problems, source, at)}
               for source, at in zip(sources, wheres, strict=True)]
    _ids(problems, entries, sources, wheres)
    return entries


def _option(problems, source, where):
    return {"text": _text(problems, source, "text", where, required=True),
            "fraction": _fraction(problems, source, where, -1.0),
            "feedback": _text(problems, source, "feedback", where)}


def _choices(q, out, problems, where):
    options = _with_ids(problems, q, "options", where, 2, gettext_noop("Option %(number)d"), _option)
    out["options"] = options
    out["shuffle"] = _flag(problems, q, "shuffle", True, where)
    if not options:
        return
    if out["qtype"] == "single" and not any(o["fraction"] >= FULL for o in options):
        problems.add(gettext_noop("%(where)s: no option is worth 100%%."), where=where)
    if out["qtype"] == "multiple":
        total = sum(o["fraction"] for o in options if o["fraction"] > 0)
        if abs(total - 1.0) > 0.01 + 1e-9:  # the slack keeps 101% itself within the rule
            problems.add(gettext_noop("%(where)s: the positive grades add up to %(percent)s%%, not 100%%."),
                         where=where, percent=f"{total * 100:g}")


def _truefalse(q, out, problems, where):
    if not isinstance(q.get("answer"), bool):
        problems.add(gettext_noop("%(where)s: the answer must be true or false."), where=where)
    out["answer"] = q.get("answer") is True
    out["feedback_true"] = _text(problems, q, "feedback_true", where)
    out["feedback_false"] = _text(problems, q, "feedback_false", where)


def _typed_answers(problems, source, where, label):
    """The answers of a short-answer question or of one blank, one of them worth 100%."""
    sources = _entries(problems, source, "answers", where, 1)
    answers = []
    for number, entry in enumerate(sources, 1):
        at = _where(label, number=number, blank=source.get("id"))
        answers.append({"text": _text(problems, entry, "text", at, required=True),
                        "fraction": _fraction(problems, entry, at, 0.0),
                        "feedback": _text(problems, entry, "feedback", at)})
    if sources and not any(a["fraction"] >= FULL for a in answers):
        problems.add(gettext_noop("%(where)s: one answer must be worth 100%%."), where=where)
    return answers


def _short(q, out, problems, where):
    out["answers"] = _typed_answers(problems, q, where, gettext_noop("Answer %(number)d"))
    out["case_sensitive"] = _flag(problems, q, "case_sensitive", False, where)


def _numerical(q, out, problems, where):
    answers = []
    for number, entry in enumerate(_entries(problems, q, "answers", where, 1), 1):
        at = _where(gettext_noop("Answer %(number)d"), number=number)
        value = entry.get("value", "missing")
        if value is not None:
            value = _number(value)
            if value is None:
                problems.add(gettext_noop("%(where)s: the value must be a number."), where=at)
        tolerance = _number(entry.get("tolerance", 0.0))
        if tolerance is None or tolerance < 0:
            problems.add(gettext_noop("%(where)s: the tolerance must be a number of 0 or more."), where=at)
        answers.append({"value": value, "tolerance": tolerance or 0.0,
                        "fraction": _fraction(problems, entry, at, 0.0),
                        "feedback": _text(problems, entry, "feedback", at)})
    out["answers"] = answers
    if answers and not any(a["fraction"] >= FULL and a["value"] is not None for a in answers):
        problems.add(gettext_noop("%(where)s: one answer must be worth 100%%."), where=where)
    if sum(a["value"] is None for a in answers) > 1:
        problems.add(gettext_noop("%(where)s: only one answer may match any other number."), where=where)


def _pair(problems, source, where):
    text = _text(problems, source, "text", where)
    # Blank text marks a distractor: stored as "" so every reader tests it the same way.
    return {"text": text if text.strip() else "",
            "answer": _text(problems, source, "answer", where, required=True)}


def _matching(q, out, problems, where):
    pairs = _with_ids(problems, q, "pairs", where, 0, gettext_noop("Pair %(number)d"), _pair)
    out["pairs"] = pairs
    out["shuffle"] = _flag(problems, q, "shuffle", True, where)
    stems = sum(1 for p in pairs if p["text"])
    if stems < 2:
        problems.add(gettext_noop("%(where)s: at least 2 pairs need a question, there are %(count)d."),
                     where=where, count=stems)


def _item(problems, source, where):
    return {"text": _text(problems, source, "text", where, required=True)}


def _ordering(q, out, problems, where):
    items = _with_ids(problems, q, "items", where, 2, gettext_noop("Item %(number)d"), _item)
    out["items"] = items
    out["shuffle"] = True
    texts = [i["text"] for i in items]
    if len(set(texts)) < len(texts):
        problems.add(gettext_noop("%(where)s: two items have the same text."), where=where)


def _blanks(q, out, problems, where):
    blanks = {}
    for number, source in enumerate(_entries(problems, q, "blanks", where, 1), 1):
        blank_id = str(source["id"]) if isinstance(source.get("id"), int | str) else ""
        if not blank_id.isdigit() or blank_id in blanks:
            problems.add(gettext_noop("%(where)s: blank %(number)d needs its own marker number as its id."),
                         where=where, number=number)
            continue
        at = _where(gettext_noop("Blank %(blank)s"), blank=blank_id)
        blanks[blank_id] = {"id": blank_id, "answers": _typed_answers(
            problems, source, at, gettext_noop("Blank %(blank)s, answer %(number)d")),
            "case_sensitive": _flag(problems, source, "case_sensitive", False, at)}
    markers = BLANK_MARKER.findall(out["text"])
    for marker in sorted({m for m in markers if markers.count(m) > 1}):
        problems.add(gettext_noop("%(where)s: the marker [[%(blank)s]] appears more than once."),
                     where=where, blank=marker)
    for marker in sorted(set(markers) - set(blanks)):
        problems.add(gettext_noop("%(where)s: the marker [[%(blank)s]] has no blank."),
                     where=where, blank=marker)
    for blank_id in blanks.keys() - set(markers):
        problems.add(gettext_noop("%(where)s: blank %(blank)s has no [[%(blank)s]] marker in the text."),
                     where=where, blank=blank_id)
    # In the order of the text: the order the trainee meets them.
    out["blanks"] = [blanks[m] for m in dict.fromkeys(markers) if m in blanks] + [
        b for b_id, b in blanks.items() if b_id not in markers]


def _word_limit(problems, q, key, where):
    value = q.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or not 0 <= value <= WORDS_LIMIT):
        problems.add(gettext_noop("%(where)s: “%(key)s” must be a whole number from 0 to %(limit)d."),
                     where=where, key=key, limit=WORDS_LIMIT)
        return None
    return value


def _essay(q, out, problems, where):
    out["min_words"] = _word_limit(problems, q, "min_words", where)
    out["max_words"] = _word_limit(problems, q, "max_words", where)
    if out["max_words"] == 0:
        problems.add(gettext_noop("%(where)s: the word limit must be at least 1."), where=where)
    if out["min_words"] is not None and out["max_words"] is not None and out["min_words"] > out["max_words"]:
        problems.add(gettext_noop("%(where)s: the minimum of %(min)d words is above the maximum of %(max)d."),
                     where=where, min=out["min_words"], max=out["max_words"])
    out["grader_info"] = _text(problems, q, "grader_info", where)
    out["response_template"] = _text(problems, q, "response_template", where)


_TYPE_RULES = {"single": _choices, "multiple": _choices, "truefalse": _truefalse, "short": _short,
               "numerical": _numerical, "matching": _matching, "ordering": _ordering, "blanks": _blanks,
               "essay": _essay, "description": lambda q, out, problems, where: None}


def normalise_question(q):
    """A new, complete question dict from `q` (importer or editor output): defaults filled,
    missing ids assigned, numbers made floats, unknown keys dropped; QuestionError lists
    every way `q` breaks the contract."""
    where = Message(gettext_noop("Question"))
    if not isinstance(q, dict):
        raise QuestionError([Message(gettext_noop("%(where)s: a question must be an object."),
                                     {"where": where})])
    problems = _Problems()
    qtype = q.get("qtype")
    if qtype not in QTYPES:
        problems.add(gettext_noop("%(where)s: “%(qtype)s” is not a question type."), where=where, qtype=qtype)
    fmt = q.get("format", "moodle")
    if fmt not in FORMATS:
        problems.add(gettext_noop("%(where)s: “%(format)s” is not a text format."), where=where, format=fmt)
        fmt = "moodle"
    out = {"qtype": qtype, "name": "", "text": _text(problems, q, "text", where, required=True),
           "format": fmt, "general_feedback": _text(problems, q, "general_feedback", where)}
    name = _text(problems, q, "name", where, limit=NAME_LIMIT)
    out["name"] = name.strip() or plain_text(out["text"])[:60]
    mark = _number(q.get("default_mark", 0.0 if qtype == "description" else 1.0))
    if mark is None or mark < 0:
        problems.add(gettext_noop("%(where)s: the default mark must be a number of 0 or more."), where=where)
    # Nothing is asked, so nothing can be scored, whatever the source said.
    out["default_mark"] = 0.0 if qtype == "description" else (mark or 0.0)
    out.update({key: q[key] for key in _KEPT if key in q})
    if qtype in QTYPES:
        _TYPE_RULES[qtype](q, out, problems, where)
    if problems:
        raise QuestionError(problems)
    return out
