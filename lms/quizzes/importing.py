"""Importing a file of questions, GIFT or Moodle XML, all or nothing: the one path the admin's
import screen and `manage.py import_questions` share."""

from lms.quizzes import gift, moodlexml
from lms.quizzes.services.bank import ImportProblem, ImportRefused, questions_import

FORMATS = {"gift": "GIFT", "moodlexml": "Moodle XML"}


def guess_format(filename):
    """"moodlexml" for an .xml file, else "gift"."""
    return "moodlexml" if str(filename).lower().endswith(".xml") else "gift"


def read_questions(data, fmt):
    """The questions of a file's bytes in a format; ImportRefused lists every bad question."""
    if fmt == "moodlexml":
        try:
            return moodlexml.parse(data)
        except moodlexml.MoodleXmlError as refused:
            raise ImportRefused([ImportProblem(problem.line, problem.text, str(problem.message))
                                 for problem in refused.errors]) from refused
    if fmt != "gift":
        raise ValueError(f"unknown format {fmt!r}")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as refused:
        from lms.quizzes.messages import Message, gettext_noop

        raise ImportRefused([ImportProblem(1, "", str(Message(gettext_noop(
            "The file is not UTF-8 text; save it as UTF-8 and import it again."))))]) from refused
    try:
        return gift.parse(text)
    except gift.GiftError as refused:
        raise ImportRefused([ImportProblem(problem.line, problem.text, str(problem.message))
                             for problem in refused.errors]) from refused


def import_file(*, data, fmt, category_name, by=None, tags=None):
    """Read a file and import its questions into the bank: the questions made, or
    ImportRefused with every problem (and nothing imported)."""
    return questions_import(items=read_questions(data, fmt), category_name=category_name,
                            by=by, tags=tags)
