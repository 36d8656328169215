"""The question editor's form: a question written in GIFT, in the line notations of ordering and
fill-in-the-blanks questions (which GIFT lacks), or as JSON; read into the question dict of the
data contract, checked, and written back out for editing."""

import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm

from lms.platform.ids import IdModelChoiceField
from lms.quizzes import gift, questions
from lms.quizzes.formatting import FORMATS
from lms.quizzes.models import Question, QuestionCategory

SOURCE_LIMIT = 200_000

NOTATIONS = [
    ("gift", _("GIFT (every type except ordering and fill in the blanks)")),
    ("ordering", _("Ordering: one item a line")),
    ("blanks", _("Fill in the blanks: [[1]] in the text, answers below")),
    ("json", _("JSON (every field of the question)")),
]

SOURCE_HELP = _("One question, written in the notation chosen above (examples below).")


class NotationError(Exception):
    """A source that cannot be read: `messages` says where and why, in words."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = list(messages)


# The line notations ---------------------------------------------------------------------------

_NAME = re.compile(r"^::(.*?)::")
_FORMAT_TAG = re.compile(r"^\[(\w+)\]")
_ITEM = re.compile(r"^-\s*(.*)$")
_ANSWER_LINE = re.compile(r"^\[\[(\d+)\]\]\s*=(.*)$")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_GENERAL = "####"


def _lines(source):
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _head(text_lines):
    """(name, format, text) from the lines before the items or answers."""
    text = "\n".join(text_lines).strip()
    name, fmt = "", "moodle"
    found = _NAME.match(text)
    if found:
        name, text = found.group(1).strip(), text[found.end():].lstrip()
    tag = _FORMAT_TAG.match(text)
    if tag:
        if tag.group(1) not in FORMATS:
            raise NotationError([_("Unknown text format [%(format)s]: use [moodle], [html], "
                                   "[markdown] or [plain].") % {"format": tag.group(1)}])
        fmt, text = tag.group(1), text[tag.end():].lstrip()
    if not text:
        raise NotationError([_("Write the question's text first.")])
    return name, fmt, text


def _split_general(source):
    """The lines before the general feedback, and the general feedback."""
    lines = _lines(source)
    for index, line in enumerate(lines):
        if line.strip().startswith(_GENERAL):
            rest = [line.strip()[len(_GENERAL):], *lines[index + 1:]]
            return lines[:index], "\n".join(rest).strip()
    return lines, ""


def ordering_read(source):
    """An ordering question from its line notation."""
    lines, general = _split_general(source)
    first = next((n for n, line in enumerate(lines) if _ITEM.match(line.strip())), len(lines))
    items, problems = [], []
    for number, line in enumerate(lines[first:], start=first + 1):
        line = line.strip()
        if not line:
            continue
        item = _ITEM.match(line)
        if item is None:
            problems.append(_("Line %(line)d: after the items only “####general feedback” may "
                              "follow; start each item with “- ”.") % {"line": number})
        elif item.group(1).strip():
            items.append({"text": item.group(1).strip()})
    if len(items) < 2:
        problems.append(_("List at least two items, one a line starting with “- ”, in the "
                          "right order."))
    if problems:
        raise NotationError(problems)
    name, fmt, text = _head(lines[:first])
    return {"qtype": "ordering", "name": name, "format": fmt, "text": text,
            "general_feedback": general, "items": items}


def _split_unescaped(text, separator):
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current + ("\\" if escaped else "")]


def _unescape(text):
    return re.sub(r"\\([\\|#%])", r"\1", text)


def _blank_answer(part, number):
    part = part.strip()
    fraction = 1.0
    weight = _WEIGHT.match(part)
    if weight:
        fraction, part = float(weight.group(1)) / 100, part[weight.end():].strip()
    answer, *feedback = _split_unescaped(part, "#")
    if not answer.strip():
        raise NotationError([_("Line %(line)d: an answer is empty.") % {"line": number}])
    return {"text": _unescape(answer.strip()), "fraction": fraction,
            "feedback": _unescape("#".join(feedback).strip())}


def blanks_read(source):
    """A fill-in-the-blanks question from its line notation."""
    lines, general = _split_general(source)
    text_lines, blanks, problems = [], {}, []
    for number, line in enumerate(lines, start=1):
        answer_line = _ANSWER_LINE.match(line.strip())
        if answer_line is None:
            if blanks and line.strip():
                problems.append(_("Line %(line)d: after the answers only “####general feedback” "
                                  "may follow; an answer line starts with “[[1]] =”.")
                                % {"line": number})
            elif not blanks:
                text_lines.append(line)
            continue
        blank = str(int(answer_line.group(1)))
        if blank in blanks:
            problems.append(_("Line %(line)d: blank [[%(blank)s]] has answers on two lines; "
                              "separate its answers with “|”.") % {"line": number,
                                                                   "blank": blank})
            continue
        try:
            answers = [_blank_answer(part, number)
                       for part in _split_unescaped(answer_line.group(2), "|")]
        except NotationError as error:
            problems.extend(error.messages)
            continue
        blanks[blank] = {"id": blank, "answers": answers, "case_sensitive": False}
    if not blanks:
        problems.append(_("Give each blank its answers on a line such as “[[1]] = answer”."))
    if problems:
        raise NotationError(problems)
    name, fmt, text = _head(text_lines)
    return {"qtype": "blanks", "name": name, "format": fmt, "text": text,
            "general_feedback": general, "blanks": list(blanks.values())}


def _head_text(q):
    name = q.get("name") or ""
    if "::" in name or "\n" in name:
        return None
    head = f"::{name}::" if name else ""
    text = q["text"]
    if q.get("format", "moodle") != "moodle" or text.lstrip().startswith(("[", "::")):
        head += f"[{q.get('format', 'moodle')}]"
    return head + text


def _general_line(q):
    return [_GENERAL + q["general_feedback"]] if q.get("general_feedback") else []


def _one_line(text):
    return "\n" not in text and "\r" not in text


def ordering_write(q):
    """The line notation of an ordering question, or None when it cannot say all of it."""
    head = _head_text(q)
    text_lines = _lines(q["text"])
    if (head is None or any(_ITEM.match(line.strip()) or line.strip().startswith(_GENERAL)
                            for line in text_lines)
            or not all(_one_line(item["text"]) and item["text"].strip() == item["text"]
                       for item in q["items"])):
        return None
    return "\n".join([head, *(f"- {item['text']}" for item in q["items"]), *_general_line(q)])


def _escape(text):
    return re.sub(r"([\\|#])", r"\\\1", text)


def _number(value):
    return format(value, ".12g")


def blanks_write(q):
    """The line notation of a fill-in-the-blanks question, or None when it cannot say all of
    it (a case-sensitive blank, an answer on several lines)."""
    head = _head_text(q)
    if head is None or any(_ANSWER_LINE.match(line.strip()) or line.strip().startswith(_GENERAL)
                           for line in _lines(q["text"])):
        return None
    lines = [head]
    for blank in q["blanks"]:
        if blank.get("case_sensitive"):
            return None
        parts = []
        for answer in blank["answers"]:
            if not (_one_line(answer["text"]) and _one_line(answer.get("feedback", ""))):
                return None
            weight = "" if answer["fraction"] == 1 else f"%{_number(answer['fraction'] * 100)}%"
            text = _escape(answer["text"])
            if text.startswith("%"):
                text = "\\" + text
            feedback = f"#{_escape(answer['feedback'])}" if answer.get("feedback") else ""
            parts.append(weight + text + feedback)
        lines.append(f"[[{blank['id']}]] = " + " | ".join(parts))
    return "\n".join([*lines, *_general_line(q)])


# GIFT and JSON --------------------------------------------------------------------------------

def gift_read(source):
    """One question written in GIFT."""
    try:
        found = gift.parse(source)
    except gift.GiftError as error:
        raise NotationError([_("Line %(line)d: %(message)s") % {"line": problem.line,
                                                               "message": problem.message}
                             for problem in error.errors]) from error
    if not found:
        raise NotationError([_("Write the question here in GIFT.")])
    if len(found) > 1:
        raise NotationError([_("Write one question here (these lines hold %(count)d); import a "
                               "file to add several.") % {"count": len(found)}])
    return found[0]


def gift_write(q):
    if gift.unexportable(q) is not None:
        return None
    return gift.dump([q]).strip()


def _without_ids(q):
    """The question without the ids of its options, pairs and items (the bank keeps those of
    unchanged entries itself) nor where an import found it."""
    q = {key: value for key, value in q.items() if key not in ("category", "line")}
    for key in ("options", "pairs", "items"):
        if key in q:
            q[key] = [{k: v for k, v in part.items() if k != "id"} for part in q[key]]
    return q


def json_read(source):
    try:
        data = json.loads(source)
    except RecursionError as error:
        raise NotationError([_("This JSON is nested too deeply to be a question.")]) from error
    except ValueError as error:
        raise NotationError([_("Line %(line)d, column %(column)d: this is not JSON (%(reason)s).")
                             % {"line": getattr(error, "lineno", 0),
                                "column": getattr(error, "colno", 0),
                                "reason": getattr(error, "msg", str(error))}]) from error
    if not isinstance(data, dict):
        raise NotationError([_("Write the question as one JSON object: {\"qtype\": …}.")])
    return data


def json_write(q):
    return json.dumps(_without_ids(q), ensure_ascii=False, indent=2)


READERS = {"gift": gift_read, "ordering": ordering_read, "blanks": blanks_read,
           "json": json_read}
WRITERS = {"gift": gift_write, "ordering": ordering_write, "blanks": blanks_write,
           "json": json_write}


def read(notation, source, default_mark=None):
    """The question dict `source` writes, checked (questions.normalise_question); the form's
    mark replaces the source's. Raises NotationError."""
    data = READERS[notation](source)
    data = {key: value for key, value in data.items() if key not in ("category", "line")}
    if default_mark is not None:
        data["default_mark"] = float(default_mark)
    try:
        questions.normalise_question(data)
    except questions.QuestionError as error:
        raise NotationError([str(message) for message in error.messages]) from error
    return data


