"""The Content-Security-Policy (django-csp, config/settings.py) in a real browser: every page a
trainee, a superuser in the Wagtail admin and a reader of the API docs sees carries the header
and runs without a single violation — the lecture page with its video (hls.js: blob: media and
workers), quiz and discussion, the catalogue, My learning, the notifications, the admin's editor
with its StreamField, image chooser and preview, our own admin screens, the reports and Swagger
UI — while an inline script injected into a page of the site is refused."""

import subprocess

import imageio_ffmpeg
import pytest
from django.core.files import File
from wagtail.models import Collection

from tests.e2e.conftest import law_term, sign_in
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Records every violation the page (and each frame in it) reports, from before its first script.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push([event.effectiveDirective, event.blockedURI,
                               event.sourceFile + ":" + event.lineNumber, event.sample].join(" | "));
});
"""


class PolicyWatch:
    """Collects, for a page, the violations reported by the browser's console and the
    securitypolicyviolation events, and checks each response for the header."""

    def __init__(self, page):
        self.page = page
        self.found = []
        self.errors = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: console: {message.text}")

    def collect(self):
        """The violations the current document and its frames recorded, as a list of lines."""
        for frame in self.page.frames:
            try:
                # Read and empty in one step: Wagtail's preview replaces its frame at any moment.
                events = frame.evaluate("() => { const seen = window.__cspViolations || [];"
                                        " window.__cspViolations = []; return seen; }")
            except Exception:  # a frame gone meanwhile
                continue
            self.found.extend(f"{frame.url}: event: {line}" for line in events)

    def visit(self, url, *, wait="networkidle"):
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        policy = response.headers.get("content-security-policy")
        assert policy, f"{url} has no Content-Security-Policy header"
        self.page.wait_for_load_state(wait)
        self.collect()
        return policy

    def assert_clean(self):
        self.collect()
        assert self.found == [], "\n".join(self.found)
        assert self.errors == [], "\n".join(self.errors)


def directives(policy):
    """{"script-src": ["'self'"], ...} from a header's value."""
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture
def lecture_with_everything(settings, tmp_path):
    """LAW-1 (Li Na, xiaoli, on it) whose first lecture has a processed 6 s video, a quiz and
    the discussion below; returns (course, lecture)."""
    from lms.quizzes.models import QuestionCategory, Quiz, QuizSlot
    from lms.quizzes.services import question_save
    from lms.video import captions, services

    settings.MEDIA_ROOT = str(tmp_path / "media")
    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    _category, course, _trainee = law_term()
    source = tmp_path / "lecture.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=6",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(source)], check=True)
    teacher = UserFactory(username="laoshi", roles=("instructor",))
    with source.open("rb") as handle:
        video = services.video_create(title="依法行政", file=File(handle, name="lecture.mp4"),
                                      uploaded_by=teacher, queue=False)
    assert services.video_process_now(video).status == "ready"
    captions.caption_set(video=video, language="en",
                         data=b"WEBVTT\n\n00:00.000 --> 00:06.000\nWhat lawful administration asks\n")

    pool = QuestionCategory.objects.create(name="Administrative law")
    question_save(category=pool, tags=["law"], data={
        "qtype": "truefalse", "name": "Statement", "answer": True,
        "text": "An administrative act needs a **legal basis**.", "feedback_true": "",
        "feedback_false": "", "general_feedback": ""})
    quiz = Quiz.objects.create(course=course, title="Administrative law: check",
                               time_limit_minutes=10, attempts_allowed=2)
    QuizSlot.objects.create(quiz=quiz, position=1, draw_category=pool, draw_tag="law",
                            draw_count=1)

    lecture = course.get_children().specific().first()
    lecture.body = [("video", {"video": video, "heading": ""}),
                    *[(block.block_type, block.value) for block in lecture.body],
                    ("quiz", {"quiz": quiz, "heading": "Check your understanding"})]
    lecture.save_revision().publish()
    return course, lecture


def test_a_trainee_s_pages_run_under_the_policy(live_server, page, lecture_with_everything):
    course, lecture = lecture_with_everything
    watch = PolicyWatch(page)
    base = live_server.url

    watch.visit(f"{base}/")
    watch.visit(f"{base}/accounts/login/")
    sign_in(page, base, "xiaoli", "pass-xiaoli")
    watch.collect()
    page.locator("lms-bell[state=loaded]").wait_for(state="attached")

    watch.visit(f"{base}{course.get_parent().url}")  # the catalogue
    assert page.locator("[data-course=LAW-1]").count() == 1
    watch.visit(f"{base}{course.url}")

    # The lecture: video through hls.js (MSE blob: media, perhaps a blob: worker), quiz,
    # discussion; the outline drawer opened by its script on a wide screen.
    watch.visit(base + lecture.url, wait="load")
    assert page.locator("#course-outline").evaluate("(drawer) => drawer.open")
    player = page.locator("lms-video-player[state=ready]")
    player.wait_for()
    assert page.evaluate("() => document.querySelector('lms-video-player').video.src"
                         ".startsWith('blob:')")
    page.evaluate("() => { const v = document.querySelector('lms-video-player').video;"
                  " v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('lms-video-player').video.currentTime > 1", timeout=20000)
    page.locator("lms-quiz").wait_for()
    page.locator("lms-discussion[state=list]").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    watch.collect()

    watch.visit(f"{base}/learning/")
    watch.visit(f"{base}/learning/notifications/")
    # The language switcher submits on change (a static script, no onchange attribute).
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    watch.collect()
    watch.assert_clean()


