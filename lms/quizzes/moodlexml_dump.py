"""Writing question dicts (SPEC's contract) as Moodle XML that Moodle imports and `moodlexml.parse`
reads back unchanged."""

import math
import re
import xml.etree.ElementTree as ET  # writing only: nothing untrusted is parsed here

__all__ = ["MOODLE_FORMATS", "dump"]

# Our text formats and Moodle's names for them (Moodle's qformat_xml::get_format).
MOODLE_FORMATS = {
    "html": "html",
    "moodle": "moodle_auto_format",
    "markdown": "markdown",
    "plain": "plain_text",
}

_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

_BLANK_MARKER = re.compile(r"\[\[(\d+)\]\]")

# Inside cloze markup Moodle decodes HTML entities (html_entity_decode) but its own backslash escapes
# only cover } and #, so every character that means something there goes out as a numeric entity.
_CLOZE_ENTITIES = str.maketrans({char: f"&#{ord(char)};" for char in "&<>#{}~\\"})


def dump(questions: list[dict]) -> bytes:
    """The questions as one Moodle XML file, with a category entry wherever the category changes."""
    quiz = ET.Element("quiz")
    current_category = None
    for question in questions:
        category = question.get("category")
        if category != current_category:
            quiz.append(_category_entry(category))
            current_category = category
        quiz.append(_question(question))
    ET.indent(quiz)
    return _XML_DECLARATION + ET.tostring(quiz, encoding="unicode").encode("utf-8") + b"\n"


def _category_entry(path):
    # Moodle's own exports put categories under the course's top category; an empty path (None)
    # takes the following questions back to that top category.
    entry = ET.Element("question", type="category")
    _text(entry, "category", "$course$/top" + (f"/{path}" if path else ""))
    return entry


def _question(question):
    qtype = question["qtype"]
    moodle_format = MOODLE_FORMATS.get(question.get("format", "moodle"), "moodle_auto_format")
    element = ET.Element("question", type=_MOODLE_TYPES[qtype])
    _text(element, "name", question.get("name", ""))
    text = question["text"]
    if qtype == "blanks":
        text = _cloze_text(text, question["blanks"])
    _text(element, "questiontext", text, moodle_format)
    _text(element, "generalfeedback", question.get("general_feedback", ""), moodle_format)
    default_mark = question.get("default_mark", 0.0 if qtype == "description" else 1.0)
    # Moodle ignores <defaultgrade> on a cloze question (its blanks' weights decide); it is kept
    # there all the same so that our own mark survives a round trip.
    _value(element, "defaultgrade", _number(default_mark))
    _value(element, "penalty", "0" if qtype == "description" else "0.3333333")
    _value(element, "hidden", "0")
    _WRITERS[qtype](element, question, moodle_format)
    return element


def _choices(element, question, moodle_format):
    _value(element, "single", _flag(question["qtype"] == "single"))
    _value(element, "shuffleanswers", _flag(question.get("shuffle", True)))
    _value(element, "answernumbering", "abc")
    for option in question["options"]:
        _answer(element, option["text"], option["fraction"], option.get("feedback", ""), moodle_format)


def _truefalse(element, question, moodle_format):
    right = question["answer"]
    _answer(element, "true", 1.0 if right else 0.0, question.get("feedback_true", ""), moodle_format)
    _answer(element, "false", 0.0 if right else 1.0, question.get("feedback_false", ""), moodle_format)


def _short(element, question, moodle_format):
    _value(element, "usecase", "1" if question.get("case_sensitive") else "0")
    for answer in question["answers"]:
        _answer(element, answer["text"], answer["fraction"], answer.get("feedback", ""), moodle_format)


def _numerical(element, question, moodle_format):
    for answer in question["answers"]:
        value = "*" if answer["value"] is None else _number(answer["value"])
        written = _answer(element, value, answer["fraction"], answer.get("feedback", ""), moodle_format)
        _value(written, "tolerance", _number(answer.get("tolerance", 0.0)))


