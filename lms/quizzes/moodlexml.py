"""Reading Moodle XML question files into question dicts (SPEC's contract), every bad question
reported with its line; `dump` (moodlexml_dump) writes the same format back.

Decisions worth knowing:
- Text formats: html → "html", moodle_auto_format → "moodle", markdown → "markdown",
  plain_text → "plain"; wiki_like → "plain" (Moodle only shows such text escaped now); a missing or
  unknown format → "html", as Moodle assumes.
- Embedded <file> elements are not imported: texts keep their @@PLUGINFILE@@ references
  unchanged, so such images show broken until someone uploads them again.
- Cloze questions become "blanks" when every embedded answer is a short answer (SHORTANSWER, SA,
  MW; the _C kinds are case-sensitive); each blank counts equally (Moodle's per-blank weights only
  add up to the default mark). Other embedded kinds (MULTICHOICE, NUMERICAL, …) are refused.
- Ordering answers are taken in document order, as Moodle's qtype_ordering imports them; its
  grading type and subset options are not kept (SPEC grades one way, with every item shown).
- Ignored: <penalty>, <hidden>, hints, tags, combined feedback, numerical units, essay
  attachments and response format.
"""

import html
import math
import re
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, TreeBuilder
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

from lms.quizzes.messages import Message, gettext_noop
from lms.quizzes.moodlexml_dump import MOODLE_FORMATS, dump

__all__ = ["MoodleXmlError", "XmlProblem", "dump", "parse"]

_FORMATS = {moodle: ours for ours, moodle in MOODLE_FORMATS.items()} | {"wiki_like": "plain"}

_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_CATEGORY_CONTEXT = re.compile(r"^\$[a-z]+\$/?")  # $course$/, $system$/, $cat$/, $module$/ …
_CLOZE = re.compile(r"\{(\d*):([A-Z_]+):(.*?)(?<!\\)\}", re.S)
_CLOZE_ALTERNATIVE = re.compile(
    # Moodle's own rule: "#" starts the feedback unless escaped or part of an entity such as &#35;
    r"(=|%(-?\d+(?:[.,]\d*)?)%)?(.*?)(?:(?<!\\)(?<!&)(?<!&amp;)#(.*))?", re.S
)
_SHORT_ANSWER_KINDS = {"SHORTANSWER": False, "SA": False, "MW": False,
                       "SHORTANSWER_C": True, "SAC": True, "MWC": True}  # kind → case-sensitive


@dataclass(frozen=True)
class XmlProblem:
    """One thing wrong in the file: where, which question (name or start of text), and what."""

    line: int
    text: str
    message: Message

    def __str__(self):
        if self.text:
            frame = Message(gettext_noop("Line %(line)d: %(message)s — %(text)s"),
                            {"line": self.line, "message": str(self.message), "text": self.text})
        else:
            frame = Message(gettext_noop("Line %(line)d: %(message)s"),
                            {"line": self.line, "message": str(self.message)})
        return str(frame)


class MoodleXmlError(ValueError):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[XmlProblem]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class _Invalid(Exception):
    """A question that cannot even be read (a value that is not a number, a missing part)."""

    def __init__(self, message: Message):
        super().__init__(message.text)
        self.message = message


