"""A quiz in a lecture, end to end against the real server: an enrolled trainee takes a timed quiz
of questions drawn at random, reloads the page mid-attempt and finds their answers, submits, and
the review shows exactly what the quiz's review options allow — more once the quiz has closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.quizzes.models import Attempt, AttemptAnswer, QuestionCategory, Quiz, QuizSlot
from lms.quizzes.services import question_save
from tests.e2e.conftest import axe_violations, law_term, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FEEDBACK = "Feedback only after the quiz closes"


@pytest.fixture
def quiz_lecture():
    """LAW-1's first lecture with a 10-minute quiz of 3 questions drawn from a pool of 6
    true/false questions (all true); review right after: score and right or wrong only."""
    _category, course, _trainee = law_term()
    pool = QuestionCategory.objects.create(name="Administrative law")
    for n in range(6):
        question_save(category=pool, tags=["law"], data={
            "qtype": "truefalse", "name": f"Statement {n + 1}", "answer": True,
            "text": f"Statement {n + 1}: an administrative act needs a legal basis.",
            "feedback_true": f"{FEEDBACK} ({n + 1}).", "feedback_false": "",
            "general_feedback": ""})
    quiz = Quiz.objects.create(
        course=course, title="Administrative law: check", time_limit_minutes=10,
        attempts_allowed=2, review_after_feedback=False, review_after_answers=False)
    QuizSlot.objects.create(quiz=quiz, position=1, draw_category=pool, draw_tag="law",
                            draw_count=3)
    lecture = course.get_children().specific().first()
    lecture.body = [*[(block.block_type, block.value) for block in lecture.body],
                    ("quiz", {"quiz": quiz, "heading": "Check your understanding"})]
    lecture.save_revision().publish()
    return quiz, lecture


def widget_of(page):
    return page.locator("lms-quiz")


def shown_text(page):
    """Everything the widget shows (its shadow root's text)."""
    return page.evaluate("() => document.querySelector('lms-quiz').shadowRoot.textContent")


def answer_true(widget, slot):
    widget.locator(f"[data-question='{slot}']").get_by_text("True", exact=True).click()


def wait_saved(page, widget):
    page.wait_for_function("""() => {
        const status = document.querySelector('lms-quiz').shadowRoot
            .querySelector('[data-field=save-status]');
        return status && status.textContent.includes('All answers saved'); }""", timeout=15000)


def test_a_trainee_takes_a_timed_quiz_of_random_questions(live_server, page, quiz_lecture,
                                                           screenshot):
    quiz, lecture = quiz_lecture
    sign_in(page, live_server.url, "xiaoli", "pass-xiaoli")
    page.goto(live_server.url + lecture.url)
    widget = widget_of(page)
    page.locator("lms-quiz[state=summary]").wait_for(state="attached")
    assert widget.locator("[data-fact=questions] dd").inner_text() == "3"
    widget.locator("[data-action=start]").click()
    page.locator("lms-quiz[state=attempt]").wait_for(state="attached")

    attempt = Attempt.objects.get()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)
    slots = list(AttemptAnswer.objects.filter(attempt=attempt).order_by("position")
                 .values_list("pk", flat=True))
    assert len(slots) == 3
    shown = [int(s) for s in widget.locator("[data-question]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.question)")]
    assert shown == slots
    assert "Time left" in widget.locator("[data-field=countdown]").inner_text()
    # Nothing of the key reached the page.
    assert FEEDBACK not in page.content() and FEEDBACK not in shown_text(page)
    assert "Statement" in shown_text(page)

    answer_true(widget, slots[0])
    wait_saved(page, widget)
    assert AttemptAnswer.objects.get(pk=slots[0]).response == {"value": True}

    page.reload()
    page.locator("lms-quiz[state=attempt]").wait_for(state="attached")
    first = widget.locator(f"[data-question='{slots[0]}']")
    assert first.get_by_label("True", exact=True).is_checked()
    assert Attempt.objects.count() == 1
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "quiz-lecture-attempt")

    for slot in slots[1:]:
        answer_true(widget, slot)
    wait_saved(page, widget)
    widget.locator("[data-action=submit]").click()
    widget.locator("[data-action=confirm-submit]").click()
    page.locator("lms-quiz[state=review]").wait_for(state="attached")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.grade == 100
    text = shown_text(page)
    assert "100%" in text
    # Right or wrong is shown; feedback and right answers are not, until the quiz closes.
    assert widget.locator("[data-field=state]").count() == 3
    assert widget.locator("[data-field=feedback]").count() == 0
    assert widget.locator("[data-field=right-answer]").count() == 0
    assert FEEDBACK not in text
    screenshot(page, "quiz-lecture-review")

    # My learning leads to the results; from there the quiz's own page reopens the review.
    page.goto(live_server.url + "/learning/")
    page.locator("[data-quiz-results] a").click()
    row = page.locator(f"[data-attempt='{attempt.pk}']")
    assert "100%" in row.locator("[data-grade]").inner_text()
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "quiz-results")
    page.get_by_role("link", name="Administrative law: check", exact=True).click()
    page.locator("lms-quiz[state=summary]").wait_for(state="attached")
    assert page.title().startswith("Administrative law: check")
    violations = axe_violations(page)
    assert violations == [], violations

    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page.goto(f"{live_server.url}/api/v1/attempts/{attempt.pk}/")
    assert FEEDBACK in page.content()
