"""<lms-quiz> in a real browser: the summary (facts, past attempts, Start), an attempt with every
question type answered by keyboard and mouse (the exact autosave bodies), the countdown on the
server's clock submitting at zero, a reload keeping answers, refused answers (400) shown by their
question, a closed attempt (409) reloaded, the review, a phone in Chinese, and axe.

The quiz API is answered with `page.route` under the live server's origin (the real /jsi18n/ is
used); the widget's bundle is served from frontend's build output on disk, so the test runs whether
or not lms.quizzes is in INSTALLED_APPS yet.
"""

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import ROOT, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

QUIZ_API = "/api/v1/quizzes/12/"
ATTEMPT_URL = "/api/v1/attempts/77/"
PAGE = "/__quiz-test__/lecture.html"
BUNDLE = ROOT / "lms" / "quizzes" / "static" / "lms_quizzes" / "widgets" / "lms-quiz.js"
SHOTS = Path("/tmp/quiz-shots")

LECTURE_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lecture 3</title>
<script src="/jsi18n/"></script>
<script type="module" src="/static/lms_quizzes/widgets/lms-quiz.js"></script>
<style>body {{ margin: 16px; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }}
main {{ max-width: 880px; margin: 0 auto; }}</style>
</head><body><main>
<h1>{heading}</h1>
<p>Read the lecture notes, then take the quiz.</p>
<lms-quiz api="{api}"><p>Turn on JavaScript to take this quiz.</p></lms-quiz>
</main></body></html>"""


def iso(moment):
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def question(slot, qtype, text, mark=1.0, **extra):
    return {
        "slot": slot,
        "number": 0,
        "qtype": qtype,
        "text": text,
        "mark": mark,
        "response": None,
        "review": None,
        **extra,
    }


def all_questions():
    return [
        question(900, "description", "<p>Read each question carefully.</p>", mark=0),
        question(
            901,
            "single",
            "<p>What is the capital of France?</p>",
            options=[
                {"id": "a1", "html": "Paris"},
                {"id": "b2", "html": "Lyon"},
                {"id": "c3", "html": "Marseille"},
            ],
        ),
        question(
            902,
            "multiple",
            "<p>Which numbers are prime?</p>",
            options=[
                {"id": "m1", "html": "2"},
                {"id": "m2", "html": "3"},
                {"id": "m3", "html": "4"},
                {"id": "m4", "html": "5"},
            ],
        ),
        question(903, "truefalse", "<p>The Yangtze is the longest river in Europe.</p>"),
        question(904, "short", "<p>Name the capital of China.</p>"),
        question(905, "numerical", "<p>Give π to two decimal places.</p>"),
        question(
            906,
            "matching",
            "<p>Match each country with its capital.</p>",
            mark=2.0,
            stems=[{"id": "s1", "html": "China"}, {"id": "s2", "html": "France"}],
            choices=[
                {"id": "ch1", "html": "Beijing"},
                {"id": "ch2", "html": "<em>Paris</em>"},
                {"id": "ch3", "html": "Rome"},
            ],
        ),
        question(
            907,
            "ordering",
            "<p>Put the steps of a rule-making in order.</p>",
            items=[
                {"id": "o3", "html": "Publication"},
                {"id": "o1", "html": "Drafting"},
                {"id": "o2", "html": "Consultation"},
            ],
        ),
        question(
            908,
            "blanks",
            '<p>The capital of China is <span data-blank="1"></span> and the capital '
            'of France is <span data-blank="2"></span>.</p>',
            blanks=[{"id": "1"}, {"id": "2"}],
        ),
        question(
            909,
            "essay",
            "<p>What does the rule of law mean to you?</p>",
            mark=5.0,
            min_words=5,
            max_words=50,
            response_template="",
        ),
    ]


REVIEWS = {
    901: {
        "mark": 1.0,
        "state": "right",
        "feedback": ["<p>Yes, Paris.</p>"],
        "right_answer": "<p>Paris</p>",
        "correct": {"choice": "a1"},
        "comment": None,
    },
    902: {
        "mark": 0.5,
        "state": "partial",
        "feedback": ["<p>5 is prime too.</p>"],
        "right_answer": "<p>2, 3, 5</p>",
        "correct": {"choices": ["m1", "m2", "m4"]},
        "comment": None,
    },
    903: {
        "mark": 0.0,
        "state": "wrong",
        "feedback": [],
        "right_answer": "<p>False</p>",
        "correct": {"value": False},
        "comment": None,
    },
    904: {
        "mark": 1.0,
        "state": "right",
        "feedback": [],
        "right_answer": "<p>Beijing</p>",
        "correct": None,
        "comment": None,
    },
    905: {
        "mark": 0.0,
        "state": "unanswered",
        "feedback": [],
        "right_answer": "<p>3.14</p>",
        "correct": None,
        "comment": None,
    },
    906: {
        "mark": 1.0,
        "state": "partial",
        "feedback": [],
        "right_answer": "<p>China → Beijing, France → Paris</p>",
        "correct": {"pairs": {"s1": "ch1", "s2": "ch2"}},
        "comment": None,
    },
    907: {
        "mark": 1.0,
        "state": "right",
        "feedback": [],
        "right_answer": None,
        "correct": None,
        "comment": None,
    },
    908: {
        "mark": 1.0,
        "state": "right",
        "feedback": [],
        "right_answer": "<p>Beijing; Paris</p>",
        "correct": None,
        "comment": None,
    },
    909: {
        "mark": None,
        "state": "needs_grading",
        "feedback": [],
        "right_answer": None,
        "correct": None,
        "comment": None,
    },
}


class QuizApi:
    """The quiz API, answered from dicts. Records what the widget sent; `skew` puts the server's
    clock ahead of the browser's, to show the countdown follows the server."""

    def __init__(self, skew=timedelta(0)):
        self.skew = skew
        self.quiz = {
            "id": 12,
            "title": "Administrative law: check your understanding",
            "intro": "<p>Ten questions on the <strong>first three lectures</strong>.</p>",
            "course": {"id": 3, "title": "Administrative law", "url": "/courses/law-1/"},
            "opens_at": None,
            "closes_at": "2030-01-01T10:00:00Z",
            "time_limit": 1800,
            "attempts_allowed": 3,
            "attempts_used": 1,
            "pass_mark": 60,
            "grading_method": "highest",
            "question_count": 9,
            "max_score": 14,
            "can_start": True,
            "refusal": None,
            "records_progress": True,
            "in_progress": None,
            "result": {"grade": 45, "passed": False},
            "attempts": [
                {
                    "id": 70,
                    "number": 1,
                    "status": "graded",
                    "started_at": "2025-03-01T09:00:00Z",
                    "submitted_at": "2025-03-01T09:20:00Z",
                    "grade": 45,
                    "passed": False,
                    "url": "/api/v1/attempts/70/",
                }
            ],
        }
        self.attempt = None
        self.time_left = 1800  # seconds from the start, on the server's clock
        self.requests = []  # (method, path, body)
        self.answer_replies = []  # queued (status, body) for the next answers POSTs ("abort": no answer)
        self.submit_replies = []
        self.on_submit = None  # callable(attempt, body) -> (status, body), instead of grading
        self.gets = 0

    # The server's clock
    def now(self):
        return datetime.now(UTC) + self.skew

    def start_attempt(self, questions=None, status="in_progress"):
        started = self.now()
        self.attempt = {
            "id": 77,
            "quiz": 12,
            "number": 2,
            "status": status,
            "started_at": iso(started),
            "deadline": iso(started + timedelta(seconds=self.time_left)) if self.time_left else None,
            "server_now": iso(started),
            "submitted_at": None,
            "overdue": False,
            "questions": questions if questions is not None else all_questions(),
            "review": None,
        }
        if status == "in_progress":
            self.quiz["in_progress"] = 77
        return self.attempt

    def saves(self):
        return [body for method, path, body in self.requests if path.endswith("/answers/")]

    def submits(self):
        return [body for method, path, body in self.requests if path.endswith("/submit/")]

    def last_responses(self):
        out = {}
        for body in self.saves():
            for answer in body["answers"]:
                out[answer["slot"]] = answer["response"]
        return out

    def install(self, page):
        page.route("**/api/v1/**", self.handle)

    def attempt_body(self):
        body = copy.deepcopy(self.attempt)
        body["server_now"] = iso(self.now())
        return body

    def apply(self, answers):
        by_slot = {q["slot"]: q for q in self.attempt["questions"]}
        for answer in answers:
            by_slot[answer["slot"]]["response"] = answer["response"]

    def close(self, overdue=False):
        self.attempt.update(
            status="graded",
            submitted_at=iso(self.now()),
            overdue=overdue,
            review={"score": 7.5, "max_score": 14, "grade": 53.6, "passed": False},
        )
        for q in self.attempt["questions"]:
            if q["slot"] in REVIEWS:
                q["review"] = REVIEWS[q["slot"]]
        self.quiz.update(in_progress=None, attempts_used=self.quiz["attempts_used"] + 1)
        self.quiz["attempts"].append(
            {
                "id": 77,
                "number": 2,
                "status": "graded",
                "started_at": self.attempt["started_at"],
                "submitted_at": self.attempt["submitted_at"],
                "grade": 53.6,
                "passed": False,
                "url": ATTEMPT_URL,
            }
        )

    def handle(self, route):
        request = route.request
        path = urlsplit(request.url).path
        body = request.post_data_json if request.method == "POST" and request.post_data else None
        self.requests.append((request.method, path, body))
        if request.method == "GET" and path == QUIZ_API:
            self.gets += 1
            return route.fulfill(json=self.quiz)
        if request.method == "POST" and path == f"{QUIZ_API}attempts/":
            if self.attempt and self.attempt["status"] == "in_progress":
                return route.fulfill(status=200, json=self.attempt_body())
            self.start_attempt()
            return route.fulfill(status=201, json=self.attempt_body())
        if request.method == "GET" and path == ATTEMPT_URL:
            return route.fulfill(json=self.attempt_body())
        if request.method == "POST" and path == f"{ATTEMPT_URL}answers/":
            if self.answer_replies:
                status, reply = self.answer_replies.pop(0)
                if status == "abort":
                    return route.abort("internetdisconnected")
                return route.fulfill(status=status, json=reply)
            if self.attempt["status"] != "in_progress":
                return route.fulfill(
                    status=409,
                    json={"code": "attempt_finished", "detail": "This attempt is already submitted."},
                )
            self.apply(body["answers"])
            return route.fulfill(
                json={
                    "saved": len(body["answers"]),
                    "saved_at": iso(self.now()),
                    "deadline": self.attempt["deadline"],
                    "server_now": iso(self.now()),
                }
            )
        if request.method == "POST" and path == f"{ATTEMPT_URL}submit/":
            if self.on_submit:
                status, reply = self.on_submit(self, body)
                return route.fulfill(status=status, json=reply)
            if self.submit_replies:
                status, reply = self.submit_replies.pop(0)
                return route.fulfill(status=status, json=reply)
            self.apply(body.get("answers", []))
            self.close()
            return route.fulfill(json=self.attempt_body())
        return route.fulfill(status=404, json={"code": "not_found", "detail": "Not found."})


