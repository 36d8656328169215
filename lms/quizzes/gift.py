"""Reading Moodle's GIFT text format into question dicts (SPEC's contract), every bad question
reported with the line it starts on; `dump` (gift_dump) writes the same format back.

Reading follows Moodle's importer (question/format/gift/format.php): blank lines separate
questions, `//` lines are comments, lines are trimmed, the answer block `{…}` decides the type
(empty: essay; `#`: numerical; any `~`: choice, single when one answer starts with `=`; `=` with
`->`: matching; T/F/TRUE/FALSE: true/false; otherwise short answer), text after the block makes a
"missing word" question whose text has "_____" where the block was, and a text with no block is a
description. Decisions where Moodle leaves room:
- Answer and feedback format tags (`~[plain]blue#[html]wrong`) are dropped and their text kept:
  the contract has one format per question, so answers and feedback are in the question's format.
  The general feedback's tag is dropped the same way.
- An unknown lowercase tag before the question text (`[markdwon]`) is an error; an unknown tag on
  an answer or feedback is ordinary text, as in Moodle.
- `=%50%answer` in a choice list keeps its weight (Moodle would keep "%50%" in the answer text).
- The contract's rules, which Moodle checks when it saves a question, are checked here: a single
  choice needs an answer worth 100%, the positive weights of a multiple response add up to 100%
  (±1), matching needs two pairs with a question, weights lie within -100..100.
- A `$CATEGORY:` line switches the category and ends the question before it, blank line or not.
- Comment lines inside a question are dropped (Moodle leaves an empty line in their place).
"""

import re
from decimal import Decimal

from lms.quizzes.gift_dump import BLANK, CATEGORY_LINE, LINE_BREAK, GiftError, GiftProblem, dump, unexportable
from lms.quizzes.messages import Message, gettext_noop

__all__ = ["BLANK", "FORMATS", "GiftError", "GiftProblem", "dump", "parse", "unexportable"]

FORMATS = ("moodle", "html", "markdown", "plain")
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")

# While a question is read, escaped characters are swapped for Unicode noncharacters (reserved for a
# program's own use, never in real text), so an escaped "{" or "#" never opens a block or feedback.
_HIDDEN = {char: chr(0xFDD0 + index) for index, char in enumerate("~=#{}:\\n")}
_SHOWN = str.maketrans({code: "\n" if char == "n" else char for char, code in _HIDDEN.items()})
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_TAG = re.compile(r"\[(moodle|html|markdown|plain)\]")
_ANY_TAG = re.compile(r"\[([a-z]+)\]")
_WEIGHT = re.compile(r"%([^%\s]*)%")
_PERCENT = re.compile(r"-?\d+(\.\d*)?")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class _Invalid(Exception):
    def __init__(self, text, **params):
        super().__init__(text)
        self.message = Message(text, params)


def parse(text: str) -> list[dict]:
    """The questions of a GIFT file, each with its "category" and first "line"; GiftError lists
    every bad question, and then nothing is returned."""
    questions, problems = [], []
    for category, line, lines in _blocks(text):
        try:
            question = _question(lines)
        except _Invalid as invalid:
            problems.append(GiftProblem(line, _excerpt(lines), invalid.message))
        else:
            questions.append(question | {"category": category, "line": line})
    if problems:
        raise GiftError(problems)
    return questions


def _blocks(text):
    """(category, first line number, trimmed lines) of each question in the file."""
    category, start, lines = None, 0, []
    for number, raw in enumerate(LINE_BREAK.split(text.lstrip("\ufeff")), 1):
        line = raw.strip()
        if not line or line.startswith(CATEGORY_LINE):
            if lines:
                yield category, start, lines
            lines = []
            if line:
                category = line[len(CATEGORY_LINE):].strip() or None
        elif not line.startswith("//"):
            start = start if lines else number
            lines.append(line)
    if lines:
        yield category, start, lines


def _excerpt(lines):
    text = " ".join(lines)
    return text if len(text) <= 200 else text[:199] + "…"