def parse(data: bytes | str) -> list[dict]:
    """The questions of a Moodle XML file, each with its "category" and the "line" it starts on."""
    root, lines = _read_tree(data)
    questions, problems, category = [], [], None
    for element in root.findall("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            category = _category_path(element)
            continue
        try:
            question = _read_question(element, qtype)
            messages = _check(question)
        except _Invalid as invalid:
            messages = [invalid.message]
        if messages:
            problems += [XmlProblem(lines[element], _label(element), message) for message in messages]
        else:
            questions.append({**question, "category": category, "line": lines[element]})
    if problems:
        raise MoodleXmlError(problems)
    return questions


class _LineRecordingBuilder(TreeBuilder):
    """Builds the tree with defusedxml's parser and remembers the line each <question> opens on."""

    def __init__(self):
        super().__init__()
        # A DTD has no place in Moodle XML; refusing it also refuses every entity trick.
        self.parser = XMLParser(target=self, forbid_dtd=True)
        self.lines = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if tag == "question":
            # XMLParser.parser is its expat parser, which is positioned on this start tag now.
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def _read_tree(data):
    builder = _LineRecordingBuilder()
    try:
        builder.parser.feed(data)
        root = builder.parser.close()
    except ParseError as error:
        message = Message(gettext_noop("The file is not well-formed XML: %(error)s."),
                          {"error": ErrorString(error.code)})
        raise MoodleXmlError([XmlProblem(error.position[0], "", message)]) from error
    except DefusedXmlException as error:
        message = Message(gettext_noop("The file declares a DTD or entities, which are refused for safety."))
        raise MoodleXmlError([XmlProblem(builder.parser.parser.CurrentLineNumber, "", message)]) from error
    if root.tag != "quiz":
        message = Message(gettext_noop("This is not Moodle XML: the root element is <%(tag)s>, not <quiz>."),
                          {"tag": root.tag})
        raise MoodleXmlError([XmlProblem(1, "", message)])
    return root, builder.lines


def _category_path(element):
    path = _text(element, "category") or (element.findtext("category") or "").strip()
    path = _CATEGORY_CONTEXT.sub("", path)
    path = re.sub(r"^top(/|$)", "", path)
    return path or None


def _label(element):
    return _text(element, "name") or _text(element, "questiontext")[:200]


def _read_question(element, qtype):
    reader = _READERS.get(qtype)
    if reader is None:
        raise _Invalid(Message(gettext_noop("Moodle question type '%(qtype)s' is not supported."),
                               {"qtype": qtype}))
    text_element = element.find("questiontext")
    moodle_format = text_element.get("format", "html") if text_element is not None else "html"
    question = {
        "name": _text(element, "name"),
        "text": _text(element, "questiontext"),
        "format": _FORMATS.get(moodle_format.strip(), "html"),
        "general_feedback": _text(element, "generalfeedback"),
        "default_mark": _number_of(element.findtext("defaultgrade"), "<defaultgrade>", 1.0),
    }
    return question | reader(element, question)


def _multichoice(element, question):
    return {
        "qtype": "single" if _flag(element, "single", True) else "multiple",
        "options": _answers(element),
        "shuffle": _flag(element, "shuffleanswers", False),  # Moodle's default when absent
    }


def _truefalse(element, question):
    answers = element.findall("answer")[:2]
    if not answers:
        raise _Invalid(Message(gettext_noop("A true/false question needs its 'true' and 'false' answers.")))
    feedback, right = {"true": "", "false": ""}, False
    for position, answer in enumerate(answers):
        word = _text(answer)
        if word not in feedback:  # old exports wrote localised words, true first then false
            word = "true" if position == 0 else "false"
        feedback[word] = _text(answer, "feedback")
        full_marks = _fraction(answer) == 1.0
        right = full_marks if word == "true" else not full_marks
    return {"qtype": "truefalse", "answer": right,
            "feedback_true": feedback["true"], "feedback_false": feedback["false"]}


def _shortanswer(element, question):
    case_sensitive = _flag(element, "usecase", False)
    return {"qtype": "short", "answers": _answers(element), "case_sensitive": case_sensitive}


def _numerical(element, question):
    answers = []
    for answer in element.findall("answer"):
        text = _text(answer)
        if not text:
            continue
        answers.append({
            "value": None if text == "*" else _number_of(text, "<answer>"),
            "tolerance": abs(_number_of(answer.findtext("tolerance"), "<tolerance>", 0.0)),
            "fraction": _fraction(answer),
            "feedback": _text(answer, "feedback"),
        })
    return {"qtype": "numerical", "answers": answers}


def _matching(element, question):
    pairs = []
    for subquestion in element.findall("subquestion"):
        pair = {"text": _text(subquestion), "answer": _text(subquestion, "answer")}
        if pair["text"] or pair["answer"]:  # Moodle's form leaves unused rows empty
            pairs.append(pair)
    return {"qtype": "matching", "pairs": pairs, "shuffle": _flag(element, "shuffleanswers", True)}


def _ordering(element, question):
    items = [{"text": text} for text in map(_text, element.findall("answer")) if text]
    return {"qtype": "ordering", "items": items}


def _essay(element, question):
    return {
        "qtype": "essay",
        "min_words": _word_limit(element, "minwordlimit"),
        "max_words": _word_limit(element, "maxwordlimit"),
        "grader_info": _text(element, "graderinfo"),
        "response_template": _text(element, "responsetemplate"),
    }


def _description(element, question):
    return {"qtype": "description", "default_mark": 0.0}


def _cloze(element, question):
    """A cloze text whose embedded short answers become [[1]], [[2]] … and their blanks."""
    blanks, weights, unsupported = [], [], []

    def blank_marker(match):
        number = len(blanks) + 1
        kind = match.group(2)
        if kind not in _SHORT_ANSWER_KINDS:
            unsupported.append(Message(
                gettext_noop("Embedded answer %(number)d is %(kind)s; only SHORTANSWER (SA, MW) "
                             "blanks are supported."), {"number": number, "kind": kind}))
        blanks.append({"id": str(number), "answers": _cloze_answers(match.group(3)),
                       "case_sensitive": _SHORT_ANSWER_KINDS.get(kind, False)})
        weights.append(int(match.group(1) or 1))
        return f"[[{number}]]"

    text = _CLOZE.sub(blank_marker, question["text"])
    if unsupported:
        raise _Invalid(unsupported[0])
    has_mark = element.find("defaultgrade") is not None  # only our own exports write one
    return {"qtype": "blanks", "text": text, "blanks": blanks,
            "default_mark": question["default_mark"] if has_mark else float(sum(weights))}


def _cloze_answers(alternatives):
    answers = []
    for alternative in re.split(r"(?<!\\)~", alternatives):
        match = _CLOZE_ALTERNATIVE.fullmatch(alternative)
        equals, percent, text, feedback = match.groups()
        text = _cloze_unescape(text)
        if not text:
            continue
        percent = "100" if equals == "=" else (percent or "0").replace(",", ".")
        fraction = round(float(percent) / 100, 10)
        answers.append({"text": text, "fraction": fraction, "feedback": _cloze_unescape(feedback or "")})
    return answers


def _cloze_unescape(text):
    # Moodle decodes entities first, then its backslash escapes.
    text = html.unescape(text)
    return text.replace("\\}", "}").replace("\\#", "#").replace("\\~", "~").strip()


def _check(question):
    """What makes a readable question unusable, as messages (none when it is fine)."""
    messages = []
    if not question["text"]:
        messages.append(Message(gettext_noop("The question text is empty.")))
    messages += _CHECKS.get(question["qtype"], lambda question: [])(question)
    return messages


def _check_choices(question):
    options = question["options"]
    messages = _check_fractions(options)
    if len(options) < 2:
        messages.append(Message(gettext_noop("A multiple-choice question needs at least two answers.")))
    elif question["qtype"] == "single":
        if not any(_is_full(option["fraction"]) for option in options):
            messages.append(Message(gettext_noop("None of the answers is worth 100%.")))
    else:
        total = sum(option["fraction"] for option in options if option["fraction"] > 0)
        if abs(total - 1.0) > 0.01:
            messages.append(Message(gettext_noop("The positive answers add up to %(total)s%%, not 100%%."),
                                    {"total": f"{total * 100:g}"}))
    return messages


def _check_typed(answers):
    """Typed answers (short, numerical, blanks) earn 0 to 100%, as in Moodle's short answer."""
    return [Message(gettext_noop("A typed answer cannot earn negative credit (%(value)s%%)."),
                    {"value": f"{answer['fraction'] * 100:g}"})
            for answer in answers if answer["fraction"] < 0]


def _check_answers(question):
    answers = question["answers"]
    if not answers:
        return [Message(gettext_noop("The question has no answers."))]
    messages = _check_fractions(answers) + _check_typed(answers)
    if not any(_is_full(answer["fraction"]) for answer in answers):
        messages.append(Message(gettext_noop("None of the answers is worth 100%.")))
    return messages


def _check_matching(question):
    stems = [pair for pair in question["pairs"] if pair["text"]]
    messages = [
        Message(gettext_noop("Subquestion '%(text)s' has no answer."), {"text": pair["text"][:60]})
        for pair in stems if not pair["answer"]
    ]
    if len(stems) < 2:
        messages.append(
            Message(gettext_noop("A matching question needs at least two subquestions with text."))
        )
    return messages


def _check_ordering(question):
    if len(question["items"]) < 2:
        return [Message(gettext_noop("An ordering question needs at least two items."))]
    return []


def _check_blanks(question):
    if not question["blanks"]:
        return [Message(gettext_noop("The cloze text has no embedded answers."))]
    return [
        Message(gettext_noop("Embedded answer %(number)s has no answer worth 100%%."),
                {"number": blank["id"]})
        for blank in question["blanks"]
        if not any(_is_full(answer["fraction"]) for answer in blank["answers"])
    ] + [message for blank in question["blanks"] for message in _check_typed(blank["answers"])]


def _check_essay(question):
    low, high = question["min_words"], question["max_words"]
    if low is not None and high is not None and low > high:
        return [Message(gettext_noop("The minimum word count %(min)d is above the maximum %(max)d."),
                        {"min": low, "max": high})]
    return []


def _check_fractions(answers):
    return [
        Message(gettext_noop("An answer's fraction %(value)s%% is outside -100%% to 100%%."),
                {"value": f"{answer['fraction'] * 100:g}"})
        for answer in answers if not -1.0 <= answer["fraction"] <= 1.0
    ]


def _answers(element):
    """The <answer>s with text (Moodle drops empty ones), as {"text", "fraction", "feedback"}."""
    return [
        {"text": _text(answer), "fraction": _fraction(answer), "feedback": _text(answer, "feedback")}
        for answer in element.findall("answer") if _text(answer)
    ]


def _text(element, tag=None):
    """The trimmed <text> of element's <tag> child (of element itself without a tag), "" if none."""
    node = element.find(f"{tag}/text" if tag else "text")
    return (node.text or "").strip() if node is not None else ""


def _fraction(answer):
    # Rounded so that Moodle's "33.33333" reads as 0.3333333, not 0.33333329999999994.
    return round(_number_of(answer.get("fraction"), "<answer fraction>", 0.0) / 100, 10)


def _flag(element, tag, default):
    value = element.findtext(tag)
    if value is None:
        return default
    return value.strip() not in ("", "0", "false")  # Moodle's trans_single


def _word_limit(element, tag):
    value = (element.findtext(tag) or "").strip()
    if not value.isdigit():
        if value:
            raise _Invalid(Message(gettext_noop("<%(tag)s> must be a whole number, not '%(value)s'."),
                                   {"tag": tag, "value": value[:40]}))
        return None
    return int(value) or None  # 0 is Moodle's "no limit" too


def _number_of(value, field, default=None):
    if value is None or (not value.strip() and default is not None):
        return default
    if not _NUMBER.fullmatch(value.strip()) or not math.isfinite(float(value)):
        raise _Invalid(Message(gettext_noop("%(field)s must be a number, not '%(value)s'."),
                               {"field": field, "value": value.strip()[:40]}))
    return float(value)


def _is_full(fraction):
    return math.isclose(fraction, 1.0, abs_tol=1e-6)


_READERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "match": _matching,
    "ordering": _ordering,
    "essay": _essay,
    "description": _description,
    "cloze": _cloze,
    "multianswer": _cloze,
}

_CHECKS = {
    "single": _check_choices,
    "multiple": _check_choices,
    "short": _check_answers,
    "numerical": _check_answers,
    "matching": _check_matching,
    "ordering": _check_ordering,
    "blanks": _check_blanks,
    "essay": _check_essay,
}
