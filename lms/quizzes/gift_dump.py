"""Writing question dicts (SPEC's contract) as Moodle's GIFT text, which Moodle imports and
`gift.parse` reads back unchanged; and the problems both directions report.

What is written is what Moodle exports: control characters escaped, newlines as `\\n`, a
`[format]` tag when the format is not "moodle", `$CATEGORY:` lines where the category changes.
GIFT has no ordering or blanks questions: `dump` refuses a list holding any and names every one
(`unexportable` says why for one question, so a caller can leave such questions out and say so).
GIFT has no syntax for case-sensitive short answers, shuffle off, a mark other than the default,
essay word limits, grader information and template, or a description's general feedback: they are
not written. Nor can it go back to no category: a question without one that follows questions with
one is read back in their category.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from lms.quizzes.messages import Message, gettext_noop

__all__ = ["BLANK", "CATEGORY_LINE", "LINE_BREAK", "GiftError", "GiftProblem", "dump", "unexportable"]

BLANK = "_____"  # where a "missing word" question's answer block stood (Moodle's marker)
CATEGORY_LINE = "$CATEGORY:"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\\~=#{}:]")


@dataclass(frozen=True)
class GiftProblem:
    """One question GIFT cannot take: the line it starts on (0 when writing), its text, what."""

    line: int
    text: str
    message: Message

    def __str__(self):
        values = {"line": self.line, "message": str(self.message), "text": self.text}
        if self.line:
            return str(Message(gettext_noop("Line %(line)d: %(message)s — %(text)s"), values))
        return str(Message(gettext_noop("%(message)s — %(text)s"), values))


class GiftError(ValueError):
    """The file cannot be imported (or the questions exported); `errors` lists every problem."""

    def __init__(self, errors: list[GiftProblem]):
        self.errors = list(errors)
        super().__init__(self.errors)

    def __str__(self):
        return "\n".join(str(error) for error in self.errors)


def unexportable(question: dict) -> Message | None:
    """Why GIFT cannot carry this question, or None when it can."""
    qtype = question.get("qtype")
    if qtype not in _WRITERS:
        return Message(gettext_noop("GIFT has no %(qtype)s questions."), {"qtype": qtype})
    # "->" cannot be escaped, and Moodle reads an answer block with "=" and "->" as matching.
    if qtype == "short" and any("->" in answer["text"] + answer.get("feedback", "")
                                for answer in question["answers"]):
        return Message(gettext_noop("GIFT cannot write “->” in a short answer or its feedback."))
    if qtype == "matching" and any("->" in pair["text"] for pair in question["pairs"]):
        return Message(gettext_noop("GIFT cannot write “->” in the question part of a matching pair."))
    return None


def dump(questions: list[dict]) -> str:
    """The questions as a GIFT file; GiftError names every question GIFT cannot carry."""
    problems = []
    for number, question in enumerate(questions, 1):
        reason = unexportable(question)
        if reason:
            label = question.get("name") or question.get("text", "")[:60]
            message = Message(gettext_noop("Question %(number)d: %(reason)s"),
                              {"number": number, "reason": reason})
            problems.append(GiftProblem(0, label, message))
    if problems:
        raise GiftError(problems)
    chunks, category = [], None
    for question in questions:
        if question.get("category") and question["category"] != category:
            category = question["category"]
            chunks.append(f"{CATEGORY_LINE} {LINE_BREAK.sub(' ', category)}\n")
        chunks.append(_write(question) + "\n")
    return "\n".join(chunks)


def _write(question):
    text_format, name, text = question.get("format") or "moodle", question.get("name"), question["text"]
    head = f"::{_escape(name)}::" if name else ""
    # A tag also keeps text that starts like a tag, or like a comment, from being read as one.
    if text_format != "moodle" or text.lstrip().startswith("[") or (
            not head and text.lstrip().startswith("//")):
        head += f"[{text_format}]"
    block = _WRITERS[question["qtype"]](question, text_format)
    before, blank, after = text.partition(BLANK)
    # The block takes the blank's place only when text follows it: a block that ends the text
    # gives no blank back, so a text ending with the blank keeps it and is followed by the block.
    if block and blank and after.strip():
        return head + _escape(before) + block + _escape(after)
    return head + _escape(text) + block


def _escape(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda match: "\\" + match.group(0), text).replace("\n", "\\n")


def _text(text, text_format):
    """An answer's or feedback's text; a tag keeps text starting with "[" or "%" from being read
    as a tag or a weight."""
    text = text or ""
    return (f"[{text_format}]" if text.lstrip().startswith(("[", "%")) else "") + _escape(text)


def _feedback(text, text_format):
    return "#" + _text(text, text_format) if text else ""


def _percent(fraction):
    return format((Decimal(repr(float(fraction))) * 100).normalize(), "f")


def _number_text(value):
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _block(lines, question, text_format):
    if question.get("general_feedback"):
        lines = [*lines, "####" + _text(question["general_feedback"], text_format)]
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _write_choices(question, text_format):
    lines, marked = [], False
    for option in question["options"]:
        fraction = option["fraction"]
        # Only the first full-credit answer gets "=": answers all "=" would read as short answers.
        if question["qtype"] == "single" and fraction == 1 and not marked:
            prefix, marked = "=", True
        else:
            prefix = "~" if fraction == 0 else f"~%{_percent(fraction)}%"
        lines.append(prefix + _text(option["text"], text_format)
                     + _feedback(option.get("feedback"), text_format))
    return _block(lines, question, text_format)


def _write_short(question, text_format):
    lines = [f"=%{_percent(answer['fraction'])}%" + _text(answer["text"], text_format)
             + _feedback(answer.get("feedback"), text_format) for answer in question["answers"]]
    return _block(lines, question, text_format)


def _write_numerical(question, text_format):
    answers, lines = question["answers"], []
    for index, answer in enumerate(answers):
        feedback = _feedback(answer.get("feedback"), text_format)
        # GIFT's feedback for any other number comes last, after at least one "=" answer.
        if answer["value"] is None and not answer["fraction"] and index == len(answers) - 1 > 0:
            lines.append("~" + feedback)
        elif answer["value"] is None:
            lines.append(f"=%{_percent(answer['fraction'])}%*{feedback}")
        else:
            number = f"{_number_text(answer['value'])}:{_number_text(answer.get('tolerance') or 0)}"
            lines.append(f"=%{_percent(answer['fraction'])}%{number}{feedback}")
    return "{#" + _block(lines, question, text_format)[1:]


def _write_matching(question, text_format):
    lines = [f"={_text(pair['text'], text_format)} -> {_escape(pair['answer'])}"
             for pair in question["pairs"]]
    return _block(lines, question, text_format)


def _write_truefalse(question, text_format):
    right, wrong = question.get("feedback_true") or "", question.get("feedback_false") or ""
    if not question["answer"]:
        right, wrong = wrong, right
    feedback = ""
    if wrong or right:
        feedback = "#" + _text(wrong, text_format) + ("#" + _text(right, text_format) if right else "")
    answer = "TRUE" if question["answer"] else "FALSE"
    return "{" + answer + feedback + _general(question, text_format) + "}"


def _write_essay(question, text_format):
    return "{" + _general(question, text_format) + "}"


def _general(question, text_format):
    general_feedback = question.get("general_feedback")
    return "####" + _text(general_feedback, text_format) if general_feedback else ""


def _write_description(question, text_format):
    return ""


_WRITERS = {"single": _write_choices, "multiple": _write_choices, "short": _write_short,
            "numerical": _write_numerical, "matching": _write_matching,
            "truefalse": _write_truefalse, "essay": _write_essay,
            "description": _write_description}
