"""The question bank in the Wagtail admin: who sees and changes what, writing questions in GIFT
and the line notations (a new version only when what a question asks changed), the preview,
deleting what is not in use, categories, the chooser, importing files all or nothing and
exporting a category — permissions checked on the server, forged requests included."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.quizzes import forms as notations
from lms.quizzes import gift
from lms.quizzes.models import Question, QuestionCategory, QuestionVersion
from lms.quizzes.services import attempt_start
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course
from tests.lms.quizzes.adminpages import login_redirect, page, refused
from tests.lms.quizzes.factories import QUESTIONS, bank_category, make_question, make_quiz

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"

GIFT_SINGLE = "::VAT kind::增值税属于哪一类税？{=流转税#对 ~所得税#不对 ~财产税}"


def question_post(client, url, *, source, category, notation="gift", tags="", mark="1"):
    return client.post(url, {"category": category.pk, "tags": tags, "default_mark": mark,
                             "notation": notation, "source": source})


@pytest.fixture
def taxes():
    return bank_category("Taxes")


# Who sees what --------------------------------------------------------------------------------

def screens(question, category):
    return {
        "bank": reverse("quiz_bank:index"),
        "add": reverse("quiz_bank:add"),
        "edit": reverse("quiz_bank:edit", args=[question.pk]),
        "import": reverse("quiz_bank:import"),
        "categories": reverse("quiz_categories:index"),
        "category add": reverse("quiz_categories:add"),
        "export": reverse("quiz_categories:export", args=[category.pk]),
        "chooser": reverse("question_chooser:choose"),
    }


def test_anonymous_users_are_sent_to_sign_in(client, taxes):
    question = make_question(category=taxes)
    for name, url in screens(question, taxes).items():
        assert login_redirect(client.get(url)), name
    assert login_redirect(client.post(reverse("quiz_bank:add"), {"source": GIFT_SINGLE}))
    assert Question.objects.count() == 1


def test_trainees_see_none_of_it(client, trainee, taxes):
    question = make_question(category=taxes)
    client.force_login(trainee)
    for name, url in screens(question, taxes).items():
        response = client.get(url)
        assert login_redirect(response) or refused(response), name
    response = question_post(client, reverse("quiz_bank:add"), source=GIFT_SINGLE,
                             category=taxes)
    assert login_redirect(response) or refused(response)
    assert Question.objects.count() == 1


def test_instructors_write_questions_but_delete_nothing(client, instructor, taxes):
    question = make_question(category=taxes)
    client.force_login(instructor)
    for name, url in screens(question, taxes).items():
        assert client.get(url).status_code == 200, name
    assert refused(client.get(reverse("quiz_bank:delete", args=[question.pk])))
    assert refused(client.post(reverse("quiz_bank:delete", args=[question.pk])))
    assert refused(client.post(reverse("quiz_categories:delete", args=[taxes.pk])))
    assert refused(client.post(reverse("quiz_categories:edit", args=[taxes.pk]),
                               {"name": "Renamed", "description": ""}))
    assert Question.objects.filter(pk=question.pk).exists()
    assert QuestionCategory.objects.get(pk=taxes.pk).name == "Taxes"
    listing = page(client.get(reverse("quiz_bank:index")))
    assert reverse("quiz_bank:delete", args=[question.pk]) not in listing


def test_the_curator_deletes_a_question_nobody_uses(client, curator, taxes):
    question = make_question(category=taxes)
    client.force_login(curator)
    assert "Are you sure" in page(client.get(reverse("quiz_bank:delete", args=[question.pk])))
    assert client.post(reverse("quiz_bank:delete", args=[question.pk])).status_code == 302
    assert not Question.objects.exists()


def test_a_question_in_a_quiz_or_answered_is_not_deleted_and_the_screen_says_why(
        client, curator, taxes):
    question = make_question(category=taxes)
    quiz = make_quiz(make_course("TAX-1"), [question], title="Tax basics")
    client.force_login(curator)
    response = client.post(reverse("quiz_bank:delete", args=[question.pk]), follow=True)
    assert "Tax basics" in page(response) and "cannot be deleted" in page(response)
    assert Question.objects.filter(pk=question.pk).exists()
    # Out of the quiz, but answered in an attempt (a preview here): the record keeps it.
    attempt_start(quiz=quiz, user=curator)
    quiz.slots.all().delete()
    response = client.post(reverse("quiz_bank:delete", args=[question.pk]), follow=True)
    assert "answered in attempts" in page(response)
    assert Question.objects.filter(pk=question.pk).exists()


# Writing questions ----------------------------------------------------------------------------

def test_a_question_written_in_gift_is_saved_with_its_category_and_tags(client, instructor,
                                                                       taxes):
    client.force_login(instructor)
    response = question_post(client, reverse("quiz_bank:add"), source=GIFT_SINGLE,
                             category=taxes, tags="税收, 基础", mark="2")
    assert response.status_code == 302
    question = Question.objects.get()
    version = question.current_version
    assert (question.name, question.qtype, question.category, question.created_by) == (
        "VAT kind", "single", taxes, instructor)
    assert sorted(question.tags.names()) == ["基础", "税收"]
    assert version.number == 1 and version.created_by == instructor
    assert [o["text"] for o in version.data["options"]] == ["流转税", "所得税", "财产税"]
    assert version.data["default_mark"] == 2.0


def test_what_cannot_be_read_is_said_on_the_field_and_nothing_is_saved(client, instructor,
                                                                       taxes):
    client.force_login(instructor)
    for source, words in [
        ("Which tax? {=VAT ~Income tax", "not closed"),
        ("Which tax? {~VAT ~Income tax}", "No answer is right"),
        ("::A::One {=x ~y}\n\n::B::Two {=x ~y}", "one question"),
        ("", "This field is required"),
    ]:
        html = page(question_post(client, reverse("quiz_bank:add"), source=source,
                                  category=taxes))
        assert words in html, source
    html = page(question_post(client, reverse("quiz_bank:add"), notation="json",
                              source='{"qtype": "single", "text": "Hm", "options": []}',
                              category=taxes))
    assert "error-message" in html and "option" in html
    html = page(question_post(client, reverse("quiz_bank:add"), notation="json",
                              source='{"qtype": ', category=taxes))
    assert "this is not JSON" in html
    assert not Question.objects.exists()


def test_forged_values_are_refused_not_crashed_on(client, instructor, taxes):
    client.force_login(instructor)
    for category in ("99999999999999999999999", "abc", "-1"):
        response = client.post(reverse("quiz_bank:add"), {
            "category": category, "default_mark": "1", "notation": "gift",
            "source": GIFT_SINGLE})
        assert "Select a valid choice" in page(response)
    response = client.post(reverse("quiz_bank:add"), {
        "category": taxes.pk, "default_mark": "1", "notation": "yaml", "source": GIFT_SINGLE})
    assert "Select a valid choice" in page(response)
    assert client.get("/admin/question-bank/edit/99999999999999999999999/").status_code == 404
    assert not Question.objects.exists()


def test_editing_makes_a_new_version_only_when_what_it_asks_changed(client, instructor, taxes):
    question = make_question("single", category=taxes)
    first = question.current_version
    client.force_login(instructor)
    url = reverse("quiz_bank:edit", args=[question.pk])
    html = page(client.get(url))
    source = notations.written(first.data)[1]
    assert notations.written(first.data)[0] == "gift"
    # Saved as the editor shows it: the same version, though the tags and category changed.
    elsewhere = bank_category("Finance")
    response = question_post(client, url, source=source, category=elsewhere, tags="vat")
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.current_version_id, question.category, list(question.tags.names())) == (
        first.pk, elsewhere, ["vat"])
    assert "keeps version 1" in page(client.get(reverse("quiz_bank:index")))
    assert "增值税" in html
    # The wrong answers get better feedback: version 2, the options keep their ids.
    response = question_post(client, url, source=source.replace("SECRET-FEEDBACK-single-wrong",
                                                                "Income tax is direct"),
                             category=elsewhere)
    assert response.status_code == 302
    question.refresh_from_db()
    second = question.current_version
    assert second.number == 2 and second.created_by == instructor
    assert [o["id"] for o in second.data["options"]] == [o["id"] for o in first.data["options"]]
    assert second.data["options"][1]["feedback"] == "Income tax is direct"
    assert QuestionVersion.objects.filter(question=question).count() == 2
    # A different mark is a change to what the question asks.
    question_post(client, url, source=source, category=elsewhere, mark="3")
    question.refresh_from_db()
    assert question.current_version.number == 3


@pytest.mark.parametrize("qtype", sorted(QUESTIONS))
def test_every_type_is_shown_in_a_notation_that_saves_back_unchanged(client, curator, qtype):
    question = make_question(qtype)
    client.force_login(curator)
    url = reverse("quiz_bank:edit", args=[question.pk])
    form = page(client.get(url))
    notation, source = notations.written(question.current_version.data)
    assert notation == {"ordering": "ordering", "blanks": "blanks", "essay": "json"}.get(
        qtype, "gift")
    assert f'<option value="{notation}" selected>' in form
    response = question_post(client, url, source=source, notation=notation,
                             category=question.category,
                             mark=str(question.current_version.default_mark))
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.current_version.number == 1


def test_ordering_and_blanks_are_written_in_their_line_notations(client, instructor, taxes):
    client.force_login(instructor)
    ordering = ("::Budget steps::Put the steps of a budget in order.\n- Draft\n- Review\n"
                "- Approve\n- Publish\n####The budget law sets these steps.")
    assert question_post(client, reverse("quiz_bank:add"), notation="ordering", source=ordering,
                         category=taxes).status_code == 302
    blanks = ("::Grant::Grant was born in [[1]] in [[2]].\n"
              "[[1]] = Ohio#His home state | %50%Columbus#Its capital: half marks\n"
              "[[2]] = 1822\n")
    assert question_post(client, reverse("quiz_bank:add"), notation="blanks", source=blanks,
                         category=taxes).status_code == 302
    steps, grant = Question.objects.order_by("pk")
    data = steps.current_version.data
    assert (data["qtype"], data["name"], data["general_feedback"]) == (
        "ordering", "Budget steps", "The budget law sets these steps.")
    assert [item["text"] for item in data["items"]] == ["Draft", "Review", "Approve", "Publish"]
    data = grant.current_version.data
    assert data["text"] == "Grant was born in [[1]] in [[2]]."
    assert data["blanks"][0]["answers"] == [
        {"text": "Ohio", "fraction": 1.0, "feedback": "His home state"},
        {"text": "Columbus", "fraction": 0.5, "feedback": "Its capital: half marks"}]
    html = page(question_post(client, reverse("quiz_bank:add"), notation="blanks",
                              source="Born in [[1]].\n[[1]] = Ohio\n[[1]] = Texas\nstray",
                              category=taxes))
    assert "Line 3" in html and "Line 4" in html
    html = page(question_post(client, reverse("quiz_bank:add"), notation="ordering",
                              source="Order these.\n- Only one", category=taxes))
    assert "at least two items" in html
    assert Question.objects.count() == 2


def test_the_edit_screen_previews_the_question_with_its_answer_and_its_versions(
        client, instructor, taxes):
    question = make_question("single", category=taxes)
    client.force_login(instructor)
    html = page(client.get(reverse("quiz_bank:edit", args=[question.pk])))
    preview = html[html.index("data-question-preview"):]
    assert "增值税属于哪一类税？" in preview and 'type="radio"' in preview
    answer = preview[preview.index("data-question-answer"):]
    assert "The right answer is: 流转税" in answer
    assert "SECRET-FEEDBACK-single-wrong" in answer and "-50%" in answer
    assert "SECRET-GENERAL-single" in answer
    versions = html[html.index("data-question-versions"):]
    assert "<td>1</td>" in versions


def test_a_copy_is_a_new_question(client, instructor, taxes):
    question = make_question("matching", category=taxes)
    client.force_login(instructor)
    form = page(client.get(reverse("quiz_bank:copy", args=[question.pk])))
    assert "Canada -&gt; Ottawa" in form
    source = notations.written(question.current_version.data)[1]
    assert question_post(client, reverse("quiz_bank:add"), source=source.replace(
        "Capitals", "Capitals again"), category=taxes).status_code == 302
    assert Question.objects.count() == 2
    assert question.versions.count() == 1


# The listing ----------------------------------------------------------------------------------

def test_the_bank_lists_filters_and_finds_a_chinese_word_inside_a_text(client, curator, taxes):
    make_question("single", category=taxes, tags=["vat"])
    make_question("truefalse", category=bank_category("Astronomy"), name="Sunrise east")
    make_question("short", category=taxes, name="", text="基层治理现代化的主要内容是什么？")
    client.force_login(curator)
    html = page(client.get(reverse("quiz_bank:index")))
    row = html[html.index("VAT kind"):]
    assert "Single choice" in row[:2000] and "Taxes" in row[:2000] and "vat" in row[:2000]
    html = page(client.get(reverse("quiz_bank:index"), {"q": "治理现代化"}))
    assert "基层治理现代化" in html and "VAT kind" not in html
    html = page(client.get(reverse("quiz_bank:index"), {"q": "哪一类"}))
    assert "VAT kind" in html and "Sunrise east" not in html
    html = page(client.get(reverse("quiz_bank:index"), {"category": taxes.pk}))
    assert "VAT kind" in html and "Sunrise east" not in html
    assert reverse("quiz_categories:export", args=[taxes.pk]) in html
    html = page(client.get(reverse("quiz_bank:index"), {"qtype": "truefalse"}))
    assert "Sunrise east" in html and "VAT kind" not in html
    tag = Question.objects.get(name="VAT kind").tags.get()
    html = page(client.get(reverse("quiz_bank:index"), {"tag": tag.pk}))
    assert "VAT kind" in html and "Sunrise east" not in html
    for forged in ({"category": "99999999999999999999999"}, {"tag": "x"}, {"qtype": "nope"},
                   {"p": "9999"}):
        assert client.get(reverse("quiz_bank:index"), forged).status_code in (200, 404)


def test_the_bank_lists_in_a_fixed_number_of_queries(client, curator, taxes,
                                                     django_assert_max_num_queries):
    client.force_login(curator)
    for n in range(3):
        make_question("single", category=taxes, tags=[f"t{n}"], name=f"Q{n}")
    client.get(reverse("quiz_bank:index"))  # warm the session, permissions and content types
    with django_assert_max_num_queries(30) as few:
        page(client.get(reverse("quiz_bank:index")))
    for n in range(3, 25):
        make_question(("single", "short", "matching")[n % 3],
                      category=bank_category(f"C{n % 4}"), tags=[f"t{n}", "x"], name=f"Q{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client.get(reverse("quiz_bank:index")))
    assert "Q24" in html


# Categories -----------------------------------------------------------------------------------

def test_categories_count_their_questions_and_are_not_deleted_while_they_hold_any(
        client, curator, taxes):
    question = make_question(category=taxes)
    empty = bank_category("Empty")
    client.force_login(curator)
    html = page(client.get(reverse("quiz_categories:index")))
    assert "Taxes" in html and "Empty" in html
    response = client.post(reverse("quiz_categories:delete", args=[taxes.pk]), follow=True)
    assert "still holds 1 question," in page(response)
    assert QuestionCategory.objects.filter(pk=taxes.pk).exists()
    question.delete()
    make_quiz(make_course("TAX-1"), draws=[(taxes, "", 2)])
    response = client.post(reverse("quiz_categories:delete", args=[taxes.pk]), follow=True)
    assert "Quizzes draw questions" in page(response)
    assert client.post(reverse("quiz_categories:delete", args=[empty.pk])).status_code == 302
    assert not QuestionCategory.objects.filter(pk=empty.pk).exists()


def test_instructors_add_categories(client, instructor):
    client.force_login(instructor)
    response = client.post(reverse("quiz_categories:add"), {"name": "法治/行政法",
                                                             "description": "行政法题"})
    assert response.status_code == 302
    assert QuestionCategory.objects.get().name == "法治/行政法"


# The chooser ----------------------------------------------------------------------------------

def test_the_question_chooser_filters_and_refuses_forged_ids(client, instructor, trainee,
                                                             taxes):
    make_question("single", category=taxes)
    make_question("truefalse", category=bank_category("Astronomy"))
    client.force_login(instructor)
    html = client.get(reverse("question_chooser:choose_results"),
                      {"category": taxes.pk}).content.decode()
    assert "VAT kind" in html and "Sun" not in html
    html = client.get(reverse("question_chooser:choose_results"), {"q": "增值税"}).content.decode()
    assert "VAT kind" in html and "Sun" not in html
    assert client.get("/admin/question-chooser/chosen/abc/").status_code == 404
    assert client.get("/admin/question-chooser/chosen/99999999999999999999999/").status_code == 404
    chosen = client.get(reverse("question_chooser:chosen", args=[Question.objects.first().pk]))
    assert chosen.status_code == 200
    client.force_login(trainee)
    response = client.get(reverse("question_chooser:choose"))
    assert login_redirect(response) or refused(response)


# Import ---------------------------------------------------------------------------------------

def upload(client, content, name, **fields):
    data = {"file": SimpleUploadedFile(name, content), "file_format": "", "category": "",
            "new_category": "", "tags": "", **fields}
    return client.post(reverse("quiz_bank:import"), data)


GIFT_FILE = """// 三道题
::Capital::Which city is the capital of Zhejiang? {=Hangzhou ~Ningbo ~Wenzhou}

