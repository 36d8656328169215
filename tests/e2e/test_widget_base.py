"""The shared widget base (frontend/src/lib) in a real browser: Lit keeps focus and half-typed
input across updates, the API client speaks the server's error shape, sends the CSRF header and
retries only what is safe to retry, and <lms-hours-chart> draws its bars with a table for screen
readers.

The base is exercised through a test-only bundle, frontend/src/testing/lms-testing.ts, which this
module builds itself (`node build.mjs --testing`) into a temporary directory: production static
files never contain test widgets. Test pages and API answers are served with `page.route` under the
live server's origin, so the pages are same-origin with the real /jsi18n/ and /static/ files.
"""

import html
import json
import shutil
import subprocess

import pytest

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

FRONTEND = ROOT / "frontend"
CHART_BUNDLE = ROOT / "lms" / "courses" / "static" / "lms_courses" / "widgets" / "lms-hours-chart.js"
TEST_PREFIX = "/__widget-test__/"

DRAFT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Widget base</title>
<script src="/jsi18n/"></script>
<script type="module" src="/__widget-test__/lms-testing.js"></script>
</head><body>
<lms-test-draft heading="Discussion"></lms-test-draft>
<lms-test-naive-draft heading="Discussion"></lms-test-naive-draft>
</body></html>"""

CHART_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Hours chart</title>
<script src="/jsi18n/"></script>
<script type="module" src="/static/lms_courses/widgets/lms-hours-chart.js"></script>
<style>body {{ margin: 16px; }}</style>
</head><body>
<section style="max-width: 720px"><lms-hours-chart data-chart="{chart}"></lms-hours-chart></section>
</body></html>"""

CHART = {
    "labels": ["Young cadres", "Leading cadres", "Village officials"],
    "datasets": [
        {"label": "Hours done", "values": [12.5, 30, 4]},
        {"label": "Hours required", "values": [40, 50, 20]},
    ],
    "unit": "h",
}