def _question(lines):
    text = _ESCAPED.sub(lambda match: _HIDDEN.get(match.group(1), match.group(0)), "\n".join(lines))
    name, text = _name(text)
    start, end = text.find("{"), text.find("}")
    if start < 0 and end < 0:
        text_format, body = _question_text(text)
        return _common("description", name, body, text_format, "") | {"default_mark": 0.0}
    _check_braces(text, start, end)
    block, after = text[start + 1:end].strip(), text[end + 1:]
    # Text after the block makes a "missing word" question: the blank shows where the block was.
    stem = text[:start] + (BLANK + after if after.strip() else "")
    head, separator, general_feedback = block.rpartition("####")
    block = head.strip() if separator else block
    text_format, body = _question_text(stem)
    question = _common(None, name, body, text_format, _plain(general_feedback) if separator else "")
    return question | _reader(block)(block)


def _name(text):
    """The `::name::` and the rest; like Moodle, a `::` never closed is dropped and gives no name."""
    if not text.startswith("::"):
        return "", text
    end = text.find("::", 2)
    if end < 0:
        return "", text[2:]
    return _show(text[2:end]), text[end + 2:].strip()


def _check_braces(text, start, end):
    if end < 0:
        raise _Invalid(gettext_noop("The answer list is not closed: a “{” has no “}” (write \\{ for a "
                                    "brace in the text)."))
    if start < 0 or end < start:
        raise _Invalid(gettext_noop("A “}” closes no answer list (write \\} for a brace in the text)."))
    if text.count("{") > 1 or text.count("}") > 1:
        raise _Invalid(gettext_noop("A question has one answer list {…}; write \\{ and \\} for braces "
                                    "in the text."))


def _question_text(stem):
    """The question's format (its leading tag) and text."""
    stem, text_format = stem.strip(), "moodle"
    tag = _ANY_TAG.match(stem)
    if tag:
        if tag.group(1) not in FORMATS:
            raise _Invalid(gettext_noop("Unknown text format [%(format)s]: use [moodle], [html], "
                                        "[markdown] or [plain] (put one first to start the text with "
                                        "a bracket)."), format=tag.group(1))
        text_format, stem = tag.group(1), stem[tag.end():]
    text = _show(stem)
    if not text:
        raise _Invalid(gettext_noop("The question has no text."))
    return text_format, text


def _common(qtype, name, text, text_format, general_feedback):
    return {"qtype": qtype, "name": name, "text": text, "format": text_format,
            "general_feedback": general_feedback, "default_mark": 1.0}


def _show(text):
    return text.translate(_SHOWN).strip()


def _plain(text):
    """An answer's or a feedback's text: its format tag dropped (one format per question)."""
    text = text.strip()
    tag = _TAG.match(text)
    return _show(text[tag.end():] if tag else text)


def _reader(block):
    """Moodle's order of tests on the answer block decides the question type."""
    if not block:
        return _read_essay
    if block.startswith("#"):
        return _read_numerical
    if "~" in block:
        return _read_choices
    if "=" in block and "->" in block:
        return _read_matching
    if block.split("#", 1)[0].strip() in _TRUE + _FALSE:
        return _read_truefalse
    return _read_short


def _read_essay(block):
    return {"qtype": "essay", "min_words": None, "max_words": None, "grader_info": "",
            "response_template": ""}


def _read_choices(block):
    options = [_choice(part) for part in _answers(block, "~=")]
    if len(options) < 2:
        raise _Invalid(gettext_noop("A choice question needs at least two answers."))
    if "=" in block:
        if not any(option["fraction"] == 1 for option in options):
            raise _Invalid(gettext_noop("No answer is worth 100%: mark the right one with “=”."))
        return {"qtype": "single", "options": options, "shuffle": True}
    total = sum(option["fraction"] for option in options if option["fraction"] > 0)
    if not total:
        raise _Invalid(gettext_noop("No answer is right: mark one with “=”, or give the right answers "
                                    "weights such as “~%50%”."))
    if abs(total - 1) > 0.01:
        raise _Invalid(gettext_noop("The positive weights add up to %(total)s%%, not 100%%."),
                       total=f"{total * 100:g}")
    return {"qtype": "multiple", "options": options, "shuffle": True}


def _answers(block, markers):
    """The block cut before each marker; text before the first marker is an answer too (Moodle)."""
    parts = re.split(f"(?=[{markers}])", block)
    return parts[1:] if not parts[0].strip() else parts


def _choice(part):
    part = part.strip()
    right = part.startswith("=")
    fraction, rest = _weight(part[1:].strip() if part[0] in "~=" else part, 1.0 if right else 0.0)
    text, feedback = _answer(rest)
    return {"text": text, "fraction": fraction, "feedback": feedback}