::Sun::The sun rises in the east.{T}

::Born::When was Grant born?{#1822:1}
"""

BAD_GIFT_FILE = """::Capital::Which city is the capital of Zhejiang? {=Hangzhou ~Ningbo

::Good::A good question {T}

::Nothing right::Which is right? {~a ~b}
"""


def test_a_gift_file_is_imported_into_a_new_category_with_tags(client, instructor):
    client.force_login(instructor)
    response = upload(client, GIFT_FILE.encode(), "chapter-1.gift", new_category="Geography",
                      tags="chapter1")
    assert response.status_code == 302
    geography = QuestionCategory.objects.get(name="Geography")
    assert response["Location"] == f"{reverse('quiz_bank:index')}?category={geography.pk}"
    assert sorted(Question.objects.values_list("name", flat=True)) == ["Born", "Capital", "Sun"]
    assert all(q.category == geography and list(q.tags.names()) == ["chapter1"]
               for q in Question.objects.all())
    html = page(client.get(response["Location"]))
    assert "Imported 3 questions into “Geography”" in html


def test_an_import_with_problems_lists_each_with_its_line_and_imports_nothing(
        client, instructor, taxes):
    client.force_login(instructor)
    html = page(upload(client, BAD_GIFT_FILE.encode(), "bad.txt", category=taxes.pk))
    errors = html[html.index("data-import-errors"):]
    assert "2 problems — nothing was imported" in html
    assert "<td>1</td>" in errors and "not closed" in errors and "Which city" in errors
    assert "<td>5</td>" in errors and "Which is right?" in errors
    assert not Question.objects.exists()
    html = page(upload(client, (FIXTURES / "moodle-errors.xml").read_bytes(), "errors.xml",
                       category=taxes.pk))
    assert "Interest formula" in html and "Line 3" not in html and "<td>3</td>" in html
    assert not Question.objects.exists()


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Accountable</text></name>
    <questiontext format="html"><text>Ministers are accountable to parliament.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="category"><category><text>$course$/top/法治/行政法</text></category></question>
  <question type="ordering">
    <name><text>Steps</text></name>
    <questiontext format="html"><text>Put the steps in order.</text></questiontext>
    <answer fraction="1"><text>立案</text></answer>
    <answer fraction="2"><text>调查</text></answer>
    <answer fraction="3"><text>决定</text></answer>
  </question>
</quiz>
"""


def test_a_moodle_xml_file_is_imported_into_the_categories_it_names(client, curator):
    client.force_login(curator)
    response = upload(client, MOODLE_XML.encode(), "bank.xml", new_category="Imported")
    assert response.status_code == 302
    assert dict(Question.objects.values_list("name", "category__name")) == {
        "Accountable": "Imported", "Steps": "法治/行政法"}
    html = page(client.get(response["Location"]))
    assert "Imported 1 question into “Imported”" in html
    assert "Imported 1 question into “法治/行政法”" in html


def test_what_is_not_an_importable_file_is_refused_in_words(client, instructor, taxes,
                                                            settings):
    client.force_login(instructor)
    assert "choose the format" in page(upload(client, b"x", "notes.docx", category=taxes.pk))
    assert "holds no questions" in page(upload(client, b"// only a comment\n", "a.gift",
                                               category=taxes.pk))
    html = page(upload(client, b"\x00\xff\xfe binary", "a.xml", category=taxes.pk))
    assert "nothing was imported" in html
    html = page(upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", "a.gift", category=taxes.pk))
    assert "This is not a text file" in html
    assert "name a new one" in page(upload(client, GIFT_FILE.encode(), "a.gift"))
    assert "not both" in page(upload(client, GIFT_FILE.encode(), "a.gift", category=taxes.pk,
                                     new_category="Other"))
    assert "Select a valid choice" in page(upload(client, GIFT_FILE.encode(), "a.gift",
                                                  category="99999999999999999999999"))
    settings.LMS_QUIZ_IMPORT_MAX_BYTES = 100
    assert "larger than" in page(upload(client, GIFT_FILE.encode() * 5, "a.gift",
                                        category=taxes.pk))
    assert not Question.objects.exists()


def test_a_gb18030_file_from_a_chinese_editor_is_read(client, instructor, taxes):
    client.force_login(instructor)
    response = upload(client, "::税::增值税是流转税。{T}".encode("gb18030"), "a.txt",
                      category=taxes.pk)
    assert response.status_code == 302
    assert Question.objects.get().current_version.data["text"] == "增值税是流转税。"


def test_importing_needs_the_right_to_add_questions(client, taxes):
    from django.contrib.auth.models import Permission

    reader = UserFactory(username="reader", roles=())
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                Permission.objects.get(codename="view_question"))
    client.force_login(reader)
    assert refused(client.get(reverse("quiz_bank:import")))
    assert refused(upload(client, GIFT_FILE.encode(), "a.gift", category=taxes.pk))
    assert not Question.objects.exists()
    assert client.get(reverse("quiz_bank:index")).status_code == 200


# Export ---------------------------------------------------------------------------------------

def test_a_category_exported_to_gift_imports_back_the_same(client, curator, taxes):
    for qtype in QUESTIONS:
        make_question(qtype, category=taxes)
    client.force_login(curator)
    response = client.get(reverse("quiz_categories:export", args=[taxes.pk]))
    assert response.status_code == 200
    assert 'filename="Taxes.gift"' in response["Content-Disposition"]
    text = response.content.decode()
    assert "// Not exported: Steps" in text and "// Not exported: Grant" in text
    assert len(gift.parse(text)) == len(QUESTIONS) - 2
    # Back in through the import screen, into another category (the file's $CATEGORY line is
    # taken out so the chosen category applies).
    text = "\n".join(line for line in text.splitlines() if not line.startswith("$CATEGORY"))
    assert upload(client, text.encode(), "Taxes.gift",
                  new_category="Round trip").status_code == 302
    back = {q.name: q.current_version.data for q in
            Question.objects.filter(category__name="Round trip")}
    for question in Question.objects.filter(category=taxes).exclude(qtype__in=["ordering",
                                                                               "blanks"]):
        original = notations._without_ids(question.current_version.data)
        copied = notations._without_ids(back[question.name])
        # GIFT does not carry these (gift_dump says so).
        for key in ("grader_info", "max_words"):
            original.pop(key, None)
            copied.pop(key, None)
        assert copied == original, question.name


def test_a_category_exported_to_moodle_xml_keeps_every_type(client, instructor, taxes):
    for qtype in QUESTIONS:
        make_question(qtype, category=taxes)
    client.force_login(instructor)
    response = client.get(reverse("quiz_categories:export", args=[taxes.pk]), {"format": "xml"})
    assert response.status_code == 200 and 'filename="Taxes.xml"' in response[
        "Content-Disposition"]
    assert upload(client, response.content, "Taxes.xml",
                  new_category="Again").status_code == 302
    assert Question.objects.filter(category__name="Taxes").count() == len(QUESTIONS) * 2


def test_a_category_named_with_a_slash_and_chinese_downloads(client, curator):
    category = bank_category("法治/行政法")
    make_question("truefalse", category=category)
    client.force_login(curator)
    response = client.get(reverse("quiz_categories:export", args=[category.pk]))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert client.get("/admin/question-categories/99999999999999999999999/export/"
                      ).status_code == 404
