"""Importing files of questions into the bank, all or nothing, through the one path the admin and
`manage.py import_questions` share."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lms.quizzes import gift, moodlexml
from lms.quizzes.importing import import_file, read_questions
from lms.quizzes.models import Question, QuestionCategory, QuestionVersion
from lms.quizzes.services.bank import ImportRefused

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name, fmt", [("gift-all-forms.gift", "gift"),
                                       ("gift-features.gift", "gift"),
                                       ("gift-in-categories.gift", "gift"),
                                       ("moodle-all-types.xml", "moodlexml")])
def test_every_fixture_imports_whole(name, fmt):
    data = (FIXTURES / name).read_bytes()
    parsed = read_questions(data, fmt)
    made = import_file(data=data, fmt=fmt, category_name="Imported")
    assert len(made) == len(parsed) == Question.objects.count()
    assert QuestionVersion.objects.count() == len(parsed)
    named = {item["category"] for item in parsed if item.get("category")}
    assert named <= set(QuestionCategory.objects.values_list("name", flat=True))


@pytest.mark.parametrize("name, fmt", [("gift-errors.gift", "gift"),
                                       ("moodle-errors.xml", "moodlexml")])
def test_a_file_with_errors_imports_nothing_and_lists_every_error(name, fmt):
    data = (FIXTURES / name).read_bytes()
    with pytest.raises(ImportRefused) as refused:
        import_file(data=data, fmt=fmt, category_name="Imported")
    reader = gift.parse if fmt == "gift" else moodlexml.parse
    with pytest.raises((gift.GiftError, moodlexml.MoodleXmlError)) as direct:
        reader(data.decode() if fmt == "gift" else data)
    assert len(refused.value.problems) == len(direct.value.errors) > 1
    assert all(str(problem).startswith("Line ") for problem in refused.value.problems)
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_a_negative_credit_for_a_typed_answer_is_refused():
    xml = b"""<?xml version="1.0" encoding="UTF-8"?><quiz>
      <question type="shortanswer"><name><text>Tax</text></name>
        <questiontext format="html"><text>Which tax?</text></questiontext>
        <answer fraction="100"><text>VAT</text></answer>
        <answer fraction="-50"><text>Income tax</text></answer>
      </question></quiz>"""
    with pytest.raises(ImportRefused) as refused:
        import_file(data=xml, fmt="moodlexml", category_name="Tax")
    assert "negative credit" in str(refused.value.problems[0])


def test_text_that_is_not_utf8_is_refused_in_words():
    with pytest.raises(ImportRefused) as refused:
        import_file(data="增值税{=对}".encode("gb18030"), fmt="gift", category_name="Tax")
    assert "UTF-8" in str(refused.value.problems[0])


def test_the_command_prints_how_many_it_imported(capsys):
    call_command("import_questions", str(FIXTURES / "gift-all-forms.gift"), "--format", "gift",
                 "--category", "Public finance")
    count = Question.objects.count()
    assert count > 20
    assert capsys.readouterr().out.strip() == f"Imported {count} questions."


def test_the_command_reports_errors_and_imports_nothing(capsys):
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questions", str(FIXTURES / "gift-errors.gift"),
                     "--category", "Public finance")
    assert "Line " in capsys.readouterr().err
    assert not Question.objects.exists()