def _weight(text, default):
    """The `%50%` weight at the start of an answer, as a fraction, and the rest of the answer."""
    weight = _WEIGHT.match(text)
    if not weight:
        return default, text
    if not _PERCENT.fullmatch(weight.group(1)) or not -100 <= Decimal(weight.group(1)) <= 100:
        raise _Invalid(gettext_noop("The answer weight %(weight)s is not a number from -100 to 100."),
                       weight=weight.group(0))
    # Decimal keeps 33.33333% as 0.3333333 exactly, so a weight survives writing and reading back.
    return float(Decimal(weight.group(1)) / 100), text[weight.end():]


def _answer(text):
    answer, _, feedback = text.partition("#")
    answer = _plain(answer)
    if not answer:
        raise _Invalid(gettext_noop("An answer is empty."))
    return answer, _plain(feedback)


def _read_short(block):
    answers = []
    for part in _answers(block, "="):
        fraction, rest = _weight(part.strip().removeprefix("=").strip(), 1.0)
        text, feedback = _answer(rest)
        answers.append({"text": text, "fraction": fraction, "feedback": feedback})
    return {"qtype": "short", "answers": answers, "case_sensitive": False}


def _read_truefalse(block):
    answer, *feedback = block.split("#", 2)
    wrong, right = [_plain(text) for text in feedback] + [""] * (2 - len(feedback))
    value = answer.strip() in _TRUE
    return {"qtype": "truefalse", "answer": value, "feedback_true": right if value else wrong,
            "feedback_false": wrong if value else right}


def _read_matching(block):
    pairs = []
    for part in _answers(block, "="):
        stem, arrow, answer = part.strip().removeprefix("=").partition("->")
        if not arrow:
            raise _Invalid(gettext_noop("Each matching pair is written “=question -> answer”: "
                                        "“%(pair)s” has no “->”."), pair=_show(part))
        if not _show(answer):
            raise _Invalid(gettext_noop("An answer is empty."))
        pairs.append({"text": _plain(stem), "answer": _show(answer)})
    if sum(1 for pair in pairs if pair["text"]) < 2:
        raise _Invalid(gettext_noop("A matching question needs at least two pairs with a question."))
    return {"qtype": "matching", "pairs": pairs, "shuffle": True}


def _read_numerical(block):
    # Everything after a "~" is the feedback for any other number (Moodle's "*" answer).
    body, tilde, other = block[1:].partition("~")
    parts = _answers(body, "=")
    if not parts:
        raise _Invalid(gettext_noop("A numerical question needs an answer, such as {#42} or "
                                    "{#3.14:0.01}."))
    answers = [_numerical_answer(part) for part in parts]
    if tilde:
        answers.append({"value": None, "tolerance": 0.0, "fraction": 0.0,
                        "feedback": _plain(other.partition("#")[2])})
    return {"qtype": "numerical", "answers": answers}


def _numerical_answer(part):
    fraction, rest = _weight(part.strip().removeprefix("=").strip(), 1.0)
    spec, _, feedback = rest.partition("#")
    value, tolerance = _value(_plain(spec))
    return {"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": _plain(feedback)}


def _value(spec):
    """Moodle's three ways to give the number: `value`, `value:margin`, `min..max`; `*` is any."""
    if not spec:
        raise _Invalid(gettext_noop("An answer is empty."))
    if spec == "*":
        return None, 0.0
    # Decimal, so that 3.141..3.142 gives 3.1415 ± 0.0005 exactly as written.
    if spec.find("..") > 0:
        low, high = (_number(number, spec) for number in spec.split("..", 1))
        if low > high:
            raise _Invalid(gettext_noop("The range %(value)s goes from high to low."), value=spec)
        return float((low + high) / 2), float((high - low) / 2)
    if spec.find(":") > 0:
        value, margin = (_number(number, spec) for number in spec.split(":", 1))
        if margin < 0:
            raise _Invalid(gettext_noop("The margin of error in %(value)s is negative."), value=spec)
        return float(value), float(margin)
    return float(_number(spec, spec)), 0.0


def _number(text, spec):
    if not _NUMBER.fullmatch(text.strip()):
        raise _Invalid(gettext_noop("“%(value)s” is not a number."), value=spec)
    return Decimal(text.strip())


