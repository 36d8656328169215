"""Browser-test harness: Playwright for Python driving Debian's Chromium against a live server."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (creating users) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _widgets_are_built():
    bundle = ROOT / "lms" / "core" / "static" / "core" / "widgets" / "lms-me.js"
    if not bundle.exists():
        pytest.fail("widgets are not built: run `make widgets` (or `make test`)")


@pytest.fixture(autouse=True)
def _home_page(transactional_db):
    """Transactional tests flush the pages the migrations made; put the home page back."""
    from lms.core.services import home_page_ensure

    home_page_ensure()


def law_term(**course_fields):
    """A young cadre owing 20 hours this year, Li Na (xiaoli, password pass-xiaoli), with LAW-1
    (Administrative law, 6 hours, three lectures) required of her and her plan synced; returns
    (category, course, trainee)."""
    from lms.courses.services import plan_sync_required
    from tests.lms.core.factories import CategoryFactory, UserFactory
    from tests.lms.courses.factories import catalogue_page, make_course, require

    category = CategoryFactory(name="Young cadres", slug="young-cadres",
                               annual_required_hours=Decimal("20"),
                               min_elective_hours=Decimal("0"))
    course = require(make_course("LAW-1", title="Administrative law", hours="6", lectures=3,
                                 **course_fields), category, kind="required").course
    catalogue_page()
    trainee = UserFactory(username="xiaoli", first_name="Li Na", category=category)
    plan_sync_required(user=trainee)
    return category, course, trainee


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's violations of these impacts on the page as it stands (axe-core comes from npm
    with the widgets' dev dependencies: `make widgets` installs it)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make widgets` (npm ci in frontend/)")
    # Evaluated through the DevTools protocol: a <script> tag with axe's code in it would be an
    # inline script, which the site's Content-Security-Policy refuses.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        }));
    }""")
    return [violation for violation in found if violation["impact"] in impacts]