@pytest.fixture(scope="session")
def testing_bundle(tmp_path_factory):
    """Build frontend/src/testing/ with the real build script, from the current sources."""
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / "lit").is_dir():
        pytest.fail("Node.js and frontend/node_modules are needed: run `make widgets` (or `make test`)")
    outdir = tmp_path_factory.mktemp("widgets-testing")
    result = subprocess.run([node, "build.mjs", "--testing", f"--outdir={outdir}"], cwd=FRONTEND,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


def serve(page, base_url, pages, files=None):
    """Answer {base_url}/__widget-test__/<name> from `pages` (HTML text) or `files` (a directory)."""

    def handle(route):
        name = route.request.url.split(TEST_PREFIX, 1)[1].split("?", 1)[0]
        if name in pages:
            route.fulfill(body=pages[name], content_type="text/html; charset=utf-8")
        elif files is not None and (files / name).is_file():
            route.fulfill(path=str(files / name))
        else:
            route.fulfill(status=404, body="not found")

    page.route(f"{base_url}{TEST_PREFIX}**", handle)


@pytest.fixture
def draft_page(live_server, page, testing_bundle):
    serve(page, live_server.url, {"draft.html": DRAFT_PAGE}, testing_bundle)
    page.goto(f"{live_server.url}{TEST_PREFIX}draft.html")
    page.wait_for_function(
        "!!(customElements.get('lms-test-draft') && customElements.get('lms-test-naive-draft'))")
    return page


# --- Focus and a half-typed input survive an update ------------------------------------------------

READ_DRAFT = """(tag) => {
  const host = document.querySelector(tag);
  const input = host.shadowRoot.querySelector("[data-field=draft]");
  return {
    focused: document.activeElement === host && host.shadowRoot.activeElement === input,
    value: input.value,
    caret: input.selectionStart,
    sameInput: input === window.__draftInput,
    heading: host.shadowRoot.querySelector("[data-field=heading]").textContent,
    count: host.shadowRoot.querySelector("[data-field=count]").textContent,
  };
}"""

UPDATE_FROM_OUTSIDE = """async (tag) => {
  const host = document.querySelector(tag);
  window.__draftInput = host.shadowRoot.querySelector("[data-field=draft]");
  host.heading = "Discussion (3 new replies)";  // like a poll bringing new posts
  host.replies = 3;
  await host.updateComplete;
}"""


def type_then_update(page, tag):
    """Type into the reply box (each keystroke re-renders the count), move the caret, then let new
    replies arrive from outside; return what the box looks like after that update."""
    page.locator(f"{tag} [data-field=draft]").click()
    page.keyboard.type("half-typ")
    typed = page.evaluate(READ_DRAFT, tag)
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.evaluate(UPDATE_FROM_OUTSIDE, tag)
    return typed, page.evaluate(READ_DRAFT, tag)


def test_focus_and_a_half_typed_input_survive_an_update(draft_page):
    # Checked against a naive base: with LmsElement.update() throwing the rendered DOM away first
    # (`this.renderRoot.replaceChildren(); delete this.renderRoot._$litPart$;` before
    # `super.update()`), this test fails at `typed` (count "1", value "h"); the control test below
    # runs the same steps on the old hand-written base on every run.
    page = draft_page
    typed, after = type_then_update(page, "lms-test-draft")
    assert typed["count"] == "8" and typed["value"] == "half-typ" and typed["focused"]

    assert after["heading"] == "Discussion (3 new replies)"  # the update really happened
    assert page.locator("lms-test-draft [data-field=replies]").inner_text() == "3"
    assert after["focused"], "the update took the focus away from the reply box"
    assert after["sameInput"], "the update replaced the <input> element"
    assert after["value"] == "half-typ"
    assert after["caret"] == 5  # the caret stays where the user left it

    page.keyboard.press("End")
    page.keyboard.type("ed")  # the user goes on typing without clicking back in
    done = page.evaluate(READ_DRAFT, "lms-test-draft")
    assert done["value"] == "half-typed" and done["count"] == "10" and done["focused"]


def test_control_the_same_steps_catch_a_naive_rerender(draft_page):
    """The old base (rebuild the whole shadow root on each change) fails the checks above."""
    typed, after = type_then_update(draft_page, "lms-test-naive-draft")
    assert typed["count"] == "1" and typed["value"] == "h"  # the first keystroke's re-render lost focus
    assert after["heading"] == "Discussion (3 new replies)"
    assert not after["focused"]
    assert not after["sameInput"]


# --- The API client --------------------------------------------------------------------------------

def api_call(page, body):
    """Run `body` in the page with `api` = the client module (src/lib/api.ts) and return its result."""
    return page.evaluate(
        "async (body) => { const api = await import('/__widget-test__/lms-testing.js');"
        " return await (new Function('api', 'return (async () => {' + body + '})()'))(api); }",
        body,
    )


ERROR_AS_JSON = """catch (e) {
  return {isApiError: e instanceof api.ApiError, name: e.name, status: e.status, code: e.code,
          detail: e.detail, errors: e.errors, title: e.fieldError ? e.fieldError("title") : null};
}"""


class Recorder:
    """A stubbed API endpoint: answers with `replies` in turn (the last one repeats)."""

    def __init__(self, page, url, *replies):
        self.requests = []
        self.replies = list(replies)
        page.route(url, self.handle)

    def handle(self, route):
        request = route.request
        self.requests.append({"method": request.method, "headers": request.all_headers(),
                              "body": request.post_data})
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if reply == "network-down":
            route.abort("connectionfailed")
        else:
            status, body = reply
            route.fulfill(status=status, content_type="application/json",
                          body=json.dumps(body, ensure_ascii=False))


def test_api_client_turns_a_400_into_an_api_error_and_sends_the_csrf_header(live_server, draft_page):
    page = draft_page
    page.context.add_cookies([{"name": "csrftoken", "value": "token-123", "url": live_server.url}])
    endpoint = Recorder(page, f"{live_server.url}/api/v1/test/posts/", (400, {
        "code": "invalid", "detail": "The submitted data is not valid.",
        "errors": {"title": ["This field is required."]},
    }))
    error = api_call(page, "try { await api.apiSend('/api/v1/test/posts/', 'POST', {title: ''}); }"
                           + ERROR_AS_JSON)
    assert error == {"isApiError": True, "name": "ApiError", "status": 400, "code": "invalid",
                     "detail": "The submitted data is not valid.",
                     "errors": {"title": ["This field is required."]},
                     "title": "This field is required."}
    [request] = endpoint.requests
    assert request["method"] == "POST"
    assert request["headers"]["x-csrftoken"] == "token-123"
    assert request["headers"]["content-type"] == "application/json"
    assert "csrftoken=token-123" in request["headers"].get("cookie", "")  # same-origin credentials
    assert json.loads(request["body"]) == {"title": ""}


def test_api_client_retries_a_get_after_a_503(live_server, draft_page):
    page = draft_page
    page.context.add_cookies([{"name": "csrftoken", "value": "token-123", "url": live_server.url}])
    endpoint = Recorder(page, f"{live_server.url}/api/v1/test/me/",
                        (503, {"code": "unavailable", "detail": "Back in a moment."}),
                        (200, {"id": 7, "name": "李明"}))
    result = api_call(page, "return await api.apiGet('/api/v1/test/me/');")
    assert result == {"id": 7, "name": "李明"}
    assert [r["method"] for r in endpoint.requests] == ["GET", "GET"]
    assert "x-csrftoken" not in endpoint.requests[0]["headers"]  # safe methods carry no token


def test_api_client_never_retries_a_post(live_server, draft_page):
    page = draft_page
    endpoint = Recorder(page, f"{live_server.url}/api/v1/test/answers/",
                        (503, {"code": "unavailable", "detail": "Back in a moment."}),
                        (201, {"id": 1}))
    error = api_call(page, "try { await api.apiSend('/api/v1/test/answers/', 'POST', {choice: 2}); }"
                           + ERROR_AS_JSON)
    assert (error["status"], error["code"], error["detail"]) == (503, "unavailable", "Back in a moment.")
    assert len(endpoint.requests) == 1


def test_api_client_gives_up_on_a_dead_network_and_can_be_aborted(live_server, draft_page):
    page = draft_page
    down = Recorder(page, f"{live_server.url}/api/v1/test/down/", "network-down")
    error = api_call(page, "try { await api.apiGet('/api/v1/test/down/', {retryDelay: 10}); }"
                           + ERROR_AS_JSON)
    assert (error["isApiError"], error["status"], error["code"]) == (True, 0, "network_error")
    assert len(down.requests) == 3  # one try and two retries

    busy = Recorder(page, f"{live_server.url}/api/v1/test/busy/",
                    (503, {"code": "unavailable", "detail": "Back in a moment."}))
    aborted = api_call(page, """
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const started = performance.now();
      try { await api.apiGet('/api/v1/test/busy/', {signal: controller.signal, retryDelay: 10000}); }
      catch (e) { return {abort: api.isAbortError(e), ms: performance.now() - started}; }""")
    assert aborted["abort"] and aborted["ms"] < 5000  # the wait before the retry was cut short
    assert len(busy.requests) == 1


# --- <lms-hours-chart> -----------------------------------------------------------------------------

CHART_CANVAS = "document.querySelector('lms-hours-chart').shadowRoot.querySelector('canvas')"

READ_TABLE = """() => Array.from(
  document.querySelector("lms-hours-chart").shadowRoot.querySelectorAll("table tr"),
  (tr) => Array.from(tr.children, (cell) => cell.textContent.trim()))"""

ACCENT_PIXELS = """() => {
  const canvas = document.querySelector("lms-hours-chart").shadowRoot.querySelector("canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (Math.abs(r - 0xb7) < 8 && Math.abs(g - 0x1c) < 8 && Math.abs(b - 0x1c) < 8) n++;
  }
  return n;
}"""


@pytest.fixture
def chart_page(live_server, page):
    if not CHART_BUNDLE.exists():
        pytest.fail("widgets are not built: run `make widgets` (or `make test`)")
    page.emulate_media(reduced_motion="reduce")  # no animation: the bars are drawn at once
    serve(page, live_server.url, {
        "chart.html": CHART_PAGE.format(chart=html.escape(json.dumps(CHART), quote=True)),
        "broken.html": CHART_PAGE.format(chart="{not json"),
    })
    return page


def test_hours_chart_draws_bars_with_a_table_for_screen_readers(live_server, chart_page, screenshot):
    page = chart_page
    page.goto(f"{live_server.url}{TEST_PREFIX}chart.html")
    page.locator("lms-hours-chart[state=rendered]").wait_for()
    canvas = page.locator("lms-hours-chart canvas")
    assert canvas.get_attribute("role") == "img"
    assert canvas.get_attribute("aria-label") == "Bar chart: Hours done and Hours required (h)"
    assert page.evaluate(READ_TABLE) == [
        ["", "Hours done", "Hours required"],
        ["Young cadres", "12.5 h", "40 h"],
        ["Leading cadres", "30 h", "50 h"],
        ["Village officials", "4 h", "20 h"],
    ]
    assert page.locator("lms-hours-chart caption").text_content() == canvas.get_attribute("aria-label")
    box = canvas.bounding_box()
    assert box["width"] > 600 and 150 <= box["height"] <= 320
    assert page.evaluate(ACCENT_PIXELS) > 200, "no 'Hours done' bars drawn in the accent colour"
    screenshot(page, "hours-chart")

    # New numbers: the same canvas is redrawn and the table follows.
    page.evaluate(f"window.__canvas = {CHART_CANVAS}")
    changed = dict(CHART, labels=["Young cadres"], datasets=[
        {"label": "Hours done", "values": [39]}, {"label": "Hours required", "values": [40]}])
    page.evaluate("async (json) => { const el = document.querySelector('lms-hours-chart');"
                  " el.setAttribute('data-chart', json); await el.updateComplete; }", json.dumps(changed))
    assert page.evaluate(READ_TABLE) == [["", "Hours done", "Hours required"],
                                         ["Young cadres", "39 h", "40 h"]]
    assert page.evaluate(f"window.__canvas === {CHART_CANVAS}")

    # Responsive: a phone-width window shrinks the chart with it.
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function(f"{CHART_CANVAS}.getBoundingClientRect().width <= 340")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_hours_chart_says_so_when_the_data_is_broken(live_server, chart_page):
    page = chart_page
    page.goto(f"{live_server.url}{TEST_PREFIX}broken.html")
    page.locator("lms-hours-chart[state=error]").wait_for()
    message = page.locator("lms-hours-chart [data-field=message]")
    assert message.inner_text() == "The chart data could not be read."
    assert page.locator("lms-hours-chart canvas").count() == 0