def _same(data, q):
    try:
        normal = questions.normalise_question(data)
    except questions.QuestionError:
        return False
    return _without_ids(normal) == _without_ids(q)


def written(q):
    """(notation, source) to edit the question `q` in: the first of GIFT, the line notation of
    its type and JSON that says all of it, so saving it unchanged changes nothing."""
    for notation in ("gift", q["qtype"], "json"):
        if notation not in WRITERS:
            continue
        source = WRITERS[notation](q)
        if source is None:
            continue
        try:
            data = READERS[notation](source)
        except NotationError:
            continue
        data["default_mark"] = q.get("default_mark", 1.0)
        if _same({k: v for k, v in data.items() if k not in ("category", "line")}, q):
            return notation, source
    return "json", json_write(q)


# The form -------------------------------------------------------------------------------------

class QuestionForm(WagtailAdminModelForm):
    """A question of the bank: its category and tags, its mark, and what it asks written in one
    of the notations; `question_data` is the question dict once the form is valid."""

    category = IdModelChoiceField(queryset=QuestionCategory.objects.all(),
                                  label=_("Category"))
    default_mark = forms.DecimalField(
        label=_("Default mark"), min_value=0, max_value=1000, max_digits=8, decimal_places=2,
        initial=1, help_text=_("What the question is worth in a quiz that gives it no mark of "
                               "its own (a text-only question is worth 0)."))
    notation = forms.ChoiceField(label=_("Written in"), choices=NOTATIONS, initial="gift")
    source = forms.CharField(
        label=_("Question"), max_length=SOURCE_LIMIT, help_text=SOURCE_HELP, strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false",
                                     "class": "lms-question-source"}))

    class Meta:
        model = Question
        fields = ["category", "tags"]

    field_order = ["category", "tags", "default_mark", "notation", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_data = None
        version = self.instance.current_version if self.instance.pk else None
        if version is not None and not self.is_bound:
            notation, source = written(version.data)
            self.initial.update({"notation": notation, "source": source,
                                 "default_mark": version.default_mark})

    def clean(self):
        cleaned = super().clean()
        notation, source = cleaned.get("notation"), cleaned.get("source")
        if notation and source is not None and "default_mark" not in self.errors:
            try:
                self.question_data = read(notation, source, cleaned.get("default_mark"))
            except NotationError as error:
                self.add_error("source", error.messages)
        return cleaned