def _matching(element, question, moodle_format):
    _value(element, "shuffleanswers", _flag(question.get("shuffle", True)))
    for pair in question["pairs"]:
        subquestion = ET.SubElement(element, "subquestion", format=moodle_format)
        ET.SubElement(subquestion, "text").text = pair["text"]
        _text(subquestion, "answer", pair["answer"])


def _ordering(element, question, moodle_format):
    items = question["items"]
    # Every item shown, graded "relative to the next item, excluding the last" as SPEC grades it.
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", str(len(items))),
        ("gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        _value(element, tag, value)
    # qtype_ordering lists the items in the right order, each one's fraction being its position.
    for position, item in enumerate(items, start=1):
        answer = ET.SubElement(element, "answer", fraction=str(position), format=moodle_format)
        ET.SubElement(answer, "text").text = item["text"]


def _essay(element, question, moodle_format):
    for tag, value in (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "15")):
        _value(element, tag, value)
    # An empty word limit is Moodle's "no limit".
    _value(element, "minwordlimit", _whole(question.get("min_words")))
    _value(element, "maxwordlimit", _whole(question.get("max_words")))
    for tag in ("attachments", "attachmentsrequired", "maxbytes"):
        _value(element, tag, "0")
    _text(element, "graderinfo", question.get("grader_info", ""), moodle_format)
    _text(element, "responsetemplate", question.get("response_template", ""), moodle_format)


def _common_parts_only(element, question, moodle_format):
    """A description has nothing beyond the common parts; a cloze question's blanks are in its text."""


def _cloze_text(text, blanks):
    """The text with each [[n]] marker replaced by Moodle's embedded short answer for blank n."""
    by_id = {blank["id"]: blank for blank in blanks}

    def embedded(match):
        blank = by_id.get(match.group(1))
        if blank is None:
            return match.group(0)
        kind = "SHORTANSWER_C" if blank.get("case_sensitive") else "SHORTANSWER"
        alternatives = "~".join(_cloze_alternative(answer) for answer in blank["answers"])
        return f"{{1:{kind}:{alternatives}}}"

    return _BLANK_MARKER.sub(embedded, text)


def _cloze_alternative(answer):
    fraction = answer["fraction"]
    prefix = "=" if math.isclose(fraction, 1.0) else f"%{_percent(fraction)}%"
    feedback = answer.get("feedback", "")
    alternative = prefix + answer["text"].translate(_CLOZE_ENTITIES)
    return alternative + ("#" + feedback.translate(_CLOZE_ENTITIES) if feedback else "")


def _answer(element, text, fraction, feedback, moodle_format):
    answer = ET.SubElement(element, "answer", fraction=_percent(fraction), format=moodle_format)
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", feedback, moodle_format)
    return answer


def _text(parent, tag, text, moodle_format=None):
    """A <tag format="…"><text>…</text></tag> child, Moodle's shape for every piece of text."""
    attributes = {"format": moodle_format} if moodle_format else {}
    wrapper = ET.SubElement(parent, tag, attributes)
    ET.SubElement(wrapper, "text").text = text
    return wrapper


def _value(parent, tag, text):
    ET.SubElement(parent, tag).text = text


def _flag(value):
    return "true" if value else "false"


def _whole(value):
    return "" if value is None else str(int(value))


def _percent(fraction):
    # Seven decimals of a percent is Moodle's own precision (e.g. 33.33333 for a third).
    return _number(round(fraction * 100, 7))


def _number(value):
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


_MOODLE_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "truefalse": "truefalse",
    "short": "shortanswer",
    "numerical": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "blanks": "cloze",
    "essay": "essay",
    "description": "description",
}

_WRITERS = {
    "single": _choices,
    "multiple": _choices,
    "truefalse": _truefalse,
    "short": _short,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
    "blanks": _common_parts_only,
    "essay": _essay,
    "description": _common_parts_only,
}