# Our admin screens and Wagtail's own, with no arguments (the editor is visited below).
ADMIN_PATHS = [
    "/admin/", "/admin/pages/", "/admin/users/", "/admin/users/new/", "/admin/groups/",
    "/admin/images/", "/admin/documents/", "/admin/snippets/", "/admin/account/",
    "/admin/reports/locked/", "/admin/reports/site-history/", "/admin/reports/aging-pages/",
    "/admin/reports/page-types-usage/", "/admin/reports/workflow/",
    "/admin/trainee-imports/", "/admin/trainees/", "/admin/trainees/new/",
    "/admin/trainee_categories/", "/admin/work_units/", "/admin/enrolments/",
    "/admin/courses/requirements/", "/admin/courses/bulk-enrol/",
    "/admin/courses/enrolment-import/", "/admin/courses/approvals/",
    "/admin/courses/my-classes/", "/admin/courses/years/",
    "/admin/videos/", "/admin/videos/new/", "/admin/quizzes/", "/admin/question-bank/",
    "/admin/question-bank/new/", "/admin/question-bank/import/", "/admin/question-categories/",
    "/admin/quiz-grading/", "/admin/quiz-results/", "/admin/discussion-moderation/",
    "/admin/discussion-moderation/participation/", "/admin/discussion-moderation/setup/",
]


@pytest.fixture
def superuser(settings):
    from django.contrib.auth import get_user_model

    # Two-factor sign-in for superusers is lms.security's business, not this test's.
    settings.LMS_2FA_REQUIRED = []
    if not Collection.objects.exists():  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    return get_user_model().objects.create_superuser("root", "root@example.org", "pass-root")


def test_the_wagtail_admin_runs_under_the_policy(live_server, page, superuser):
    _category, course, _trainee = law_term()
    lecture = course.get_children().first()
    watch = PolicyWatch(page)
    base = live_server.url
    sign_in(page, base, "root", "pass-root")

    policies = {path: watch.visit(base + path) for path in ADMIN_PATHS}
    watch.visit(f"{base}/admin/pages/{course.get_parent().pk}/")  # the explorer, one level down

    # The year picker submits on change (a static script, no onchange attribute).
    watch.visit(f"{base}/admin/courses/requirements/")
    years = page.locator("#year-select option").evaluate_all("(options) => options.map((o) => o.value)")
    if len(years) > 1:
        other = next(year for year in years if year != page.locator("#year-select").input_value())
        with page.expect_navigation():
            page.select_option("#year-select", other)
        assert f"year={other}" in page.url

    # A course page's editor: its inline panel of sessions, date pickers, the image chooser.
    watch.visit(f"{base}/admin/pages/{course.pk}/edit/")
    page.get_by_role("button", name="Choose an image").click()
    page.locator(".modal-dialog .modal-content").first.wait_for()
    page.wait_for_load_state("networkidle")
    page.locator(".modal.in button.close").first.click()
    page.locator(".modal.in").wait_for(state="detached")
    page.get_by_role("button", name="Add class session").click()
    page.wait_for_timeout(300)
    watch.collect()

    # A lecture's editor: its StreamField, and the live preview in its same-origin iframe.
    watch.visit(f"{base}/admin/pages/{lecture.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe, .preview-panel iframe").first
    preview.locator("body").wait_for()
    page.wait_for_load_state("networkidle")
    watch.collect()
    watch.assert_clean()

    # The admin's policy lets it frame its own previews and nothing else.
    admin = directives(policies["/admin/"])
    assert admin["frame-ancestors"] == ["'self'"] and admin["object-src"] == ["'none'"]


def test_the_api_docs_run_under_the_policy(live_server, page, superuser):
    watch = PolicyWatch(page)
    sign_in(page, live_server.url, "root", "pass-root")
    watch.visit(f"{live_server.url}/api/v1/docs/", wait="load")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".swagger-ui .opblock").first.wait_for()
    page.wait_for_load_state("networkidle")
    watch.assert_clean()


def test_inline_scripts_are_refused_on_the_site(live_server, page):
    watch = PolicyWatch(page)
    policy = directives(watch.visit(f"{live_server.url}/accounts/login/"))
    for directive in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in policy.get(directive, []), policy
        assert "'unsafe-eval'" not in policy.get(directive, []), policy
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]  # as X-Frame-Options: DENY

    # What an injected <script> or onclick attribute would do, the browser refuses to run.
    ran = page.evaluate("""() => {
        window.ranInline = false;
        const script = document.createElement("script");
        script.textContent = "window.ranInline = true;";
        document.body.append(script);
        const button = document.createElement("button");
        button.setAttribute("onclick", "window.ranInline = true;");
        document.body.append(button);
        button.click();
        return window.ranInline;
    }""")
    assert ran is False
    watch.collect()
    directives_hit = {line.split(" | ")[0].rsplit(" ", 1)[-1] for line in watch.found
                      if ": event: " in line}
    assert {"script-src-elem", "script-src-attr"} <= directives_hit, watch.found