@pytest.fixture
def api():
    return QuizApi()


def open_quiz(page, live_server, api, lang="en", heading="Lecture 3: Rule-making", state="summary"):
    api.install(page)
    html = LECTURE_PAGE.format(lang=lang, api=QUIZ_API, heading=heading)
    page.route(
        f"{live_server.url}{PAGE}",
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    # Served from the build output whether or not lms.quizzes' static files are installed.
    page.route(
        "**/static/lms_quizzes/widgets/lms-quiz.js",
        lambda route: route.fulfill(path=str(BUNDLE), content_type="text/javascript; charset=utf-8"),
    )
    page.goto(f"{live_server.url}{PAGE}")
    if state:
        page.locator(f"lms-quiz[state={state}]").wait_for(state="attached")
    return page.locator("lms-quiz")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def active(page):
    """data-* description of the focused element inside the widget."""
    return page.evaluate("""() => {
        const el = document.querySelector('lms-quiz').shadowRoot.activeElement;
        if (!el) return null;
        const q = el.closest('[data-question]');
        return {tag: el.tagName.toLowerCase(), id: el.id, move: el.dataset.move || null,
                item: el.closest('[data-item]')?.dataset.item || null, field: el.dataset.field || null,
                question: q ? Number(q.dataset.question) : null, text: el.textContent.trim()};
    }""")


def q(widget, slot):
    return widget.locator(f"[data-question='{slot}']")


def wait_saved(page, widget):
    status = widget.locator("[data-field=save-status]")
    page.wait_for_function(
        """() => document.querySelector('lms-quiz').shadowRoot
        .querySelector('[data-field=save-status]')?.dataset.save === 'saved'""",
        timeout=10000,
    )
    return status.inner_text()


def wait_until(page, check, timeout=15, message="condition"):
    for _ in range(int(timeout * 10)):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {message}")


def start(page, widget):
    widget.locator("[data-action=start]").click()
    page.locator("lms-quiz[state=attempt]").wait_for(state="attached")


EXPECTED = {
    901: {"choice": "a1"},
    902: {"choices": ["m1", "m2", "m4"]},
    903: {"value": False},
    904: {"text": "Beijing"},
    905: {"value": "3.14"},
    906: {"pairs": {"s1": "ch1", "s2": "ch2"}},
    907: {"order": ["o1", "o2", "o3"]},
    908: {"blanks": {"1": "Beijing", "2": "Paris"}},
    909: {"text": "Rule of law means everyone is equal before the law."},
}


def answer_everything(page, widget):
    """Answers every question, some by keyboard, some by mouse."""
    # single — keyboard: Space chooses, the arrows move the choice.
    q(widget, 901).locator("input[value=a1]").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert q(widget, 901).locator("input[value=b2]").is_checked()
    page.keyboard.press("ArrowUp")
    # multiple — mouse for two, keyboard for the third.
    q(widget, 902).get_by_text("2", exact=True).click()
    q(widget, 902).get_by_text("3", exact=True).click()
    q(widget, 902).locator("input[value=m4]").focus()
    page.keyboard.press("Space")
    # truefalse — mouse.
    q(widget, 903).get_by_text("False", exact=True).click()
    # short — keyboard.
    q(widget, 904).get_by_label("Answer:").focus()
    page.keyboard.type("Beijing")
    # numerical — a decimal keypad on phones.
    number = q(widget, 905).get_by_label("Answer:")
    assert number.get_attribute("inputmode") == "decimal"
    number.fill("3.14")
    # matching — the mouse's select for one stem, the keyboard's arrows for the other.
    q(widget, 906).get_by_label("China").select_option("ch1")
    france = q(widget, 906).get_by_label("France")
    assert france.locator("option").all_inner_texts() == ["Choose…", "Beijing", "Paris", "Rome"]
    france.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert france.input_value() == "ch2"
    # ordering — keyboard: Drafting up to the top; the focus stays on its buttons.
    items = q(widget, 907).locator("[data-item]")
    assert [items.nth(i).get_attribute("data-item") for i in range(3)] == ["o3", "o1", "o2"]
    q(widget, 907).locator("[data-item=o1] [data-move=up]").focus()
    page.keyboard.press("Enter")
    focused = active(page)
    assert focused["item"] == "o1" and focused["move"] == "down"  # "Move up" is disabled at the top
    announcer = widget.locator("[data-field=announcer]")
    wait_until(
        page, lambda: announcer.inner_text() == "Moved to position 1 of 3.", message="the announcement"
    )
    # … and the mouse: Publication one down.
    q(widget, 907).locator("[data-item=o3] [data-move=down]").click()
    assert [items.nth(i).get_attribute("data-item") for i in range(3)] == ["o1", "o2", "o3"]
    # blanks — inputs inside the text.
    q(widget, 908).get_by_label("Blank 1").fill("Beijing")
    q(widget, 908).get_by_label("Blank 2").focus()
    page.keyboard.type("Paris")
    # essay — the word count follows.
    essay = q(widget, 909).get_by_label("Your answer:")
    essay.focus()
    page.keyboard.type("Rule of law means")
    assert q(widget, 909).locator("[data-field=word-count]").inner_text() == "Words: 4"
    page.keyboard.type(" everyone is equal before the law.")
    assert q(widget, 909).locator("[data-field=word-count]").inner_text() == "Words: 10"
    assert q(widget, 909).locator("[data-field=word-limits]").inner_text() == "Between 5 and 50 words."


# --- Summary, answering, submitting, review --------------------------------------------------------


def test_summary_then_every_question_type_autosaved(live_server, page, api):
    widget = open_quiz(page, live_server, api)
    assert widget.locator("[data-field=title]").inner_text() == "Administrative law: check your understanding"
    assert "first three lectures" in widget.locator("[data-field=intro]").inner_text()
    facts = widget.locator("[data-field=facts]")
    assert facts.locator("[data-fact=questions] dd").inner_text() == "9"
    assert facts.locator("[data-fact=time-limit] dd").inner_text() == "30 minutes"
    assert facts.locator("[data-fact=attempts] dd").inner_text() == "2 of 3 attempts left"
    assert facts.locator("[data-fact=pass-mark] dd").inner_text() == "60%"
    assert "2030" in facts.locator("[data-fact=closes] dd").inner_text()
    assert widget.locator("[data-field=result] [data-field=grade]").inner_text() == "45%"
    row = widget.locator("[data-attempt='70']")
    assert "Attempt 1" in row.inner_text() and "45%" in row.inner_text() and "Not passed" in row.inner_text()
    assert widget.locator("[data-field=preview]").count() == 0
    button = widget.locator("[data-action=start]")
    assert button.inner_text() == "Start attempt" and button.is_enabled()
    assert not page.get_by_text("Turn on JavaScript to take this quiz.").is_visible()
    violations = axe_violations(page)
    assert violations == [], violations
    shot(page, "summary-desktop-en")

    button.focus()
    page.keyboard.press("Enter")
    page.locator("lms-quiz[state=attempt]").wait_for(state="attached")
    assert ("POST", f"{QUIZ_API}attempts/", None) in api.requests
    page.wait_for_function(
        "() => document.querySelector('lms-quiz').shadowRoot.activeElement?.tagName === 'H3'"
    )
    assert active(page)["question"] == 900  # the first question's heading
    assert q(widget, 901).locator("h3").inner_text() == "Question 1 of 9"
    assert q(widget, 906).locator("[data-field=mark]").inner_text() == "2 marks"
    assert q(widget, 900).locator("h3").inner_text() == "Information"
    countdown = widget.locator("[data-field=countdown]")
    assert countdown.get_attribute("role") == "timer"
    assert (
        countdown.inner_text().replace("\n", " ").startswith("Time left 29:5")
        or "30:00" in countdown.inner_text()
    )

    answer_everything(page, widget)
    assert wait_saved(page, widget).startswith("All answers saved at")
    saves = api.saves()
    assert saves, "nothing was autosaved"
    for body in saves:
        assert list(body) == ["answers"]
        for item in body["answers"]:
            assert set(item) == {"slot", "response"}
            assert item["slot"] != 900  # a description has no answer
    assert api.last_responses() == EXPECTED
    # Saved in batches after a pause, not a request per keystroke.
    assert len(saves) < 12
    assert q(widget, 904).locator("[data-field=answered]").inner_text() == "Answered"

    # Only what changed goes next time.
    count = len(saves)
    q(widget, 903).get_by_text("True", exact=True).click()
    wait_until(page, lambda: len(api.saves()) > count, message="the next autosave")
    assert api.saves()[count] == {"answers": [{"slot": 903, "response": {"value": True}}]}
    q(widget, 903).get_by_text("False", exact=True).click()
    wait_saved(page, widget)
    wait_until(page, lambda: api.last_responses()[903] == {"value": False}, message="False saved")

    violations = axe_violations(page)
    assert violations == [], violations
    shot(page, "attempt-desktop-en")

    # Submit: an inline confirmation, then the review.
    widget.locator("[data-action=submit]").click()
    confirm = widget.locator("[data-field=confirm-message]")
    assert confirm.inner_text() == "All questions answered. Submit your answers?"
    assert active(page)["field"] == "confirm-message"
    widget.locator("[data-action=confirm-submit]").click()
    page.locator("lms-quiz[state=review]").wait_for(state="attached")
    assert api.submits() == [{"answers": []}]  # everything was saved already
    assert active(page)["field"] == "result-heading"
    assert widget.locator("[data-field=result-heading]").inner_text() == "Review of attempt 2"

    result = widget.locator("[data-field=attempt-result]")
    assert "7.5 / 14" in result.locator("[data-field=score]").inner_text()
    assert "53.6%" in result.locator("[data-field=grade]").inner_text()
    assert "Not passed" in result.inner_text()
    single = q(widget, 901)
    assert single.locator("[data-field=state]").inner_text() == "Right"
    assert single.locator("[data-field=mark]").inner_text() == "Mark 1 / 1"
    assert "Yes, Paris." in single.locator("[data-field=feedback]").inner_text()
    assert single.locator("input[value=a1]").is_checked() and single.locator("input[value=a1]").is_disabled()
    multiple = q(widget, 902)
    assert multiple.locator("[data-field=state]").inner_text() == "Partly right"
    assert multiple.locator("[data-field=mark]").inner_text() == "Mark 0.5 / 1"
    assert "2, 3, 5" in multiple.locator("[data-field=right-answer]").inner_text()
    assert multiple.locator("[data-option=m4] [data-mark=right]").count() == 1
    truefalse = q(widget, 903)
    assert truefalse.locator("[data-field=state]").inner_text() == "Wrong"
    assert truefalse.locator("[data-option=false] [data-mark=right]").count() == 1
    assert q(widget, 905).locator("[data-field=state]").inner_text() == "Not answered"
    assert q(widget, 909).locator("[data-field=state]").inner_text() == "Waiting for grading"
    assert q(widget, 909).get_by_label("Your answer:").input_value() == EXPECTED[909]["text"]
    assert q(widget, 909).get_by_label("Your answer:").is_disabled()
    assert q(widget, 908).get_by_label("Blank 2").input_value() == "Paris"
    assert q(widget, 906).get_by_label("France").input_value() == "ch2"
    assert q(widget, 907).locator("[data-move]").count() == 0
    violations = axe_violations(page)
    assert violations == [], violations
    shot(page, "review-desktop-en")

    gets = api.gets
    widget.locator("[data-action=back]").click()
    page.locator("lms-quiz[state=summary]").wait_for(state="attached")
    assert api.gets == gets + 1  # the summary is fetched afresh
    assert active(page)["field"] == "title"
    assert widget.locator("[data-attempt='77']").count() == 1


def test_unanswered_questions_are_listed_before_submitting(live_server, page, api):
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    q(widget, 904).get_by_label("Answer:").fill("Beijing")
    widget.locator("[data-action=submit]").click()
    confirm = widget.locator("[data-field=confirm-message]")
    # Nine questions, one answered; the ordering question counts with the order it shows.
    assert confirm.inner_text() == "7 questions unanswered. Submit anyway?"
    listed = widget.locator("[data-field=unanswered] button").all_inner_texts()
    assert listed == [
        "Question 1",
        "Question 2",
        "Question 3",
        "Question 5",
        "Question 6",
        "Question 8",
        "Question 9",
    ]
    # Jump to one, answer it, come back: the list follows.
    widget.locator("[data-field=unanswered] [data-goto='901']").click()
    assert active(page)["question"] == 901
    q(widget, 901).get_by_text("Lyon", exact=True).click()
    assert confirm.inner_text() == "6 questions unanswered. Submit anyway?"
    widget.locator("[data-action=cancel-submit]").click()
    assert widget.locator("[data-field=confirm]").count() == 0
    assert active(page)["field"] is None and active(page)["text"] == "Submit answers"
    widget.locator("[data-action=submit]").click()
    widget.locator("[data-action=confirm-submit]").click()
    page.locator("lms-quiz[state=review]").wait_for(state="attached")
    # Pending changes were saved first; the submit carries the ordering question's order as shown.
    assert {904: {"text": "Beijing"}, 901: {"choice": "b2"}}.items() <= api.last_responses().items()
    assert api.submits() == [{"answers": [{"slot": 907, "response": {"order": ["o3", "o1", "o2"]}}]}]
    assert api.requests.index(("POST", f"{ATTEMPT_URL}submit/", api.submits()[0])) > max(
        i for i, r in enumerate(api.requests) if r[1].endswith("/answers/")
    )


def test_keyboard_reaches_every_control_with_a_visible_focus(live_server, page, api):
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        info = active(page)
        if info is None:
            continue
        reached.add((info["question"], info["tag"]))
        if info["tag"] != "h3":
            outline = page.evaluate("""() => getComputedStyle(document.querySelector('lms-quiz')
                .shadowRoot.activeElement).outlineStyle""")
            assert outline != "none", info
        if info["text"] == "Submit answers":
            break
    else:
        raise AssertionError("Tab never reached Submit answers")
    for slot, tag in [
        (901, "input"),
        (902, "input"),
        (903, "input"),
        (904, "input"),
        (905, "input"),
        (906, "select"),
        (907, "button"),
        (908, "input"),
        (909, "textarea"),
    ]:
        assert (slot, tag) in reached, (slot, tag)


# --- Countdown -------------------------------------------------------------------------------------


def test_countdown_follows_the_server_clock_and_submits_at_zero(live_server, page):
    api = QuizApi(skew=timedelta(hours=1))  # the trainee's clock is an hour behind the server's
    api.time_left = 5
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    countdown = widget.locator("[data-field=countdown]")
    seconds = int(countdown.get_attribute("data-seconds"))
    assert 2 <= seconds <= 5, seconds  # not 1:00:05
    assert "countdown--last" in countdown.get_attribute("class")
    # The connection is down: the answer cannot be autosaved, so it goes with the submit at zero.
    api.answer_replies = [("abort", None)] * 10
    q(widget, 904).get_by_label("Answer:").fill("Beijing")
    page.locator("lms-quiz[state=review]").wait_for(state="attached", timeout=12000)
    assert api.submits() == [
        {
            "answers": [
                {"slot": 904, "response": {"text": "Beijing"}},
                {"slot": 907, "response": {"order": ["o3", "o1", "o2"]}},
            ]
        }
    ]
    deadline = datetime.fromisoformat(api.attempt["deadline"].replace("Z", "+00:00"))
    submitted = datetime.fromisoformat(api.attempt["submitted_at"].replace("Z", "+00:00"))
    assert submitted >= deadline - timedelta(milliseconds=400), (submitted, deadline)
    assert widget.locator("[data-field=notice]").inner_text() == "Time is up. Your answers were submitted."
    assert active(page)["field"] == "result-heading"


def test_at_zero_a_refusal_reloads_the_closed_attempt(live_server, page):
    api = QuizApi()
    api.time_left = 3

    def refuse(server, body):
        server.close(overdue=True)
        return 409, {"code": "deadline_passed", "detail": "The time for this attempt has run out."}

    api.on_submit = refuse
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    page.locator("lms-quiz[state=review]").wait_for(state="attached", timeout=12000)
    assert widget.locator("[data-field=notice]").inner_text() == "The time for this attempt has run out."
    assert widget.locator("[data-field=overdue]").count() == 1
    assert ("GET", ATTEMPT_URL, None) in api.requests


def test_continuing_after_the_deadline_submits_at_once(live_server, page, api):
    api.time_left = 60
    api.start_attempt()
    api.attempt["deadline"] = iso(api.now() - timedelta(seconds=5))  # ran out while away

    def late(server, body):
        server.close(overdue=True)
        return 200, server.attempt_body()

    api.on_submit = late
    widget = open_quiz(page, live_server, api)
    widget.locator("[data-action=start]").click()
    page.locator("lms-quiz[state=review]").wait_for(state="attached", timeout=8000)
    assert len(api.submits()) == 1
    assert (
        widget.locator("[data-field=overdue]").inner_text() == "Closed by the server when the time ran out."
    )


def test_time_warnings_are_announced_only_at_five_and_one_minutes(live_server, page):
    api = QuizApi()
    api.time_left = 302
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    warning = widget.locator("[data-field=time-warning]")
    assert warning.get_attribute("aria-live") == "assertive"
    assert warning.inner_text() == ""
    assert widget.locator("[data-field=countdown]").get_attribute("aria-live") is None  # role=timer: off
    wait_until(
        page, lambda: warning.inner_text() == "5 minutes left.", timeout=8, message="the 5-minute warning"
    )
    assert "countdown--low" in widget.locator("[data-field=countdown]").get_attribute("class")
    text = widget.locator("[data-field=countdown]").inner_text()
    assert "4:5" in text or "5:00" in text


# --- Reload, errors --------------------------------------------------------------------------------


def test_reload_keeps_saved_and_unsaved_answers(live_server, page, api):
    api.start_attempt()
    api.apply(
        [
            {"slot": 901, "response": {"choice": "b2"}},
            {"slot": 904, "response": {"text": "Shanghai"}},
            {"slot": 907, "response": {"order": ["o1", "o3", "o2"]}},
        ]
    )
    widget = open_quiz(page, live_server, api)
    button = widget.locator("[data-action=start]")
    assert button.inner_text() == "Continue attempt"
    button.click()
    page.locator("lms-quiz[state=attempt]").wait_for(state="attached")
    assert ("GET", ATTEMPT_URL, None) in api.requests
    assert q(widget, 901).locator("input[value=b2]").is_checked()
    assert q(widget, 904).get_by_label("Answer:").input_value() == "Shanghai"
    items = q(widget, 907).locator("[data-item]")
    assert [items.nth(i).get_attribute("data-item") for i in range(3)] == ["o1", "o3", "o2"]

    # The connection drops: the change waits in this tab and is retried.
    api.answer_replies = [("abort", None)] * 20
    q(widget, 904).get_by_label("Answer:").fill("Beijing")
    status = widget.locator("[data-field=save-status]")
    wait_until(page, lambda: status.inner_text() == "Not saved — retrying", message="the retrying status")
    page.reload()
    # Straight back into the attempt (this tab had it open), with the unsaved answer restored.
    page.locator("lms-quiz[state=attempt]").wait_for(state="attached")
    assert q(widget, 904).get_by_label("Answer:").input_value() == "Beijing"
    assert q(widget, 901).locator("input[value=b2]").is_checked()
    api.answer_replies = []
    wait_until(
        page, lambda: api.last_responses().get(904) == {"text": "Beijing"}, message="the restored answer sent"
    )
    assert api.saves()[-1] == {"answers": [{"slot": 904, "response": {"text": "Beijing"}}]}
    wait_saved(page, widget)
    assert page.evaluate("sessionStorage.getItem('lms-quiz-attempt-77')") is None


def test_refused_answer_is_shown_by_its_question(live_server, page, api):
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    api.answer_replies = [
        (
            400,
            {
                "code": "invalid",
                "detail": "Some answers are not valid.",
                "errors": {"905": ["Enter a number."]},
            },
        )
    ]
    q(widget, 904).get_by_label("Answer:").fill("Beijing")
    q(widget, 905).get_by_label("Answer:").fill("three")
    error = q(widget, 905).locator("[data-field=error]")
    error.wait_for()
    assert error.inner_text() == "Not saved: Enter a number."
    # The other answer of the batch goes again on its own.
    wait_until(
        page,
        lambda: api.last_responses().get(904) == {"text": "Beijing"},
        message="the valid answer sent again",
    )
    assert api.saves()[-1] == {"answers": [{"slot": 904, "response": {"text": "Beijing"}}]}
    status = widget.locator("[data-field=save-status]")
    wait_until(page, lambda: status.inner_text() == "Not saved — see the marked questions", message="status")
    # Submitting now stops at the refused answer.
    widget.locator("[data-action=submit]").click()
    widget.locator("[data-action=confirm-submit]").click()
    assert "could not be saved" in widget.locator("[data-field=notice]").inner_text()
    assert active(page)["question"] == 905
    assert api.submits() == []
    q(widget, 905).get_by_label("Answer:").fill("3.14")
    assert q(widget, 905).locator("[data-field=error]").count() == 0
    assert wait_saved(page, widget).startswith("All answers saved at")
    assert api.last_responses()[905] == {"value": "3.14"}


def test_attempt_closed_by_the_server_is_reloaded(live_server, page, api):
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    api.close(overdue=True)
    api.answer_replies = [
        (409, {"code": "deadline_passed", "detail": "The time is up: the attempt was closed."})
    ]
    q(widget, 904).get_by_label("Answer:").fill("Beijing")
    page.locator("lms-quiz[state=review]").wait_for(state="attached", timeout=10000)
    assert widget.locator("[data-field=notice]").inner_text() == "The time is up: the attempt was closed."
    assert ("GET", ATTEMPT_URL, None) in api.requests
    assert q(widget, 901).locator("[data-field=state]").inner_text() == "Right"
    assert page.evaluate("sessionStorage.getItem('lms-quiz-attempt-77')") is None


def test_leaving_the_page_sends_pending_answers(live_server, page, api):
    # Requests made while a page unloads are handed neither to page.route nor to Playwright's
    # network events, so the page is told it is going away without leaving; fetch() is watched to
    # see the request is made to outlive the page.
    page.add_init_script("""(() => {
        const fetch = window.fetch;
        window.__fetches = [];
        window.fetch = (url, init = {}) => {
            window.__fetches.push({url: String(url), keepalive: !!init.keepalive});
            return fetch(url, init);
        };
    })()""")
    widget = open_quiz(page, live_server, api)
    start(page, widget)
    q(widget, 904).get_by_label("Answer:").fill("Beijing")
    page.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
        window.dispatchEvent(new PageTransitionEvent("pagehide", {persisted: false}));
    }""")
    wait_until(
        page, lambda: api.saves(), message="the keepalive save", timeout=1
    )  # before the 1.5 s autosave
    assert api.saves() == [{"answers": [{"slot": 904, "response": {"text": "Beijing"}}]}]
    fetches = page.evaluate("window.__fetches.filter((f) => f.url.endsWith('/answers/'))")
    assert fetches[0]["keepalive"] is True
    # "hidden" then "pagehide": sent once, not twice.
    page.wait_for_timeout(300)
    assert sum(1 for f in page.evaluate("window.__fetches") if f["keepalive"]) == 1


# --- Other summaries -------------------------------------------------------------------------------


def test_refusal_preview_and_signed_out(live_server, page, api):
    api.quiz.update(
        can_start=False,
        refusal="You have no attempts left.",
        records_progress=False,
        attempts_allowed=1,
        attempts_used=1,
    )
    widget = open_quiz(page, live_server, api)
    button = widget.locator("[data-action=start]")
    assert button.is_disabled()
    assert widget.locator("[data-field=refusal]").inner_text() == "You have no attempts left."
    assert button.get_attribute("aria-describedby") == "quiz-refusal"
    assert (
        widget.locator("[data-field=preview]").inner_text()
        == "Preview: your answers are not recorded for the course."
    )
    assert widget.locator("[data-fact=attempts] dd").inner_text() == "0 of 1 attempt left"

    page.unroute("**/api/v1/**")
    page.route(
        "**/api/v1/**",
        lambda route: route.fulfill(status=401, json={"code": "not_authenticated", "detail": "Sign in."}),
    )
    page.evaluate("document.querySelector('lms-quiz').refresh()")
    page.locator("lms-quiz[state=signed-out]").wait_for(state="attached")
    assert (
        widget.locator("[data-field=login-link]").get_attribute("href").startswith("/accounts/login/?next=")
    )


def test_start_refused_by_the_server_says_why(live_server, page, api):
    widget = open_quiz(page, live_server, api)
    page.unroute("**/api/v1/**")

    def refuse(route):
        if route.request.method == "POST":
            return route.fulfill(
                status=403, json={"code": "quiz_closed", "detail": "This quiz closed yesterday."}
            )
        return api.handle(route)

    page.route("**/api/v1/**", refuse)
    widget.locator("[data-action=start]").click()
    notice = widget.locator("[data-field=notice]")
    notice.wait_for()
    assert notice.inner_text() == "This quiz closed yesterday."
    assert widget.get_attribute("state") == "summary"


def test_review_of_an_attempt_awaiting_grading(live_server, page, api):
    api.start_attempt(status="submitted")
    api.apply([{"slot": 909, "response": {"text": "An essay for the grader."}}])
    api.attempt.update(
        submitted_at="2025-03-02T09:00:00Z",
        review={"score": None, "max_score": 14, "grade": None, "passed": None},
    )
    api.attempt["questions"][-1]["review"] = REVIEWS[909]
    api.quiz["attempts"] = [
        {
            "id": 77,
            "number": 2,
            "status": "submitted",
            "started_at": "2025-03-02T08:40:00Z",
            "submitted_at": "2025-03-02T09:00:00Z",
            "grade": None,
            "passed": None,
            "url": ATTEMPT_URL,
        }
    ]
    api.quiz["result"] = None
    widget = open_quiz(page, live_server, api)
    row = widget.locator("[data-attempt='77']")
    assert "Awaiting grading" in row.inner_text()
    assert widget.locator("[data-field=result]").count() == 0
    row.locator("[data-action=review]").click()
    page.locator("lms-quiz[state=review]").wait_for(state="attached")
    assert active(page)["field"] == "result-heading"
    result = widget.locator("[data-field=attempt-result]")
    assert result.locator("[data-field=awaiting]").inner_text() == "Awaiting grading"
    assert result.locator("[data-field=score]").count() == 0
    essay = q(widget, 909)
    assert essay.locator("[data-field=state]").inner_text() == "Waiting for grading"
    assert essay.locator("textarea").input_value() == "An essay for the grader."
    assert q(widget, 901).locator("[data-field=state]").count() == 0  # the review shows nothing more
    widget.locator("[data-action=back]").click()
    page.locator("lms-quiz[state=summary]").wait_for(state="attached")


# --- Phone, Chinese --------------------------------------------------------------------------------


def test_phone_in_chinese(live_server, phone_page, api):
    page = phone_page
    widget = open_quiz(page, live_server, api, lang="zh-hans", heading="第三讲：规章的制定")
    # Dates in the page's language.
    assert "年" in widget.locator("[data-fact=closes] dd").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the summary scrolls sideways on a phone ({width}px)"
    shot(page, "summary-phone-zh")
    start(page, widget)
    q(widget, 901).locator("input[value=a1]").check()
    q(widget, 909).locator("textarea").fill("法治意味着法律面前人人平等。")
    assert q(widget, 909).locator("[data-field=word-count]").inner_text().endswith("13")
    q(widget, 906).locator("select").first.select_option("ch1")
    wait_saved(page, widget)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the attempt scrolls sideways on a phone ({width}px)"
    box = q(widget, 907).locator("[data-item=o1] [data-move=up]").bounding_box()
    assert box["width"] >= 36 and box["height"] >= 36  # a finger-sized target
    shot(page, "attempt-phone-zh")
    widget.locator("[data-action=submit]").click()
    widget.locator("[data-action=confirm-submit]").click()
    page.locator("lms-quiz[state=review]").wait_for(state="attached")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the review scrolls sideways on a phone ({width}px)"
    violations = axe_violations(page)
    assert violations == [], violations
    shot(page, "review-phone-zh")
