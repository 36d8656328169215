"""Writes of the question bank: a question written or edited (each change a new version, so
past attempts keep what they showed) and whole files of questions imported at once."""

import html
import re

from django.db import transaction

from lms.quizzes import questions
from lms.quizzes.messages import Message, gettext_noop
from lms.quizzes.models import Question, QuestionCategory, QuestionVersion


class ImportProblem:
    """One question an import cannot take: its line, its text and why."""

    def __init__(self, line, text, message):
        self.line, self.text, self.message = line, text, message

    def __str__(self):
        return str(Message(gettext_noop("Line %(line)s: %(message)s — %(text)s"),
                           {"line": self.line, "message": self.message, "text": self.text}))


class ImportRefused(Exception):
    """The file has questions that cannot be imported: nothing was; `problems` lists each."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def _keep_ids(data, previous):
    """Give an edited question's options, pairs and items the ids they had when their text is
    unchanged, so answers to the old version still name them (and a regrade can move them)."""
    if not previous or previous.get("qtype") != data.get("qtype"):
        return data
    data = dict(data)
    for key, same in (("options", ("text",)), ("pairs", ("text", "answer")),
                      ("items", ("text",))):
        known = {tuple(part.get(name) for name in same): part["id"]
                 for part in previous.get(key, []) if part.get("id")}
        if key in data:
            data[key] = [part if part.get("id") else
                         {**part, **({"id": known[k]} if (k := tuple(
                             part.get(name) for name in same)) in known else {})}
                         for part in data[key]]
    return data


def excerpt(question, length=60):
    """A question's text as one plain line, cut to `length` characters: its name when it has
    none, and how an import names a question it cannot take."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", str(question.get("text") or "")))
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


def _comparable(data):
    return {key: value for key, value in data.items() if key not in ("category", "line")}


def question_save(*, data, category, tags=None, question=None, by=None):
    """Write a question: a new one, or a new version of `question` when what it asks changed
    (its category and tags change in place). Raises questions.QuestionError."""
    previous = question.current_version.data if question and question.current_version else None
    normal = questions.normalise_question(_keep_ids(data, previous))
    with transaction.atomic():
        if question is None:
            question = Question.objects.create(category=category, qtype=normal["qtype"],
                                               name=_name(normal), created_by=by)
        else:
            question = Question.objects.select_for_update().get(pk=question.pk)
            question.category = category
        if previous is None or _comparable(previous) != _comparable(normal):
            _new_version(question, normal, by)
        question.save()
        if tags is not None:
            question.tags.set(tags, clear=True)
    return question


def _name(normal):
    return (normal.get("name") or "").strip()[:255] or excerpt(normal)


def _new_version(question, normal, by):
    number = (question.versions.order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    version = QuestionVersion.objects.create(
        question=question, number=number, qtype=normal["qtype"],
        default_mark=normal["default_mark"], data=_comparable(normal), created_by=by)
    question.current_version, question.qtype, question.name = version, normal["qtype"], _name(
        normal)
    return version


def questions_import(*, items, category_name, by=None, tags=None):
    """Import parsed questions (lms.quizzes.gift / moodlexml output) all or nothing: each into
    the category its file names ($CATEGORY:) or `category_name`. Raises ImportRefused listing
    every question that cannot be taken. Returns the questions made."""
    normals, problems = [], []
    for item in items:
        try:
            normals.append(questions.normalise_question(item))
        except questions.QuestionError as refused:
            text = excerpt(item) if isinstance(item, dict) else ""
            problems.extend(ImportProblem(item.get("line", "?"), text, str(message))
                            for message in refused.messages)
    if problems:
        raise ImportRefused(problems)
    made = []
    with transaction.atomic():
        categories = {}
        for normal in normals:
            name = (normal.get("category") or category_name or "").strip()[:255] or "Default"
            if name not in categories:
                categories[name], _created = QuestionCategory.objects.get_or_create(name=name)
            question = Question(category=categories[name], qtype=normal["qtype"],
                                name=_name(normal), created_by=by)
            question.save()
            _new_version(question, normal, by)
            question.save(update_fields=["current_version", "qtype", "name"])
            if tags:
                question.tags.set(tags)
            made.append(question)
    return made
